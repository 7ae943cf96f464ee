import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '@hamkor/domain';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, inject } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { DatabaseHandle, Db } from '../src/db/database.ts';
import { replicaOf } from '../src/db/replica.ts';
import type { VersionedTable } from '../src/db/versioned.ts';
import { resolveSession } from '../src/modules/auth/service.ts';
import { toActor } from '../src/modules/users/repo.ts';
import { freshDatabase, TEST_PASSWORD } from './databases.ts';

export { TEST_PASSWORD };

export type Session = { cookie: string; csrfToken: string; userId: string; organisationId: string };

export type TestServer = {
  app: FastifyInstance;
  db: Db;
  database: DatabaseHandle;
  routes: { method: string; url: string; public: boolean }[];
  /** A fresh temporary directory holding this file's attachment files. */
  attachmentsDir: string;
  login(username: string, password?: string): Promise<Session>;
  /** The actor a demo account signs in as, for calling services directly. */
  actor(username: string): Promise<Actor>;
  /** app.inject with the session's cookie and CSRF header. */
  as(session: Session | null, options: InjectOptions): ReturnType<FastifyInstance['inject']>;
  /** The version a record has now: what a client that has just read it sends with an edit. */
  versionOf(table: VersionedTable, id: string): Promise<number>;
};

/** The routes whose reads `readDb` sends to the replica: dashboards, reports, person search, my families. */
const READ_ON_REPLICA = /^\/api\/(dashboards|reports)\/|^\/api\/persons\?|^\/api\/families(\?|$)/;

/** Starts the real app on a fresh copy of the test database for the current test file. */
export function useTestServer(): TestServer {
  const server = {} as TestServer;
  beforeAll(async () => {
    const database = await freshDatabase(inject('databaseTemplate'));
    const routes: TestServer['routes'] = [];
    const attachmentsDir = await mkdtemp(join(tmpdir(), 'hamkor-attachments-'));
    const app = await buildApp({
      database,
      attachmentsDir,
      onRoute: (route) => {
        for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url, public: route.public });
      },
    });
    // With a read replica (TEST_DATABASE_READ_URL), a read the app may serve from it waits until it has replayed
    // what the test wrote so far, directly or through the app: the test reads back what it wrote.
    const replica = replicaOf(database.db);
    if (replica)
      app.addHook('onRequest', async (request) => {
        if (request.method === 'GET' && READ_ON_REPLICA.test(request.url)) await replica.waitForReplay();
      });
    await app.ready();
    Object.assign(server, {
      app,
      db: database.db,
      database,
      routes,
      attachmentsDir,
      async login(username: string, password = TEST_PASSWORD) {
        const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
        if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
        const cookie = response.cookies.find((c) => c.name === 'hamkor_session');
        const body = response.json();
        return {
          cookie: `hamkor_session=${cookie?.value}`,
          csrfToken: body.csrfToken,
          userId: body.user.id,
          organisationId: body.user.organisationId,
        };
      },
      async actor(username: string) {
        const { cookie } = await this.login(username);
        const session = await resolveSession(database.db, decodeURIComponent(cookie.split('=')[1] ?? ''));
        if (!session) throw new Error(`no session for ${username}`);
        return toActor(session.user, session.territories);
      },
      as(session: Session | null, options: InjectOptions) {
        const headers = { ...(options.headers ?? {}) } as Record<string, string>;
        if (session) {
          headers.cookie = session.cookie;
          headers['x-csrf-token'] = session.csrfToken;
        }
        return app.inject({ ...options, headers });
      },
      async versionOf(table: VersionedTable, id: string) {
        // One query over any versioned table; the parameter's type keeps it to those.
        const db = database.db as unknown as Kysely<Record<string, { id: string; version: number }>>;
        const row = await db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow();
        return row.version;
      },
    });
  });
  afterAll(async () => {
    await server.app?.close();
    await server.database?.close();
    if (server.attachmentsDir) await rm(server.attachmentsDir, { recursive: true, force: true });
  });
  return server;
}

/**
 * A database that only opens transactions: a use case that reads or writes through it outside the transaction
 * it opens (a check made before its write, which may act on state that changes meanwhile) fails here.
 */
export function transactionsOnly(db: Db): Db {
  return new Proxy(db, {
    get(target, property) {
      if (property === 'isTransaction') return target.isTransaction;
      if (property === 'transaction') return () => target.transaction();
      throw new Error(`read outside the transaction: db.${String(property)}`);
    },
  });
}
