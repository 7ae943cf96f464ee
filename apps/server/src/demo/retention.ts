import { schemas } from '@hamkor/domain';
import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import type { SystemContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { insertApproval } from '../modules/approvals/repo.ts';
import { appendAuditEvent } from '../modules/audit/repo.ts';
import { abbreviations, issueCaseNumber } from '../modules/cases/number.ts';
import { insertCase } from '../modules/cases/repo.ts';
import { familyValues, insertFamily } from '../modules/families/repo.ts';
import { personValues } from '../modules/persons/columns.ts';
import { insertPersons } from '../modules/persons/repo.ts';
import { planErasure } from '../modules/retention/erase.ts';

type People = { organisationId: string; supervisor: string; admin: string };

const YEAR_MS = 365.25 * 24 * 3_600_000;

/**
 * Three Shoʻrchi families whose only case closed more than ten years ago (the schedule keeps closed cases ten):
 * the Xoliqovs' erasure was proposed by the administrator (admin) and waits for a second one (admin2); Dilorom
 * Qahhorova's family is due and not yet proposed; Zuhra Qahhorova's is due too, but Dilfuza (supervisor) put its
 * case under a legal hold at the prosecutor's request, so nothing of it can be proposed. The cases' worker has
 * left (no assignee) and nobody registered the families in this system, so no one's lists change.
 */
export async function seedRetention(trx: Tx, ctx: SystemContext, people: People): Promise<void> {
  const letters = await abbreviations(trx);
  const old = async (surname: string, givenName: string, child: string, closedYearsAgo: number) => {
    const family = schemas.familyCreate.parse({
      districtCode: '1722226',
      mahallaCode: '1722226-002',
      address: `Guliston MFY, Chinor koʻchasi, ${closedYearsAgo + 3}-uy`,
      identificationSource: 'mahalla_social_worker',
      members: [
        { surname, givenName, sex: 'female', relationship: 'head', birthDate: '1972-04-11' },
        // The son's surname in its masculine form: Qahhorova's son is a Qahhorov.
        { surname: surname.replace(/(ov|ev)a$/, '$1'), givenName: child, sex: 'male', relationship: 'child', birthDate: '2006-09-02' },
      ],
    });
    const regionCode = '1722';
    const placement = { familyId: newId(), regionCode, districtCode: family.districtCode, organisationId: people.organisationId };
    await insertFamily(trx, { ...familyValues(family, placement), created_by: null, updated_by: null });
    await insertPersons(
      trx,
      family.members.map((member) => personValues(member, placement, newId(), null)),
    );
    const closedAt = new Date(Date.now() - closedYearsAgo * YEAR_MS);
    const openedAt = new Date(closedAt.getTime() - 0.8 * YEAR_MS);
    const caseId = newId();
    const theCase = await insertCase(trx, {
      id: caseId,
      number: await issueCaseNumber(trx, letters, { districtCode: family.districtCode, regionCode }, openedAt),
      family_id: placement.familyId,
      organisation_id: people.organisationId,
      region_code: regionCode,
      district_code: family.districtCode,
      status: 'closed',
      status_before_closing: null,
      risk_level: 'medium',
      urgency: 'routine',
      identification_source: 'school',
      reason: 'Oʻgʻil maktabga bormay qoʻygan, ona yolgʻiz.',
      assigned_user_id: null,
      supervisor_id: people.supervisor,
      opened_at: openedAt,
      closed_at: closedAt,
      closure_reason: 'goals_achieved',
      closure_outcome: 'Oʻgʻil kollejni bitirdi, ona doimiy ishga joylashdi.',
      created_by: null,
      updated_by: null,
    });
    await sql`UPDATE families SET created_at = ${openedAt}, updated_at = ${closedAt} WHERE id = ${placement.familyId}`.execute(trx);
    return { familyId: placement.familyId, caseId, number: theCase.number, closedAt };
  };

  const proposed = await old('Xoliqova', 'Mastura', 'Sherzod', 12);
  await old('Qahhorova', 'Dilorom', 'Bekzod', 11);
  const held = await old('Qahhorova', 'Zuhra', 'Anvar', 13);

  // The administrator's proposal, waiting for a second administrator's decision.
  const plan = await planErasure(trx, [proposed.familyId]);
  const proposalId = newId();
  const approvalId = newId();
  await insertApproval(trx, {
    id: approvalId,
    caseId: null,
    regionCode: '1722',
    kind: 'erasure',
    requestedBy: people.admin,
    assignedTo: null,
    payload: { proposalId, familyId: proposed.familyId },
  });
  const items = {
    familyId: proposed.familyId,
    cases: [{ id: proposed.caseId, number: proposed.number, closedAt: proposed.closedAt.toISOString() }],
    counts: Object.fromEntries([...plan.rows].map(([table, ids]) => [table, ids.size])),
    attachments: plan.storageKeys.length,
    lastActivityAt: proposed.closedAt.toISOString(),
  };
  await trx
    .insertInto('erasure_proposals')
    .values({
      id: proposalId,
      family_id: proposed.familyId,
      region_code: '1722',
      status: 'pending',
      items: JSON.stringify(items),
      approval_id: approvalId,
      proposed_by: people.admin,
    })
    .execute();
  await appendAuditEvent(trx, {
    actorId: people.admin,
    action: 'retention.propose',
    entityType: 'erasure_proposal',
    entityId: proposalId,
    details: { familyId: proposed.familyId, approvalId, caseIds: [proposed.caseId] },
  });

  const holdId = newId();
  await trx
    .insertInto('legal_holds')
    .values({
      id: holdId,
      case_id: held.caseId,
      reason: 'Shoʻrchi tuman prokuraturasining soʻrovi (№ 7-118): vasiylik ishi boʻyicha tekshiruv davom etmoqda.',
      set_by: people.supervisor,
    })
    .execute();
  await appendAuditEvent(trx, {
    actorId: people.supervisor,
    action: 'legal_hold.set',
    entityType: 'case',
    entityId: held.caseId,
    details: { holdId, familyId: held.familyId },
  });
  await appendAuditEvent(trx, {
    actorId: ctx.actor?.id ?? null,
    action: 'demo.seed_retention',
    details: { families: 3, proposals: 1, holds: 1 },
  });
}
