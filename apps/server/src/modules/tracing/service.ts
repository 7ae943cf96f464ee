import {
  Conflict,
  can,
  Invalid,
  type Locale,
  NotFound,
  REUNIFICATION_FOLLOW_UP_MONTHS,
  TRACING_MATCH_THRESHOLD,
  type TracingCreate,
  type TracingMatchOut,
  type TracingQuery,
  type TracingRequestOut,
  type TracingResource,
  type TracingSought,
  type TracingStatus,
  type TracingStepInput,
  type TracingVerify,
  tashkentDate,
  tracingMatchScore,
  tracingStepAllowed,
  tracingStepsFrom,
  tracingStepTarget,
} from '@hamkor/domain';
import type { Tx } from '../../db/database.ts';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import { cursorKey, decodeCursor, page } from '../../lib/pagination.ts';
import { type CaseEventInput, recordCaseEvent } from '../cases/repo.ts';
import { dueSort, insertTask } from '../tasks/repo.ts';
import * as repo from './repo.ts';

/** At most this many matches are proposed, the best first. */
const MATCHES_SHOWN = 20;

const resourceOf = (row: { organisation_id: string; organisation_kind: string }): TracingResource => ({
  type: 'tracing',
  organisationId: row.organisation_id,
  organisationKind: row.organisation_kind,
});

const who = (id: string | null, name: string | null) => (id ? { id, displayName: name ?? '' } : null);

export function toTracing(ctx: RequestContext, row: repo.TracingFullRow): TracingRequestOut {
  const status = row.status as TracingStatus;
  return {
    id: row.id,
    kind: row.kind as TracingRequestOut['kind'],
    status,
    childId: row.child_id,
    caseId: row.case_id,
    organisation: { id: row.organisation_id, name: row.organisation_name },
    sought: row.sought as TracingSought,
    consent: { given: true, givenBy: row.consent_given_by, date: row.consent_date },
    note: row.note,
    matchedPerson: row.matched_person_id
      ? {
          id: row.matched_person_id,
          displayName: `${row.matched_surname ?? ''} ${row.matched_given_name ?? ''}`.trim(),
          birthYear: row.matched_birth_year,
        }
      : null,
    verifiedBy: who(row.verified_by, row.verified_by_name),
    verifiedAt: row.verified_at?.toISOString() ?? null,
    reunifiedAt: row.reunified_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    steps: can(ctx.actor, 'tracing.update', resourceOf(row)) ? tracingStepsFrom(status) : [],
    createdAt: row.created_at.toISOString(),
    createdBy: who(row.created_by, row.created_by_name),
    version: row.version,
  };
}

/** The request, if the reader may take `action` on it; 404 otherwise, as for a request that does not exist. */
async function requestFor(ctx: RequestContext, db: Tx, id: string, action: 'tracing.read' | 'tracing.update') {
  const row = await repo.findTracing(db, id);
  if (!row || !can(ctx.actor, action, resourceOf(row))) throw new NotFound(row && { type: 'tracing_request', id: row.id });
  return row;
}

/** A line on the case's timeline, when the request is linked to a case: codes and ids only. */
async function onTimeline(trx: Tx, ctx: RequestContext, caseId: string | null, event: Pick<CaseEventInput, 'kind' | 'details'>) {
  if (!caseId) return;
  const theCase = await trx.selectFrom('cases').select(['id', 'region_code']).where('id', '=', caseId).executeTakeFirst();
  if (theCase) await recordCaseEvent(trx, { caseId: theCase.id, regionCode: theCase.region_code, actorId: ctx.actor.id, ...event });
}

/**
 * Opens a tracing request at the reader's organisation (a transit centre or an Inson centre), with the
 * consent to tracing recorded; without it the schema refuses the request. The child, when in the register
 * and within the reader's reach, links the request to their family's open case.
 */
export async function createTracing(ctx: RequestContext, input: TracingCreate) {
  return withTx(ctx.db, async (trx) => {
    const organisation = await repo.organisationOf(trx, ctx.actor.organisationId);
    const resource = organisation && { type: 'tracing' as const, organisationId: organisation.id, organisationKind: organisation.kind };
    if (!organisation || !resource || !can(ctx.actor, 'tracing.create', resource)) throw new NotFound();
    let caseId: string | null = null;
    if (input.childId) {
      const child = await repo.findPersonBrief(trx, input.childId);
      const reachable =
        child &&
        !child.merged_into &&
        can(ctx.actor, 'family.read', { type: 'family', organisationId: child.organisation_id, districtCode: child.district_code });
      if (!child || !reachable) throw new Invalid([{ path: 'childId', code: 'unknown_person' }]);
      caseId = (await repo.openCaseOfFamily(trx, child.family_id))?.id ?? null;
    }
    const id = input.id?.toLowerCase() ?? newId();
    if (await repo.findTracing(trx, id)) throw new Conflict('already_exists');
    await repo.insertTracing(trx, {
      id,
      kind: input.kind,
      organisation_id: organisation.id,
      region_code: organisation.region_code,
      district_code: organisation.district_code,
      child_id: input.childId?.toLowerCase() ?? null,
      case_id: caseId,
      sought: JSON.stringify(input.sought),
      consent_given_by: input.consent.givenBy,
      consent_date: input.consent.date,
      note: input.note ?? null,
      created_by: ctx.actor.id,
      updated_by: ctx.actor.id,
    });
    await onTimeline(trx, ctx, caseId, { kind: 'tracing.opened', details: { tracingRequestId: id } });
    await audit(trx, ctx, 'tracing.create', { type: 'tracing_request', id }, { kind: input.kind, childId: input.childId ?? null, caseId });
    return toTracing(ctx, (await repo.findTracing(trx, id)) as repo.TracingFullRow);
  });
}

/** The requests of the reader's organisation (every one for the system administrator), newest first. */
export async function listTracing(ctx: RequestContext, query: TracingQuery) {
  const organisation = await repo.organisationOf(ctx.db, ctx.actor.organisationId);
  const own = organisation && resourceOf({ organisation_id: organisation.id, organisation_kind: organisation.kind });
  const everything = ctx.actor.roles.includes('system_admin');
  if (!everything && (!own || !can(ctx.actor, 'tracing.read', own))) throw new NotFound();
  const before = decodeCursor(query.cursor, { id: cursorKey.id });
  return withTx(ctx.db, async (trx) => {
    const rows = await repo.listTracing(trx, {
      organisationId: everything ? null : ctx.actor.organisationId,
      status: query.status,
      beforeId: before?.id,
      limit: query.limit,
    });
    const result = page(rows, query.limit, (row) => ({ id: row.id }));
    await audit(trx, ctx, 'tracing.list', null, { results: result.items.length, tracingRequestIds: result.items.map((r) => r.id) });
    return { items: result.items.map((row) => toTracing(ctx, row)), nextCursor: result.nextCursor };
  });
}

export async function getTracing(ctx: RequestContext, id: string) {
  return withTx(ctx.db, async (trx) => {
    const row = await requestFor(ctx, trx, id, 'tracing.read');
    await audit(trx, ctx, 'tracing.read', { type: 'tracing_request', id: row.id });
    return toTracing(ctx, row);
  });
}

const DISTRICT_NAME = {
  'uz-Latn': 'name_uz_latn',
  'uz-Cyrl': 'name_uz_cyrl',
  ru: 'name_ru',
  en: 'name_en',
  kaa: 'name_kaa',
} as const satisfies Record<Locale, string>;

/** Matches from the whole register, scored, the best first; only what verifying them needs. */
async function scoredMatches(trx: Tx, row: repo.TracingFullRow, locale: Locale): Promise<TracingMatchOut[]> {
  const sought = row.sought as TracingSought;
  const candidates = (await repo.findCandidates(trx, sought)).filter((c) => c.id !== row.child_id);
  const members = await repo.familyMembers(
    trx,
    candidates.map((c) => c.family_id),
  );
  const thisYear = Number(tashkentDate(new Date()).slice(0, 4));
  const scored = candidates.map((c) => {
    const match = tracingMatchScore(
      sought,
      {
        surname: c.surname,
        givenName: c.given_name,
        patronymic: c.patronymic,
        sex: c.sex,
        birthYear: c.birth_year,
        birthDate: c.birth_date,
        placeNames: [c.name_uz_latn, c.name_uz_cyrl, c.name_ru, c.region_uz_latn, c.region_uz_cyrl, c.region_ru],
        country: c.whereabouts_country,
        family: members
          .filter((m) => m.family_id === c.family_id && m.id !== c.id)
          .map((m) => ({ surname: m.surname, givenName: m.given_name, sex: m.sex })),
      },
      thisYear,
    );
    return { c, match };
  });
  return scored
    .filter(({ match }) => match.score >= TRACING_MATCH_THRESHOLD)
    .sort((a, b) => b.match.score - a.match.score || a.c.id.localeCompare(b.c.id))
    .slice(0, MATCHES_SHOWN)
    .map(({ c, match }) => ({
      personId: c.id,
      score: match.score,
      reasons: match.reasons,
      surname: c.surname,
      givenName: c.given_name,
      patronymic: c.patronymic,
      birthYear: c.birth_year,
      sex: c.sex,
      district: { code: c.district_code, name: c[DISTRICT_NAME[locale]] || c.name_uz_latn },
      relative: match.relative && { relation: match.relative.relation, name: `${match.relative.surname} ${match.relative.givenName}` },
    }));
}

/**
 * Proposed matches for a request, from the whole register: the reader sees people beyond their own reach,
 * but only their names, birth year, sex, district and the matched relative's name. Every list is audited
 * with the persons it showed.
 */
export async function listMatches(ctx: RequestContext, id: string) {
  return withTx(ctx.db, async (trx) => {
    const row = await requestFor(ctx, trx, id, 'tracing.read');
    const items = await scoredMatches(trx, row, ctx.locale);
    await audit(trx, ctx, 'tracing.matches', { type: 'tracing_request', id: row.id }, { personIds: items.map((m) => m.personId) });
    return { items };
  });
}

async function writeStep(
  ctx: RequestContext,
  trx: Tx,
  row: repo.TracingFullRow,
  version: number,
  changes: repo.TracingChanges,
): Promise<void> {
  const written = await repo.updateTracing(trx, row.id, version, { ...changes, updated_by: ctx.actor.id });
  if (!written) throw new Conflict('version_conflict', toTracing(ctx, row));
}

/** A worker verifies a proposed match (nothing is final before): the request becomes `verified`. */
export async function verifyMatch(ctx: RequestContext, id: string, personId: string, input: TracingVerify) {
  return withTx(ctx.db, async (trx) => {
    const row = await requestFor(ctx, trx, id, 'tracing.update');
    const matches = await scoredMatches(trx, row, ctx.locale);
    const match = matches.find((m) => m.personId === personId.toLowerCase());
    if (!match) throw new NotFound();
    if (!tracingStepAllowed(row.status as TracingStatus, 'verify')) throw new Conflict('tracing_step_not_allowed', toTracing(ctx, row));
    await writeStep(ctx, trx, row, input.version, {
      status: tracingStepTarget('verify'),
      matched_person_id: match.personId,
      verified_by: ctx.actor.id,
      verified_at: new Date(),
      ...(input.note && { note: input.note }),
    });
    await onTimeline(trx, ctx, row.case_id, { kind: 'tracing.verified', details: { tracingRequestId: row.id, personId: match.personId } });
    await audit(trx, ctx, 'tracing.verify', { type: 'tracing_request', id: row.id }, { personId: match.personId, score: match.score });
    return toTracing(ctx, (await repo.findTracing(trx, row.id)) as repo.TracingFullRow);
  });
}

/** The case follow-up visits go to: the child's, else the open case of the verified person's family. */
async function followUpCase(trx: Tx, row: repo.TracingFullRow) {
  if (row.case_id) {
    const linked = await trx
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', row.case_id)
      .where('status', '!=', 'closed')
      .executeTakeFirst();
    if (linked) return linked;
  }
  const person = row.matched_person_id ? await repo.findPersonBrief(trx, row.matched_person_id) : undefined;
  return person ? repo.openCaseOfFamily(trx, person.family_id) : undefined;
}

/** A day `months` months after `day` (the last day of a shorter month). */
function monthsAfter(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month - 1 + months, Math.min(date, last))).toISOString().slice(0, 10);
}

/** Monthly follow-up visits for three months on the case, for its worker. */
async function planFollowUps(
  ctx: RequestContext,
  trx: Tx,
  row: repo.TracingFullRow,
): Promise<{ caseId: string | null; taskIds: string[] }> {
  const theCase = await followUpCase(trx, row);
  if (!theCase) return { caseId: null, taskIds: [] };
  const today = tashkentDate(new Date());
  const taskIds: string[] = [];
  for (const months of REUNIFICATION_FOLLOW_UP_MONTHS) {
    const dueDate = monthsAfter(today, months);
    const task = await insertTask(trx, {
      id: newId(),
      case_id: theCase.id,
      region_code: theCase.region_code,
      title: 'Follow-up visit after reunification',
      due_date: dueDate,
      due_sort: dueSort({ dueDate }),
      assignee_id: theCase.assigned_user_id,
      source: 'deadline',
      deadline: 'reunification_follow_up',
      created_by: ctx.actor.id,
      updated_by: ctx.actor.id,
    });
    taskIds.push(task.id);
    await recordCaseEvent(trx, {
      caseId: theCase.id,
      regionCode: theCase.region_code,
      kind: 'task.created',
      actorId: ctx.actor.id,
      details: { taskId: task.id },
    });
  }
  return { caseId: theCase.id, taskIds };
}

/**
 * Moves a request on by hand: `start` tracing (or back to it when a proposal was turned down), `propose` a
 * match for verification, `reunify` the child with the verified family (follow-up visits on the case),
 * `close` with a note. Each step is audited and, when the request is linked to a case, on its timeline.
 */
export async function takeStep(ctx: RequestContext, id: string, input: TracingStepInput) {
  return withTx(ctx.db, async (trx) => {
    const row = await requestFor(ctx, trx, id, 'tracing.update');
    if (input.step === 'propose' && !input.personId) throw new Invalid([{ path: 'personId', code: 'required' }]);
    if (input.step === 'close' && !input.note) throw new Invalid([{ path: 'note', code: 'required' }]);
    if (!tracingStepAllowed(row.status as TracingStatus, input.step)) throw new Conflict('tracing_step_not_allowed', toTracing(ctx, row));
    const changes: repo.TracingChanges = { status: tracingStepTarget(input.step) };
    let details: Record<string, unknown> = { step: input.step };
    if (input.step === 'propose') {
      const matches = await scoredMatches(trx, row, ctx.locale);
      const personId = input.personId?.toLowerCase();
      if (!matches.some((m) => m.personId === personId)) throw new Invalid([{ path: 'personId', code: 'tracing_not_a_match' }]);
      changes.matched_person_id = personId;
      details = { ...details, personId };
    }
    if (input.step === 'start' && row.status === 'match_proposed') changes.matched_person_id = null;
    if (input.step === 'close') {
      changes.closed_at = new Date();
      changes.close_note = input.note ?? null;
    }
    if (input.step === 'reunify') changes.reunified_at = new Date();
    await writeStep(ctx, trx, row, input.version, changes);
    if (input.step === 'reunify') {
      const followUps = await planFollowUps(ctx, trx, row);
      details = { ...details, ...followUps };
      await onTimeline(trx, ctx, followUps.caseId ?? row.case_id, {
        kind: 'tracing.reunified',
        details: { tracingRequestId: row.id, taskIds: followUps.taskIds },
      });
    }
    if (input.step === 'close') await onTimeline(trx, ctx, row.case_id, { kind: 'tracing.closed', details: { tracingRequestId: row.id } });
    await audit(trx, ctx, `tracing.${input.step}`, { type: 'tracing_request', id: row.id }, details);
    return toTracing(ctx, (await repo.findTracing(trx, row.id)) as repo.TracingFullRow);
  });
}
