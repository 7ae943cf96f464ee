import { Conflict, type ConsentCreate, type ConsentWithdraw, Invalid, NotFound, splitConsentScope } from '@hamkor/domain';
import type { Db, Tx } from '../../db/database.ts';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { caseFor, writableCase } from '../cases/access.ts';
import * as cases from '../cases/repo.ts';
import * as repo from './repo.ts';

async function toConsents(db: Db | Tx, rows: repo.ConsentRow[]) {
  const names = await repo.consentNames(db, rows);
  return rows.map((row) => repo.toConsent(row, names));
}

async function toConsentOut(db: Db | Tx, row: repo.ConsentRow) {
  return repo.toConsent(row, await repo.consentNames(db, [row]));
}

/** The case's consents, newest first; the read names family members, so it is audited. */
export async function listConsents(ctx: RequestContext, caseId: string) {
  return withTx(ctx.db, async (trx) => {
    await caseFor(ctx, trx, caseId, 'case.read');
    const rows = await repo.caseConsents(trx, caseId);
    await audit(trx, ctx, 'consent.list', { type: 'case', id: caseId }, { results: rows.length });
    return { items: await toConsents(trx, rows) };
  });
}

/** Records a family member's consent: the giver and those they answer for must be members of the case's family. */
export async function recordConsent(ctx: RequestContext, caseId: string, input: ConsentCreate) {
  return withTx(ctx.db, async (trx) => {
    const theCase = await writableCase(ctx, trx, caseId);
    const members = await cases.familyMemberIds(trx, theCase.family_id);
    const { categories, organisationIds, purposes } = splitConsentScope(input.scope);
    const known = await repo.existingOrganisations(trx, organisationIds);
    const problems = [
      ...(members.has(input.givenByPersonId) ? [] : [{ path: 'givenByPersonId', code: 'not_family_member' }]),
      ...input.onBehalfOfPersonIds.flatMap((id, index) =>
        members.has(id) ? [] : [{ path: `onBehalfOfPersonIds.${index}`, code: 'not_family_member' }],
      ),
      ...input.scope.flatMap((entry, index) =>
        organisationIds.includes(entry) && !known.has(entry) ? [{ path: `scope.${index}`, code: 'unknown_organisation' }] : [],
      ),
    ];
    if (problems.length) throw new Invalid(problems);
    const row = await repo.insertConsent(trx, {
      id: input.id?.toLowerCase() ?? newId(),
      case_id: caseId,
      region_code: theCase.region_code,
      district_code: theCase.district_code,
      given_by_person_id: input.givenByPersonId,
      on_behalf_of_person_ids: input.onBehalfOfPersonIds.filter((id) => id !== input.givenByPersonId),
      scope_categories: categories,
      scope_organisation_ids: organisationIds,
      purposes,
      date: input.date,
      note: input.note ?? null,
      created_by: ctx.actor.id,
      updated_by: ctx.actor.id,
    });
    await cases.recordCaseEvent(trx, {
      caseId,
      regionCode: theCase.region_code,
      kind: 'consent.recorded',
      actorId: ctx.actor.id,
      details: { consentId: row.id, categories, organisationIds },
    });
    await audit(
      trx,
      ctx,
      'consent.record',
      { type: 'consent', id: row.id },
      { caseId, categories, purposes, organisations: organisationIds.length },
    );
    return toConsentOut(trx, row);
  });
}

/** Withdraws a consent: referrals already sent stand, new ones can no longer rely on it. */
export async function withdrawConsent(ctx: RequestContext, id: string, input: ConsentWithdraw) {
  return withTx(ctx.db, async (trx) => {
    // Found and checked in the transaction that withdraws it: one the caller cannot read stays a 404.
    const found = await repo.findConsent(trx, id);
    if (!found) throw new NotFound();
    await caseFor(ctx, trx, found.case_id, 'case.read');
    const theCase = await writableCase(ctx, trx, found.case_id);
    const current = await repo.lockConsent(trx, id);
    if (!current) throw new NotFound();
    const currentOut = () => toConsentOut(trx, current);
    if (input.version !== current.version) throw new Conflict('version_conflict', await currentOut());
    if (current.status === 'withdrawn') throw new Conflict('consent_withdrawn', await currentOut());
    const updated = await repo.withdrawConsent(trx, id, current.version, { withdrawnBy: ctx.actor.id, reason: input.reason ?? null });
    if (!updated) throw new Conflict('version_conflict', await currentOut());
    await cases.recordCaseEvent(trx, {
      caseId: theCase.id,
      regionCode: theCase.region_code,
      kind: 'consent.withdrawn',
      actorId: ctx.actor.id,
      details: { consentId: id },
    });
    await audit(trx, ctx, 'consent.withdraw', { type: 'consent', id }, { caseId: theCase.id });
    return toConsentOut(trx, updated);
  });
}
