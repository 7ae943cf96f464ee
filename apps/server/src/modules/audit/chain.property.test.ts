import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';
import { appendStoredEvent, auditHash, storableEvent, verifyAuditChain } from './repo.ts';

/**
 * Whatever spelling of its inputs the API accepts, the audit chain still verifies afterwards: ids in any mix of
 * upper and lower case, any Unicode text (the API may refuse some with a 400, never with a broken lane), and
 * audit details holding any string, number or date.
 */
describe('the audit chain, whatever the spelling of the inputs', () => {
  const server = useTestServer();
  let worker: Session;
  let admin: Session;
  let own: { caseId: string; familyId: string; personId: string };

  beforeAll(async () => {
    worker = await server.login('worker');
    admin = await server.login('admin');
    const theCase = await server.db
      .selectFrom('cases')
      .select(['id', 'family_id'])
      .where('assigned_user_id', '=', worker.userId)
      .where('status', '!=', 'closed')
      .executeTakeFirstOrThrow();
    const person = await server.db.selectFrom('persons').select('id').where('family_id', '=', theCase.family_id).executeTakeFirstOrThrow();
    own = { caseId: theCase.id, familyId: theCase.family_id, personId: person.id };
  });

  /**
   * The links broken since the previous call: a broken lane stays broken, so each run is judged on what it broke
   * itself, and a shrunk counterexample is one that breaks the chain.
   */
  let brokenBefore = 0;
  const newlyBroken = async () => {
    const report = await verifyAuditChain(server.db);
    const broken = report.lanes.reduce((n, lane) => n + lane.broken.length, 0);
    const fresh = broken - brokenBefore;
    brokenBefore = broken;
    return fresh;
  };
  /** The id with each letter in upper or lower case. */
  const spelled = (id: string) => fc.mixedCase(fc.constant(id));
  /** Any text: any Unicode graphemes, or any UTF-16 code units (NUL, controls and lone surrogates included). */
  const anyText = fc.oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
  );
  const today = () => new Date().toISOString().slice(0, 10);

  it('reads cases, families, persons, users and organisations by ids in any case', async () => {
    await fc.assert(
      fc.asyncProperty(
        spelled(own.caseId),
        spelled(own.familyId),
        spelled(own.personId),
        spelled(worker.userId),
        spelled(worker.organisationId),
        async (caseId, familyId, personId, workerId, organisationId) => {
          const reads: [Session, string][] = [
            ...[
              `/api/cases/${caseId}`,
              `/api/cases/${caseId}/timeline`,
              `/api/cases/${caseId}/contacts`,
              `/api/cases/${caseId}/attachments`,
              `/api/cases/${caseId}/assessments`,
              `/api/cases/${caseId}/screening`,
              `/api/cases/${caseId}/consents`,
              `/api/cases/${caseId}/plans`,
              `/api/cases?familyId=${familyId}`,
              `/api/families/${familyId}`,
              `/api/persons/${personId}/duplicates`,
            ].map((url): [Session, string] => [worker, url]),
            [admin, `/api/users/${workerId}`],
            [admin, `/api/organisations/${organisationId}`],
            [admin, `/api/audit?entityId=${caseId}&limit=1`],
          ];
          for (const [session, url] of reads) {
            const response = await server.as(session, { method: 'GET', url });
            expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
          }
          expect(await newlyBroken()).toBe(0);
        },
      ),
      { numRuns: 10 },
    );
  });

  it('writes through ids in any case with any text, and searches for any text', async () => {
    await fc.assert(
      fc.asyncProperty(
        spelled(own.caseId),
        spelled(own.familyId),
        spelled(own.personId),
        anyText,
        async (caseId, familyId, personId, text) => {
          const family = await server.db.selectFrom('families').select('version').where('id', '=', own.familyId).executeTakeFirstOrThrow();
          const person = await server.db.selectFrom('persons').select('version').where('id', '=', own.personId).executeTakeFirstOrThrow();
          const q = encodeURIComponent(text);
          const requests = [
            { method: 'PATCH', url: `/api/families/${familyId}`, payload: { version: family.version, notes: text } },
            { method: 'PATCH', url: `/api/persons/${personId}`, payload: { version: person.version, sex: 'female', patronymic: text } },
            { method: 'POST', url: `/api/cases/${caseId}/contacts`, payload: { kind: 'phone', date: today(), text } },
            { method: 'POST', url: `/api/cases/${caseId}/tasks`, payload: { title: text, dueDate: today() } },
            { method: 'GET', url: `/api/persons?q=${q}` },
            { method: 'GET', url: `/api/cases?q=${q}` },
          ] as const;
          for (const request of requests) {
            const response = await server.as(worker, request);
            // Accepted, or refused as bad input; a conflict or a crash would be a failure of its own.
            expect([200, 201, 400], `${request.method} ${request.url}: ${response.body}`).toContain(response.statusCode);
          }
          expect(await newlyBroken()).toBe(0);
        },
      ),
      { numRuns: 12 },
    );
  });

  /** Strings with any UTF-16 code unit, lone surrogates and NUL included. */
  const anyString = fc.string({ unit: 'binary', maxLength: 12 });
  const anyDetail = fc.anything({
    key: anyString,
    values: [anyString, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.date()],
    maxDepth: 3,
    maxKeys: 4,
  });

  it('stores the event exactly as it hashed it, whatever the details, ids and text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(anyString, anyDetail, { maxKeys: 5 }),
        fc.option(fc.mixedCase(fc.uuid())),
        fc.option(anyString),
        anyString,
        async (details, entityId, ip, action) => {
          const event = storableEvent({ actorId: worker.userId.toUpperCase(), action, entityType: 'case', entityId, ip, details });
          await server.db.transaction().execute((trx) => appendStoredEvent(trx, event));
          const stored = await server.db.selectFrom('audit_events').selectAll().where('id', '=', event.id).executeTakeFirstOrThrow();
          // The stored form is the one hashed before the insert: the correction after it was not needed.
          expect({
            at: stored.at.toISOString(),
            actorId: stored.actor_id,
            action: stored.action,
            entityId: stored.entity_id,
            ip: stored.ip,
            details: stored.details,
          }).toEqual({
            at: event.at.toISOString(),
            actorId: event.actorId,
            action: event.action,
            entityId: event.entityId,
            ip: event.ip,
            details: event.details,
          });
          expect(stored.hash).toBe(auditHash(stored.prev_hash, event, stored.lane));
        },
      ),
      { numRuns: 150 },
    );
    expect(await newlyBroken()).toBe(0);
  });
});
