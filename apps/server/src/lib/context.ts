import type { Actor, Locale } from '@hamkor/domain';
import type { Db } from '../db/database.ts';

/** What a service needs to know about the request it serves. The signed-in actor comes first. */
export type RequestContext = {
  actor: Actor;
  db: Db;
  locale: Locale;
  ip: string | null;
};

/** For work done outside a request (CLI, demo seeding): no address, a system actor or none. */
export type SystemContext = Omit<RequestContext, 'actor'> & {
  actor: Actor | null;
};
