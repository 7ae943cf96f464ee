import { tasksQuery } from '@hamkor/domain';
import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../src/lib/context.ts';
import { newId } from '../src/lib/ids.ts';
import { getScreening } from '../src/modules/assessments/screening.ts';
import { getAssessment } from '../src/modules/assessments/service.ts';
import { getCase } from '../src/modules/cases/service.ts';
import { listConsents } from '../src/modules/consents/service.ts';
import { getFamily } from '../src/modules/families/service.ts';
import { listInstruments } from '../src/modules/instruments/service.ts';
import { getPlan } from '../src/modules/plans/service.ts';
import { getReferral } from '../src/modules/referrals/service.ts';
import { getService } from '../src/modules/services/service.ts';
import { readRecords } from '../src/modules/sync/batch.ts';
import { PULLED, type PulledEntity } from '../src/modules/sync/pull.ts';
import { listTasks } from '../src/modules/tasks/service.ts';
import { useTestServer } from './harness.ts';

type Change = { entity: PulledEntity; id: string; version: number; data: Record<string, unknown> };

/** Each record as the use case of its own GET route reads it, one by one: what the pull must send. */
async function perRecord(ctx: RequestContext, entity: PulledEntity, id: string, caseId: string | undefined): Promise<unknown> {
  switch (entity) {
    case 'instrument':
      return (await listInstruments(ctx)).items.find((item) => item.id === id);
    case 'service':
      return getService(ctx, id);
    case 'family':
      return getFamily(ctx, id);
    case 'case':
      return getCase(ctx, id);
    case 'screening': {
      const reply = await getScreening(ctx, id);
      return { ...reply, version: reply.screening?.version ?? null };
    }
    case 'assessment':
      return getAssessment(ctx, id);
    case 'plan':
      return getPlan(ctx, id);
    case 'task':
      return (await listTasks(ctx, tasksQuery.parse({ caseId, status: 'open', limit: 100 }))).items.find((item) => item.id === id);
    case 'consent':
      return (await listConsents(ctx, caseId as string)).items.find((item) => item.id === id);
    case 'referral':
      return getReferral(ctx, id);
  }
}

// Ignores what depends on the moment of reading (a task's or a referral's overdue flag is computed against now).
const json = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('the offline pull reads each kind of record for a whole page at once', () => {
  const server = useTestServer();

  it('sends every kind of record in exactly the shape its own route reads it in', async () => {
    const worker = await server.login('worker');
    const ctx: RequestContext = { actor: await server.actor('worker'), db: server.db, locale: 'uz-Latn', ip: null };
    const pull = async () => {
      const answer = await server.as(worker, { method: 'GET', url: '/api/sync/pull?limit=5000' });
      expect(answer.statusCode, answer.body).toBe(200);
      return answer.json().changes as Change[];
    };
    // The demo worker's set has every kind, a case waiting for an approval, a plan with problem domains and
    // sent referrals; a returned assessment with its comments and a consent naming an organisation are added.
    const draft = (await pull()).find((change) => change.entity === 'assessment' && change.data.status === 'draft');
    if (!draft) throw new Error('no draft assessment in the offline set');
    const theCase = await server.db
      .selectFrom('cases')
      .select(['id', 'region_code', 'supervisor_id'])
      .where('id', '=', draft.data.caseId as string)
      .executeTakeFirstOrThrow();
    await server.db.updateTable('assessments').set({ status: 'returned' }).where('id', '=', draft.id).execute();
    for (const [comment, daysAgo] of [
      ['Eski izoh', 3],
      ['Qayta koʻrib chiqing', 1],
    ] as const)
      await server.db
        .insertInto('approvals')
        .values({
          id: newId(),
          case_id: theCase.id,
          region_code: theCase.region_code,
          kind: 'assessment',
          status: 'returned',
          requested_by: worker.userId,
          requested_at: new Date(Date.now() - 5 * 86_400_000),
          payload: JSON.stringify({ assessmentId: draft.id }),
          comment,
          decided_by: theCase.supervisor_id,
          decided_at: new Date(Date.now() - daysAgo * 86_400_000),
        })
        .execute();
    await server.db
      .updateTable('consents')
      .set({ scope_organisation_ids: [worker.organisationId] })
      .where(
        'case_id',
        'in',
        (await pull()).filter((change) => change.entity === 'case').map((change) => change.id),
      )
      .execute();

    const changes = await pull();
    expect(new Set(changes.map((change) => change.entity))).toEqual(new Set(PULLED));
    expect(changes.find((change) => change.id === draft.id)?.data.returnComment).toBe('Qayta koʻrib chiqing');
    expect(changes.some((change) => change.entity === 'consent' && (change.data.scopeOrganisations as unknown[]).length > 0)).toBe(true);

    for (const change of changes) {
      const data = change.data as { caseId?: string };
      const expected = await perRecord(ctx, change.entity, change.id, data.caseId);
      expect(json(change.data), `${change.entity} ${change.id}`).toEqual(json(expected));
    }
  });

  it('leaves out the records of a case the worker may not read, as its route answers 404', async () => {
    const ctx: RequestContext = { actor: await server.actor('worker'), db: server.db, locale: 'uz-Latn', ip: null };
    const stranger = await server.db
      .selectFrom('cases')
      .select(['id', 'family_id'])
      .where('organisation_id', '<>', ctx.actor.organisationId)
      .executeTakeFirstOrThrow();
    await expect(getCase(ctx, stranger.id)).rejects.toThrow();
    const read = await server.db.transaction().execute((trx) =>
      readRecords(
        ctx,
        trx,
        [
          { entity: 'case', id: stranger.id },
          { entity: 'screening', id: stranger.id },
          { entity: 'family', id: stranger.family_id },
        ],
        new Map(),
      ),
    );
    expect([...read.keys()]).toEqual([]);
  });
});
