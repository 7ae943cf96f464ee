import {
  type Actor,
  Conflict,
  type ConsentFacts,
  type ConsentSharing,
  can,
  consentProblem,
  DEFAULT_SHARED_FIELDS,
  type FieldProblem,
  Invalid,
  mayEver,
  NotFound,
  type OrganisationKind,
  type ReferralCreate,
  type ReferralResource,
  type ReferralSide,
  type ReferralStatus,
  type ReferralStep,
  type ReferralsQuery,
  reachOf,
  referralDue,
  referralSide,
  referralStepCheck,
  referralStepError,
  referralSteps,
  type ServiceCategory,
  type SharedField,
  type SharedSnapshot,
  sharedSnapshot,
  todayInUzbekistan,
  type Urgency,
  uncoveredPersons,
} from '@hamkor/domain';
import type { Tx } from '../../db/database.ts';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { cursorKey, decodeCursor, page } from '../../lib/pagination.ts';
import { caseResource, writableCase } from '../cases/access.ts';
import * as cases from '../cases/repo.ts';
import { type NotificationKind, notify } from '../notifications/repo.ts';
import { scriptNames } from '../organisations/repo.ts';
import { actionFollowsReferral, caseProblemDomains } from '../plans/service.ts';
import * as repo from './repo.ts';

export const referralResource = (
  row: { from_organisation_id: string; to_organisation_id: string },
  theCase: cases.CaseRow,
): ReferralResource => ({
  type: 'referral',
  fromOrganisationId: row.from_organisation_id,
  toOrganisationId: row.to_organisation_id,
  case: caseResource(theCase),
});

/** The sides the actor acts on: the sender's (case staff, who may cancel) and the receiver's (who answer). */
export function sidesOf(actor: Actor, resource: ReferralResource): ReferralSide[] {
  return [
    ...(can(actor, 'referral.cancel', resource) ? (['sender'] as const) : []),
    ...(can(actor, 'referral.respond', resource) ? (['receiver'] as const) : []),
  ];
}

const iso = (value: Date | null) => value?.toISOString() ?? null;

/** The organisation's or service's name in every script, from the joined columns named with `prefix`. */
const namesOf = (row: repo.ReferralRow, prefix: 'from_organisation' | 'to_organisation' | 'service', name: string) =>
  scriptNames({
    name,
    name_uz_cyrl: row[`${prefix}_name_uz_cyrl`],
    name_ru: row[`${prefix}_name_ru`],
    name_en: row[`${prefix}_name_en`],
    name_kaa: row[`${prefix}_name_kaa`],
  });

/**
 * A referral as one side reads it. Both see the shared snapshot, the reason and the answers; only the
 * sender sees the case, the persons' ids, the consent and who sent it.
 */
export function toReferral(row: repo.ReferralRow, view: ReferralSide, sides: readonly ReferralSide[], now = new Date()) {
  const status = row.status as ReferralStatus;
  const urgency = row.urgency as Urgency;
  const due = referralDue({ status, urgency, sentAt: row.sent_at, acceptedAt: row.accepted_at }, now);
  const common = {
    id: row.id,
    status,
    urgency,
    reason: row.reason,
    fromOrganisation: {
      id: row.from_organisation_id,
      name: row.from_organisation_name,
      names: namesOf(row, 'from_organisation', row.from_organisation_name),
      kind: row.from_organisation_kind as OrganisationKind,
    },
    toOrganisation: {
      id: row.to_organisation_id,
      name: row.to_organisation_name,
      names: namesOf(row, 'to_organisation', row.to_organisation_name),
      kind: row.to_organisation_kind as OrganisationKind,
    },
    service: row.service_id
      ? {
          id: row.service_id,
          name: row.service_name ?? '',
          names: namesOf(row, 'service', row.service_name ?? ''),
          category: (row.service_category ?? 'other') as ServiceCategory,
        }
      : null,
    sharedFields: row.shared_fields as SharedField[],
    // Snapshots stored without an assessment summary (older ones, some demo data) read as not shared.
    shared: { assessmentSummary: null, ...(row.snapshot as object) } as SharedSnapshot,
    sentAt: row.sent_at.toISOString(),
    acceptedAt: iso(row.accepted_at),
    declinedAt: iso(row.declined_at),
    declineReason: row.decline_reason,
    startedAt: iso(row.started_at),
    completedAt: iso(row.completed_at),
    outcome: row.outcome,
    cancelledAt: iso(row.cancelled_at),
    cancelReason: row.cancel_reason,
    handledBy: row.handled_by ? { id: row.handled_by, displayName: row.handled_by_name ?? '' } : null,
    dueAt: due.dueAt,
    overdue: due.overdue,
    steps: [...new Set(sides.flatMap((side) => referralSteps(status, side)))],
    version: row.version,
  };
  if (view === 'receiver') return { view: 'receiver' as const, ...common };
  return {
    view: 'sender' as const,
    ...common,
    caseId: row.case_id,
    caseNumber: row.case_number,
    personIds: row.person_ids,
    planActionId: row.plan_action_id,
    consentId: row.consent_id,
    consentOverrideReason: row.consent_override_reason,
    sentBy: { id: row.sent_by, displayName: row.sent_by_name ?? '' },
    resentFromId: row.resent_from_id,
    resentAsId: row.resent_as_id,
  };
}

/** The referral and the reader's view of it; 404 when the reader is on neither side. */
async function readable(ctx: RequestContext, db: Tx, id: string) {
  const row = await repo.findReferral(db, id);
  const theCase = row && (await cases.findCase(db, row.case_id));
  if (!row || !theCase) throw new NotFound();
  const resource = referralResource(row, theCase);
  const view = referralSide(ctx.actor, resource);
  if (!view || !can(ctx.actor, 'referral.read', resource)) throw new NotFound({ type: 'referral', id: row.id });
  return { row, theCase, resource, view, sides: sidesOf(ctx.actor, resource) };
}

export async function getReferral(ctx: RequestContext, id: string) {
  return withTx(ctx.db, async (trx) => {
    const { row, view, sides } = await readable(ctx, trx, id);
    await audit(trx, ctx, 'referral.read', { type: 'referral', id }, { view });
    return toReferral(row, view, sides);
  });
}

/** The inbox (referrals to the reader's organisation, receiver's view) or the outbox (from cases the reader may read). */
export async function listReferrals(ctx: RequestContext, query: ReferralsQuery) {
  if (!mayEver(ctx.actor, 'referral.read')) throw new NotFound();
  const inbox = query.box === 'inbox';
  const before = decodeCursor(query.cursor, { id: cursorKey.id });
  const now = new Date();
  return withTx(ctx.db, async (trx) => {
    const rows = await repo.listReferrals(trx, {
      box: query.box,
      filter: reachOf(ctx.actor, inbox ? 'referral.respond' : 'referral.send'),
      status: query.status,
      caseId: inbox ? undefined : query.caseId,
      overdue: query.overdue,
      now,
      beforeId: before?.id,
      limit: query.limit,
    });
    const result = page(rows, query.limit, (row) => ({ id: row.id }));
    await audit(trx, ctx, 'referral.list', null, {
      box: query.box,
      results: result.items.length,
      referralIds: result.items.map((row) => row.id),
    });
    const sides: ReferralSide[] = inbox ? ['receiver'] : ['sender'];
    return { items: result.items.map((row) => toReferral(row, inbox ? 'receiver' : 'sender', sides, now)), nextCursor: result.nextCursor };
  });
}

type ConsentBasis = { consentId: string | null; overrideReason: string | null };

/**
 * What the referral relies on: an override (for those allowed), the consent named, or an active consent of
 * the case covering the receiver and the persons. 409 `consent_required` / `consent_withdrawn` otherwise.
 */
async function consentBasis(
  ctx: RequestContext,
  trx: Tx,
  input: ReferralCreate,
  resource: ReferralResource,
  sharing: ConsentSharing,
  organisationName: string,
): Promise<ConsentBasis> {
  if (input.consentOverrideReason) {
    if (!can(ctx.actor, 'referral.override_consent', resource))
      throw new Invalid([{ path: 'consentOverrideReason', code: 'override_not_allowed' }]);
    return { consentId: null, overrideReason: input.consentOverrideReason };
  }
  const consents = (await repo.caseConsentRows(trx, input.caseId)).map((row) => ({
    id: row.id,
    facts: {
      status: row.status as 'active' | 'withdrawn',
      givenByPersonId: row.given_by_person_id,
      onBehalfOfPersonIds: row.on_behalf_of_person_ids,
      categories: row.scope_categories,
      organisationIds: row.scope_organisation_ids,
    },
  }));
  if (input.consentId) {
    const chosen = consents.find((consent) => consent.id === input.consentId);
    if (!chosen) throw new Invalid([{ path: 'consentId', code: 'unknown_consent' }]);
    const problem = consentProblem(chosen.facts, sharing);
    if (problem === 'consent_withdrawn') throw new Conflict('consent_withdrawn', undefined, { consentId: chosen.id });
    if (problem) throw await consentRequired(trx, [chosen.facts], sharing, organisationName);
    return { consentId: chosen.id, overrideReason: null };
  }
  const covering = consents.find((consent) => !consentProblem(consent.facts, sharing));
  if (!covering)
    throw await consentRequired(
      trx,
      consents.map((consent) => consent.facts),
      sharing,
      organisationName,
    );
  return { consentId: covering.id, overrideReason: null };
}

/**
 * The 409 names what is missing: when some active consent covers the receiver, the persons it was not given
 * for (`consent_required_persons`); otherwise the organisation and the categories a consent could name.
 */
async function consentRequired(trx: Tx, consents: ConsentFacts[], sharing: ConsentSharing, organisationName: string) {
  const forReceiver = consents.filter((facts) => consentProblem(facts, sharing) === 'consent_persons');
  const categories = sharing.categories.join(', ');
  if (!forReceiver.length)
    return new Conflict('consent_required', undefined, { context: 'scope', problem: 'consent_scope', organisationName, categories });
  // The consent that leaves the fewest persons out is the one to complete.
  const missing = forReceiver.map((facts) => uncoveredPersons(facts, sharing)).sort((a, b) => a.length - b.length)[0] as string[];
  const persons = (await repo.personNames(trx, missing)).join(', ');
  return new Conflict('consent_required', undefined, { context: 'persons', problem: 'consent_persons', organisationName, persons });
}

async function tellSender(
  trx: Tx,
  row: { sent_by: string; case_id: string; id: string },
  theCase: cases.CaseRow,
  kind: NotificationKind,
  organisationName: string,
  exceptUserId: string,
) {
  const users = new Set([row.sent_by, theCase.assigned_user_id].filter((id): id is string => !!id && id !== exceptUserId));
  for (const userId of users)
    await notify(trx, {
      userId,
      regionCode: theCase.region_code,
      kind,
      caseId: theCase.id,
      params: { referralId: row.id, organisationName, caseNumber: theCase.number },
    });
}

async function tellReceivers(
  trx: Tx,
  referral: { id: string; to_organisation_id: string; service_id: string | null },
  regionCode: string,
  kind: NotificationKind,
  organisationName: string,
  exceptUserId: string,
) {
  const service = referral.service_id ? await repo.findServiceBrief(trx, referral.service_id) : undefined;
  const users = await repo.receivingUsers(trx, referral.to_organisation_id, service?.focal_point_user_id ?? null);
  for (const userId of users.filter((id) => id !== exceptUserId))
    await notify(trx, { userId, regionCode, kind, caseId: null, params: { referralId: referral.id, organisationName } });
}

/**
 * Sends a referral: the receiving organisation from the directory, the persons it is about and the fields
 * shared, a snapshot of those fields, and the consent it relies on (or an allowed override, audited and
 * told to the case's supervisor). The receivers hear of it; the case's timeline shows it.
 */
export async function sendReferral(ctx: RequestContext, input: ReferralCreate) {
  const id = await withTx(ctx.db, async (trx) => {
    const theCase = await writableCase(ctx, trx, input.caseId);
    const problems: FieldProblem[] = [];
    const receiver = await repo.activeOrganisation(trx, input.toOrganisationId);
    if (!receiver) problems.push({ path: 'toOrganisationId', code: 'unknown_organisation' });
    const service = input.serviceId ? await repo.findServiceBrief(trx, input.serviceId) : undefined;
    if (input.serviceId && !service?.active) problems.push({ path: 'serviceId', code: 'unknown_service' });
    else if (service && service.organisation_id !== input.toOrganisationId)
      problems.push({ path: 'serviceId', code: 'service_not_of_organisation' });
    const members = await cases.familyMemberIds(trx, theCase.family_id);
    const head = await repo.familyHeadId(trx, theCase.family_id);
    const personIds = input.personIds ?? (theCase.focus_person_ids.length ? theCase.focus_person_ids : head ? [head] : []);
    personIds.forEach((personId, index) => {
      if (!members.has(personId)) problems.push({ path: `personIds.${index}`, code: 'not_family_member' });
    });
    if (input.planActionId && (await repo.findPlanAction(trx, input.planActionId))?.case_id !== theCase.id)
      problems.push({ path: 'planActionId', code: 'unknown_plan_action' });
    if (input.resentFromId) {
      const earlier = await repo.findReferral(trx, input.resentFromId);
      if (earlier?.case_id !== theCase.id) problems.push({ path: 'resentFromId', code: 'unknown_referral' });
      else if (earlier.status !== 'declined' && earlier.status !== 'cancelled')
        problems.push({ path: 'resentFromId', code: 'not_resendable' });
    }
    if (problems.length || !receiver) throw new Invalid(problems);
    const resource = referralResource({ from_organisation_id: theCase.organisation_id, to_organisation_id: receiver.id }, theCase);
    if (!can(ctx.actor, 'referral.send', resource)) throw new NotFound();
    // A named service shares for its category; otherwise for any category the receiver offers (docs/consent.md).
    const categories = service ? [service.category] : await repo.organisationCategories(trx, receiver.id);
    const basis = await consentBasis(ctx, trx, input, resource, { organisationId: receiver.id, categories, personIds }, receiver.name);
    const fields = input.sharedFields ?? [...DEFAULT_SHARED_FIELDS];
    const snapshot = await takeSnapshot(trx, theCase, personIds, fields, todayInUzbekistan());
    const id = input.id?.toLowerCase() ?? newId();
    await repo.insertReferral(trx, {
      id,
      case_id: theCase.id,
      region_code: theCase.region_code,
      district_code: theCase.district_code,
      from_organisation_id: theCase.organisation_id,
      to_organisation_id: receiver.id,
      service_id: service?.id ?? null,
      category: service?.category ?? null,
      plan_action_id: input.planActionId ?? null,
      resent_from_id: input.resentFromId ?? null,
      reason: input.reason,
      urgency: input.urgency,
      consent_id: basis.consentId,
      consent_override_reason: basis.overrideReason,
      consent_override_by: basis.overrideReason ? ctx.actor.id : null,
      person_ids: personIds,
      shared_fields: fields,
      snapshot: JSON.stringify(snapshot),
      sent_by: ctx.actor.id,
      updated_by: ctx.actor.id,
    });
    const event = { caseId: theCase.id, regionCode: theCase.region_code, actorId: ctx.actor.id };
    await cases.recordCaseEvent(trx, {
      ...event,
      kind: 'referral.sent',
      details: {
        referralId: id,
        toOrganisationId: receiver.id,
        status: 'sent',
        urgency: input.urgency,
        resentFromId: input.resentFromId ?? null,
      },
    });
    await tellReceivers(
      trx,
      { id, to_organisation_id: receiver.id, service_id: service?.id ?? null },
      theCase.region_code,
      'referral_received',
      await organisationName(trx, theCase.organisation_id),
      ctx.actor.id,
    );
    await audit(
      trx,
      ctx,
      'referral.send',
      { type: 'referral', id },
      {
        caseId: theCase.id,
        toOrganisationId: receiver.id,
        urgency: input.urgency,
        sharedFields: fields,
        persons: personIds.length,
        consentId: basis.consentId,
      },
    );
    if (basis.overrideReason) {
      await cases.recordCaseEvent(trx, { ...event, kind: 'referral.consent_override', details: { referralId: id } });
      // The reason itself is kept on the referral, which this event points to; the audit log holds no free text.
      await audit(trx, ctx, 'referral.consent_override', { type: 'referral', id }, { caseId: theCase.id });
      const supervisorId = theCase.supervisor_id ?? theCase.assignee_supervisor_id;
      if (supervisorId && supervisorId !== ctx.actor.id)
        await notify(trx, {
          userId: supervisorId,
          regionCode: theCase.region_code,
          kind: 'referral_consent_override',
          caseId: theCase.id,
          params: { referralId: id, organisationName: receiver.name, caseNumber: theCase.number },
        });
    }
    return id;
  });
  return getReferralFor(ctx, id);
}

async function organisationName(trx: Tx, id: string): Promise<string> {
  return (await repo.activeOrganisation(trx, id))?.name ?? '';
}

/** The referral as the actor now reads it (after a write), without a second read audit. */
async function getReferralFor(ctx: RequestContext, id: string) {
  return withTx(ctx.db, async (trx) => {
    const { row, view, sides } = await readable(ctx, trx, id);
    return toReferral(row, view, sides);
  });
}

export type StepInput = { version: number; note?: string | null; reason?: string; outcome?: string };

const NOTIFICATION_OF: Record<ReferralStep, NotificationKind> = {
  accept: 'referral_accepted',
  decline: 'referral_declined',
  start: 'referral_started',
  complete: 'referral_completed',
  cancel: 'referral_cancelled',
};

/**
 * One step of the referral's state machine, by the side it belongs to: the receiver accepts, declines,
 * starts and completes; the sender cancels. The other side is told, the case's timeline shows it.
 */
export async function takeStep(ctx: RequestContext, id: string, step: ReferralStep, input: StepInput) {
  await withTx(ctx.db, async (trx) => {
    await repo.lockReferral(trx, id);
    const { row, theCase, view, sides } = await readable(ctx, trx, id);
    const side: ReferralSide = step === 'cancel' ? 'sender' : 'receiver';
    const current = () => toReferral(row, view, sides);
    if (input.version !== row.version) throw new Conflict('version_conflict', current());
    const check = referralStepCheck(row.status as ReferralStatus, step, side);
    if (!check.ok || !sides.includes(side))
      throw referralStepError(
        check.ok ? { ok: false, code: 'referral_step_not_allowed', from: row.status as ReferralStatus, step, allowed: [] } : check,
        current(),
      );
    const now = new Date();
    const changed = await repo.updateReferral(trx, id, row.version, {
      status: check.to,
      updated_by: ctx.actor.id,
      ...(side === 'receiver' && { handled_by: ctx.actor.id }),
      ...(step === 'accept' && { accepted_at: now }),
      ...(step === 'decline' && { declined_at: now, decline_reason: input.reason ?? null }),
      ...(step === 'start' && { started_at: now }),
      ...(step === 'complete' && { completed_at: now, outcome: input.outcome ?? null, ...(!row.accepted_at && { accepted_at: now }) }),
      ...(step === 'cancel' && { cancelled_at: now, cancel_reason: input.reason ?? null }),
    });
    if (!changed) throw new Conflict('version_conflict', current());
    await cases.recordCaseEvent(trx, {
      caseId: theCase.id,
      regionCode: theCase.region_code,
      kind: `referral.${check.to}`,
      actorId: ctx.actor.id,
      details: { referralId: id, toOrganisationId: row.to_organisation_id, status: check.to },
    });
    if (row.plan_action_id && (step === 'accept' || step === 'complete'))
      await actionFollowsReferral(ctx, trx, row.plan_action_id, step, theCase.region_code);
    if (side === 'receiver') await tellSender(trx, row, theCase, NOTIFICATION_OF[step], row.to_organisation_name, ctx.actor.id);
    else await tellReceivers(trx, row, theCase.region_code, NOTIFICATION_OF[step], row.from_organisation_name, ctx.actor.id);
    await audit(trx, ctx, `referral.${step}`, { type: 'referral', id }, { caseId: theCase.id, from: row.status, to: check.to });
  });
  return getReferralFor(ctx, id);
}

/**
 * The shared fields of a referral as they stand when it is sent: only what the sender chose, of the persons
 * it is about, kept on the referral so the receiver never reads the case.
 */
export async function takeSnapshot(
  trx: Tx,
  theCase: { id: string; family_id: string; risk_level: string | null },
  personIds: readonly string[],
  fields: readonly SharedField[],
  asOf: string,
) {
  const sources = await repo.snapshotSources(trx, theCase.family_id, [...personIds]);
  const byId = new Map(sources.persons.map((p) => [p.id, p]));
  return sharedSnapshot(
    personIds.flatMap((personId) => {
      const p = byId.get(personId);
      if (!p) return [];
      return [
        {
          surname: p.surname,
          givenName: p.given_name,
          patronymic: p.patronymic,
          birthDate: p.birth_date,
          birthYear: p.birth_year,
          sex: p.sex,
          documentsHeld: p.documents_held,
          documentsMissing: p.documents_missing,
          whereabouts: {
            status: p.whereabouts_status,
            country: p.whereabouts_country,
            since: p.whereabouts_since,
            contactChannel: p.contact_channel,
          },
        },
      ];
    }),
    { address: sources.family.address, phone: sources.family.phones[0] ?? null },
    fields,
    {
      riskLevel: theCase.risk_level,
      problemDomains: fields.includes('assessmentSummary') ? await caseProblemDomains(trx, theCase.id) : [],
    },
    asOf,
  );
}
