import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { foldForSearch } from '@hamkor/domain';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';
import { commitment } from '../../lib/audit.ts';
import { multipart, PNG_BYTES } from '../attachments/test-fixtures.ts';
import { planReferralFixtures } from '../referrals/test-fixtures.ts';
import { runRetention } from './service.ts';

describe('retention and erasure', () => {
  const server = useTestServer();
  let admin: Session;
  let admin2: Session;
  let supervisor: Session;
  let worker: Session;
  const post = (session: Session, url: string, payload: object = {}) => server.as(session, { method: 'POST', url, payload });
  const get = (session: Session, url: string) => server.as(session, { method: 'GET', url });

  beforeAll(async () => {
    admin = await server.login('admin');
    admin2 = await server.login('admin2');
    supervisor = await server.login('supervisor');
    worker = await server.login('worker');
  });

  /** Everything a family's file gathers, under names found nowhere else; the family's last case closed 11 years ago. */
  async function oldFamily(digits: string) {
    // Names take letters only: the digits spelled as letters make them unique.
    const tag = [...digits].map((d) => 'bdfghjklmn'[Number(d)]).join('');
    const names = {
      surname: `Unutilova${tag}`,
      given: `Sevara${tag}`,
      phone: `+99890${digits.padStart(7, '0')}`,
      note: `Yashirin izoh ${tag}`,
    };
    const registered = await post(worker, '/api/families', {
      districtCode: '1722226',
      mahallaCode: '1722226-001',
      address: `Navbahor MFY, ${names.surname} koʻchasi, 3-uy`,
      phone: names.phone,
      identificationSource: 'mahalla_social_worker',
      members: [
        {
          surname: names.surname,
          givenName: names.given,
          sex: 'female',
          relationship: 'head',
          birthDate: '1980-02-03',
          pinfl: '41234567890123',
        },
        { surname: names.surname, givenName: `Bola${tag}`, sex: 'male', relationship: 'child', birthDate: '2014-06-07' },
      ],
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const familyId = registered.json().id as string;
    const headId = registered.json().members[0].id as string;
    // A PINFL corrected: the old one is kept as the event's personal field.
    const corrected = await server.as(worker, {
      method: 'PATCH',
      url: `/api/persons/${headId}`,
      payload: { version: await server.versionOf('persons', headId), pinfl: '51234567890123' },
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const opened = await post(worker, '/api/cases', { familyId, identificationSource: 'school', reason: `Sabab ${names.note}` });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId = opened.json().id as string;
    await post(worker, `/api/cases/${caseId}/transition`, { to: 'assessment', version: await server.versionOf('cases', caseId) });
    const contact = await post(worker, `/api/cases/${caseId}/contacts`, { kind: 'home_visit', date: '2026-01-20', text: names.note });
    expect(contact.statusCode, contact.body).toBe(201);
    // A consent and a referral sent under it (a referral must name its consent: erasing it may not clear that).
    const referrals = await planReferralFixtures(server, worker, {
      caseId,
      personId: headId,
      workerId: worker.userId,
      newCase: () => Promise.reject(new Error('not used')),
    });
    await referrals.referral();
    const file = multipart({ name: `${names.surname}.png`, type: 'image/png', data: PNG_BYTES });
    const attached = await server.as(worker, { method: 'POST', url: `/api/cases/${caseId}/attachments`, ...file });
    expect(attached.statusCode, attached.body).toBe(201);
    const closing = await post(worker, `/api/cases/${caseId}/close`, {
      reason: 'goals_achieved',
      outcome: `Natija ${names.note}`,
      version: await server.versionOf('cases', caseId),
    });
    expect(closing.statusCode, closing.body).toBe(200);
    const approval = await server.db
      .selectFrom('approvals')
      .select(['id', 'version'])
      .where('case_id', '=', caseId)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    const closed = await post(supervisor, `/api/approvals/${approval.id}/decision`, { decision: 'approve' });
    expect(closed.statusCode, closed.body).toBe(200);
    // Eleven years ago (the schedule keeps closed cases ten).
    await sql`UPDATE cases SET closed_at = now() - interval '11 years' WHERE id = ${caseId}`.execute(server.db);
    await sql`UPDATE families SET updated_at = now() - interval '11 years' WHERE id = ${familyId}`.execute(server.db);
    const storageKey = (
      await server.db.selectFrom('attachments').select('storage_key').where('case_id', '=', caseId).executeTakeFirstOrThrow()
    ).storage_key;
    return { names, familyId, headId, caseId, storageKey };
  }

  /** Every table whose rows, as text, contain the value. */
  async function tablesHolding(value: string): Promise<string[]> {
    const { rows } = await sql<{ table: string }>`
      SELECT table_name::text AS table FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(server.db);
    const found: string[] = [];
    for (const { table } of rows) {
      const { rows: hits } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM ${sql.id(table)} t WHERE t::text ILIKE ${`%${value}%`}`.execute(server.db);
      if ((hits[0]?.n ?? 0) > 0) found.push(table);
    }
    return found;
  }

  it('erases a due family on a second administrator’s approval, leaves the audit chain intact and the names nowhere', async () => {
    const family = await oldFamily('4711');
    expect(await tablesHolding(family.names.surname)).toEqual(expect.arrayContaining(['persons', 'attachments']));
    // The folded words of the names, as the search keys and the vocabulary of name words hold them.
    const words = foldForSearch(`${family.names.surname} ${family.names.given}`).split(' ');
    for (const word of words) expect(await tablesHolding(word), word).toEqual(expect.arrayContaining(['persons', 'person_name_words']));
    // The replaced PINFL: a keyed commitment in the chain, the clear value beside it.
    expect(await tablesHolding('41234567890123')).toEqual(['audit_personal_values']);
    const corrected = await server.db
      .selectFrom('audit_events')
      .select(['id', 'details'])
      .where('action', '=', 'person.update')
      .where('entity_id', '=', family.headId)
      .executeTakeFirstOrThrow();
    expect(corrected.details.previousPinfl).toBe(commitment('41234567890123'));
    expect(corrected.details.previousPinfl).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);

    const due = await get(admin, '/api/retention/due');
    expect(due.statusCode, due.body).toBe(200);
    expect(due.json().items).toContainEqual(expect.objectContaining({ familyId: family.familyId, held: false, proposalId: null }));

    const proposed = await post(admin, '/api/retention/proposals', { familyId: family.familyId });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const proposal = proposed.json();
    expect(proposal).toMatchObject({ status: 'pending', proposedBy: { id: admin.userId } });
    expect(proposal.items.cases).toEqual([expect.objectContaining({ id: family.caseId })]);
    expect(proposal.items).toMatchObject({
      attachments: 1,
      counts: expect.objectContaining({ persons: 2, cases: 1, contacts: 1, consents: 1, referrals: 1 }),
    });
    expect(JSON.stringify(proposal)).not.toContain(family.names.surname);

    // Twice: 409. The proposer cannot approve their own; a supervisor does not even see it.
    expect((await post(admin, '/api/retention/proposals', { familyId: family.familyId })).json().error.code).toBe('erasure_pending');
    const own = await post(admin, `/api/approvals/${proposal.approvalId}/decision`, { decision: 'approve' });
    expect(own.statusCode).toBe(409);
    expect(own.json().error.code).toBe('erasure_own_proposal');
    expect((await post(supervisor, `/api/approvals/${proposal.approvalId}/decision`, { decision: 'approve' })).statusCode).toBe(404);

    const approved = await post(admin2, `/api/approvals/${proposal.approvalId}/decision`, { decision: 'approve' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ kind: 'erasure', caseId: null, status: 'approved', decidedBy: admin2.userId });

    expect((await get(admin, `/api/families/${family.familyId}`)).statusCode).toBe(404);
    expect((await get(admin, `/api/cases/${family.caseId}`)).statusCode).toBe(404);
    expect(existsSync(join(server.attachmentsDir, family.storageKey))).toBe(false);
    for (const value of [
      family.names.surname,
      family.names.given,
      family.names.phone,
      family.names.note,
      '41234567890123',
      '51234567890123',
      ...words,
    ])
      expect(await tablesHolding(value), value).toEqual([]);

    const erased = await server.db
      .selectFrom('audit_events')
      .select(['actor_id', 'entity_id', 'details'])
      .where('action', '=', 'record.erased')
      .where('entity_id', '=', family.familyId)
      .executeTakeFirstOrThrow();
    expect(erased.actor_id).toBe(admin2.userId);
    expect(erased.details).toMatchObject({
      proposalId: proposal.id,
      caseIds: [family.caseId],
      personIds: expect.arrayContaining([family.headId]),
    });
    // The event that held the PINFL still holds its commitment, and verifies; its clear value is gone.
    expect(await server.db.selectFrom('audit_personal_values').select('value').where('event_id', '=', corrected.id).execute()).toEqual([]);
    const verify = await get(admin, '/api/audit/verify');
    expect(verify.statusCode).toBe(200);
    expect(verify.json().intact).toBe(true);
    const listed = (await get(admin, '/api/retention/proposals?status=erased')).json().items;
    expect(listed).toContainEqual(expect.objectContaining({ id: proposal.id, decidedBy: expect.objectContaining({ id: admin2.userId }) }));
  });

  it('keeps everything while a legal hold is on a case, and after a rejection', async () => {
    const family = await oldFamily('5822');
    const held = await post(supervisor, `/api/cases/${family.caseId}/legal-hold`, { reason: 'Prokuratura soʻrovi' });
    expect(held.statusCode, held.body).toBe(201);
    expect(held.json().active).toMatchObject({ reason: 'Prokuratura soʻrovi', setBy: { id: supervisor.userId } });
    expect((await post(supervisor, `/api/cases/${family.caseId}/legal-hold`, { reason: 'Yana' })).json().error.code).toBe(
      'legal_hold_exists',
    );
    // The worker may not set or lift one, nor read it.
    expect((await post(worker, `/api/cases/${family.caseId}/legal-hold`, { reason: 'x' })).statusCode).toBe(404);
    expect((await get(worker, `/api/cases/${family.caseId}/legal-hold`)).statusCode).toBe(404);
    expect((await post(supervisor, `/api/cases/${family.caseId}/legal-hold`, {})).statusCode).toBe(400);

    const due = (await get(admin, '/api/retention/due')).json().items;
    expect(due).toContainEqual(expect.objectContaining({ familyId: family.familyId, held: true }));
    const refused = await post(admin, '/api/retention/proposals', { familyId: family.familyId });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('legal_hold_active');
    expect((await get(admin, '/api/retention/holds')).json().items).toContainEqual(expect.objectContaining({ caseId: family.caseId }));

    // Lifted, it is proposed; a hold set again meanwhile stops the approval and nothing changes.
    const lifted = await server.as(supervisor, {
      method: 'DELETE',
      url: `/api/cases/${family.caseId}/legal-hold`,
      payload: { reason: 'Tugadi' },
    });
    expect(lifted.statusCode, lifted.body).toBe(200);
    expect(lifted.json()).toMatchObject({ active: null, history: [expect.objectContaining({ liftReason: 'Tugadi' })] });
    const proposal = (await post(admin, '/api/retention/proposals', { familyId: family.familyId })).json();
    expect((await post(supervisor, `/api/cases/${family.caseId}/legal-hold`, { reason: 'Sud' })).statusCode).toBe(201);
    const stopped = await post(admin2, `/api/approvals/${proposal.approvalId}/decision`, { decision: 'approve' });
    expect(stopped.statusCode).toBe(409);
    expect(stopped.json().error.code).toBe('legal_hold_active');
    expect((await get(admin, `/api/families/${family.familyId}`)).statusCode).toBe(200);

    const returned = await post(admin2, `/api/approvals/${proposal.approvalId}/decision`, { decision: 'return', comment: 'Sud jarayoni' });
    expect(returned.statusCode, returned.body).toBe(200);
    expect((await get(admin, `/api/retention/proposals/${proposal.id}`)).json().status).toBe('rejected');
    expect(await tablesHolding(family.names.surname)).toContain('persons');
  });

  it('refuses to erase a family whose member is in another family’s kept case', async () => {
    const family = await oldFamily('6933');
    const other = await server.db
      .selectFrom('cases')
      .select(['id', 'region_code', 'district_code'])
      .where('status', '!=', 'closed')
      .executeTakeFirstOrThrow();
    // The mother is recorded as having given consent on another family's open case.
    await sql`INSERT INTO consents (id, case_id, region_code, district_code, given_by_person_id, scope_categories, date)
      VALUES (gen_random_uuid(), ${other.id}, ${other.region_code}, ${other.district_code}, ${family.headId}, '{health}', '2026-01-01')`.execute(
      server.db,
    );
    const refused = await post(admin, '/api/retention/proposals', { familyId: family.familyId });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('erasure_shared_person');
  });

  it('is refused to everyone but system administrators, and checks what it is sent', async () => {
    for (const session of [supervisor, worker]) {
      expect((await get(session, '/api/retention/schedule')).statusCode).toBe(404);
      expect((await get(session, '/api/retention/due')).statusCode).toBe(404);
    }
    const schedule = (await get(admin, '/api/retention/schedule')).json().items;
    expect(schedule).toEqual([
      expect.objectContaining({ recordType: 'audit_event', years: 25 }),
      expect.objectContaining({ recordType: 'closed_case', years: 10 }),
    ]);
    const bad = await server.as(admin, {
      method: 'PUT',
      url: '/api/retention/schedule',
      payload: { items: [{ recordType: 'closed_case', years: 0, version: 1 }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([expect.objectContaining({ path: 'items.0.years' })]);
    const version = schedule.find((item: { recordType: string }) => item.recordType === 'audit_event').version;
    const changed = await server.as(admin, {
      method: 'PUT',
      url: '/api/retention/schedule',
      payload: { items: [{ recordType: 'audit_event', years: 30, version }] },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const stale = await server.as(admin, {
      method: 'PUT',
      url: '/api/retention/schedule',
      payload: { items: [{ recordType: 'audit_event', years: 20, version }] },
    });
    expect(stale.statusCode).toBe(409);
    expect((await post(admin, '/api/retention/proposals', { familyId: 'nope' })).statusCode).toBe(400);
  });

  it('drafts proposals in the daily run without erasing, and drops old personal values of audit events', async () => {
    const family = await oldFamily('7044');
    await sql`UPDATE audit_personal_values SET at = now() - interval '40 years' WHERE subject_id = ${family.headId}`.execute(server.db);
    const report = await runRetention({ db: server.db, locale: 'en', ip: null, actor: null });
    expect(report.drafted).toBeGreaterThanOrEqual(1);
    expect(report.personalValuesRemoved).toBe(1);
    const draft = await server.db
      .selectFrom('erasure_proposals')
      .selectAll()
      .where('family_id', '=', family.familyId)
      .executeTakeFirstOrThrow();
    expect(draft).toMatchObject({ status: 'drafted', proposed_by: null, approval_id: null });
    expect((await get(admin, `/api/families/${family.familyId}`)).statusCode).toBe(200);
    // An administrator takes the draft over; a second one still decides.
    const proposed = await post(admin2, '/api/retention/proposals', { familyId: family.familyId });
    expect(proposed.statusCode, proposed.body).toBe(201);
    expect(proposed.json()).toMatchObject({ id: draft.id, status: 'pending', proposedBy: { id: admin2.userId } });
  });
});
