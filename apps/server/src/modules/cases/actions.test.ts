import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';
import { newId } from '../../lib/ids.ts';
import { multipart, PNG_BYTES } from '../attachments/test-fixtures.ts';

/**
 * A case and each of its attachments say what the reader may do to them, as the access policy decides: the
 * web shows its buttons from these lists instead of guessing from the reader's roles.
 */
const server = useTestServer();
let sessions: Record<'worker' | 'supervisor' | 'admin' | 'colleague', Session>;
let caseId: string;

beforeAll(async () => {
  const db = server.db;
  const worker = await db.selectFrom('users').selectAll().where('username', '=', 'worker').executeTakeFirstOrThrow();
  const supervisor = await db.selectFrom('users').select('id').where('username', '=', 'supervisor').executeTakeFirstOrThrow();
  const theCase = await db
    .selectFrom('cases')
    .select('id')
    .where('assigned_user_id', '=', worker.id)
    .where('supervisor_id', '=', supervisor.id)
    .where('status', '<>', 'closed')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  caseId = theCase.id;
  // Another supervisor of the same organisation, who reads its cases but supervises none of this worker's.
  await db
    .insertInto('users')
    .values({
      ...worker,
      id: newId(),
      username: 'colleague',
      display_name: 'Boshqa rahbar',
      roles: ['supervisor'],
      scope_level: 'organisation',
      supervisor_id: null,
      pinfl: null,
      version: 1,
    })
    .execute();
  sessions = {
    worker: await server.login('worker'),
    supervisor: await server.login('supervisor'),
    admin: await server.login('admin'),
    colleague: await server.login('colleague'),
  };
});

describe('allowed actions', () => {
  it('lists assign and approve for the case supervisor and an admin, not for the worker or another supervisor', async () => {
    const actionsOf = async (who: keyof typeof sessions) => {
      const response = await server.as(sessions[who], { method: 'GET', url: `/api/cases/${caseId}` });
      expect(response.statusCode, who).toBe(200);
      return response.json().actions;
    };
    const staff = ['edit', 'transition', 'record_contact', 'close'];
    expect(await actionsOf('worker')).toEqual([...staff, 'transfer', 'share']);
    expect(await actionsOf('supervisor')).toEqual([...staff, 'assign', 'approve', 'transfer', 'share']);
    expect(await actionsOf('admin')).toEqual([...staff, 'assign', 'approve', 'transfer', 'share']);
    expect(await actionsOf('colleague')).toEqual([...staff, 'transfer', 'share']);
  });

  it('lets the uploader and a supervisor archive an attachment, and not a worker who did not upload it', async () => {
    const upload = async (who: keyof typeof sessions, name: string) => {
      const response = await server.as(sessions[who], {
        method: 'POST',
        url: `/api/cases/${caseId}/attachments`,
        ...multipart({ name, type: 'image/png', data: PNG_BYTES }),
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().actions).toEqual(['archive']);
      return response.json().id as string;
    };
    const mine = await upload('worker', 'worker.png');
    const theirs = await upload('supervisor', 'supervisor.png');
    const listed = async (who: keyof typeof sessions) => {
      const response = await server.as(sessions[who], { method: 'GET', url: `/api/cases/${caseId}/attachments` });
      const items = response.json().items as { id: string; actions: string[] }[];
      return Object.fromEntries(items.filter((item) => [mine, theirs].includes(item.id)).map((item) => [item.id, item.actions]));
    };
    expect(await listed('worker')).toEqual({ [mine]: ['archive'], [theirs]: [] });
    expect(await listed('supervisor')).toEqual({ [mine]: ['archive'], [theirs]: ['archive'] });
  });
});
