import type { Db } from '../db/database.ts';

export type ModuleOptions = { db: Db };
