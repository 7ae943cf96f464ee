import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Conflict } from '@hamkor/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase, TEST_PASSWORD } from '../../../test/databases.ts';
import { buildApp } from '../../app.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { withTx } from '../../db/transactions.ts';
import type { RequestContext } from '../../lib/context.ts';
import { contextOf } from '../../plugins/auth.ts';
import { resolveSession } from '../auth/service.ts';
import { toActor } from '../users/repo.ts';
import { uploadAttachment } from './service.ts';
import { AttachmentStore } from './storage.ts';
import { multipart, PNG_BYTES } from './test-fixtures.ts';

/** Every file under the store, staged ones included. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/**
 * An upload whose transaction was opened around it (a request with an Idempotency-Key, a command inside
 * another) and rolls back after the upload is done leaves neither a row nor a file.
 */
describe('an attachment in a transaction that fails after the upload', () => {
  let app: FastifyInstance;
  let database: DatabaseHandle;
  let dir: string;
  let store: AttachmentStore;
  let session: { cookie: string; csrf: string };
  let caseId: string;

  beforeAll(async () => {
    database = await freshDatabase(inject('databaseTemplate'));
    dir = await mkdtemp(join(tmpdir(), 'hamkor-orphans-'));
    store = new AttachmentStore(dir);
    app = await buildApp({ database, attachmentsDir: dir });
    // A route that uploads and then refuses: what a later step of a larger request failing looks like.
    app.post('/api/cases/:id/attachments-then-refused', async (request) => {
      const ctx = contextOf(request, database.db);
      await uploadAttachment(ctx, store, (request.params as { id: string }).id, async () => ({
        data: PNG_BYTES,
        fileName: 'rasm.png',
        contactId: undefined,
      }));
      throw new Conflict('refused_after_upload');
    });
    await app.ready();
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'worker', password: TEST_PASSWORD } });
    const cookie = login.cookies.find((c) => c.name === 'hamkor_session');
    session = { cookie: `hamkor_session=${cookie?.value}`, csrf: login.json().csrfToken };
    const found = await app.inject({
      method: 'GET',
      url: '/api/cases?q=Tursunova',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    });
    caseId = found.json().items[0].id;
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const attachmentsOfCase = async () =>
    (await database.db.selectFrom('attachments').select('id').where('case_id', '=', caseId).execute()).length;

  it('is kept, file and row, when the request commits', async () => {
    const before = (await filesUnder(dir)).length;
    const form = multipart({ name: 'rasm.png', type: 'image/png', data: PNG_BYTES });
    const answer = await app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/attachments`,
      payload: form.payload,
      headers: {
        ...form.headers,
        cookie: session.cookie,
        'x-csrf-token': session.csrf,
        'idempotency-key': randomUUID(),
      },
    });
    expect(answer.statusCode, answer.body).toBe(201);
    expect((await filesUnder(dir)).length).toBe(before + 1);
  });

  it('leaves no file when a request with an Idempotency-Key fails after the upload', async () => {
    const [files, rows] = [await filesUnder(dir), await attachmentsOfCase()];
    const answer = await app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/attachments-then-refused`,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'idempotency-key': randomUUID() },
    });
    expect(answer.statusCode, answer.body).toBe(409);
    expect(await attachmentsOfCase()).toBe(rows);
    expect(await filesUnder(dir)).toEqual(files);
  });

  it('leaves no file when an outer transaction rolls back after the upload', async () => {
    const [files, rows] = [await filesUnder(dir), await attachmentsOfCase()];
    const signedIn = await resolveSession(database.db, decodeURIComponent(session.cookie.split('=')[1] ?? ''));
    if (!signedIn) throw new Error('no session for the worker');
    const actor = toActor(signedIn.user, signedIn.territories);
    const outer = withTx(database.db, async (trx) => {
      const ctx: RequestContext = { actor, db: trx, locale: 'uz-Latn', ip: null };
      await uploadAttachment(ctx, store, caseId, async () => ({ data: PNG_BYTES, fileName: 'rasm.png', contactId: undefined }));
      throw new Error('a later step fails');
    });
    await expect(outer).rejects.toThrow('a later step fails');
    expect(await attachmentsOfCase()).toBe(rows);
    expect(await filesUnder(dir)).toEqual(files);
  });
});
