import {
  type AnyInstrumentDefinition,
  type AssessmentAnswers,
  type AssessmentCreate,
  type AssessmentUpdate,
  answerProblems,
  Conflict,
  computeReadiness,
  computeRisk,
  type DomainRating,
  domainScores,
  effectiveRisk,
  FAMILY_INSTRUMENT_KEY,
  Invalid,
  isReadiness,
  type NotAssessedMark,
  NotFound,
  OUT_OF_FAMILY_TYPES,
  overrideProblem,
  type ReadinessLevel,
  type RiskLevel,
  readinessOfRisk,
  riskOfReadiness,
  scoreChanges,
  submissionProblems,
  uzCategory,
} from '@hamkor/domain';
import type { Db, Tx } from '../../db/database.ts';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { newId } from '../../lib/ids.ts';
import type { ApprovalRow } from '../approvals/repo.ts';
import { requestApproval } from '../approvals/request.ts';
import { caseFor, writableCase } from '../cases/access.ts';
import * as cases from '../cases/repo.ts';
import { findInstrument, latestInstrument } from '../instruments/repo.ts';
import { completeDeadlineTasks, insertTask } from '../tasks/repo.ts';
import { firstContactTask } from '../tasks/service.ts';
import * as repo from './repo.ts';

type Texts = Record<string, string>;
type Instrument = { key: string; definition: AnyInstrumentDefinition };

/** The instrument definitions of the rows at hand, each read once. */
async function definitions(db: Db | Tx, ids: string[]): Promise<Map<string, Instrument>> {
  const found = new Map<string, Instrument>();
  for (const id of new Set(ids)) {
    const row = await findInstrument(db, id);
    if (row) found.set(id, { key: row.key, definition: row.definition as AnyInstrumentDefinition });
  }
  return found;
}

/** The instrument's rule applied: the readiness (with the risk level it stands for), or the risk. */
function resultOf(def: AnyInstrumentDefinition, answers: AssessmentAnswers, scores: ReturnType<typeof domainScores>) {
  if (!isReadiness(def)) return { ready: null, risk: computeRisk(def, answers, scores) };
  const ready = computeReadiness(def, answers, scores);
  return { ready, risk: { ...ready, level: riskOfReadiness(ready.level) } };
}

/**
 * What the rules make of an assessment: domain scores, the result and its reasons, the national category.
 * A readiness assessment's result is stored and answered as the risk level it stands for (ready low, ready
 * with support medium, not yet ready high), with `readiness` beside it; it has no override.
 */
function evaluate(def: AnyInstrumentDefinition, row: repo.AssessmentRow) {
  const answers = row.answers as AssessmentAnswers;
  const scores = domainScores(
    def,
    answers,
    row.domain_ratings as Record<string, DomainRating>,
    row.not_assessed as Record<string, NotAssessedMark>,
  );
  const { ready, risk } = resultOf(def, answers, scores);
  const riskLevel = (row.status === 'draft' || row.status === 'returned' ? risk.level : (row.computed_risk ?? risk.level)) as RiskLevel;
  const standing = effectiveRisk(riskLevel, { level: row.override_risk as RiskLevel | null, approved: row.override_status === 'approved' });
  const readiness: ReadinessLevel | null = ready ? readinessOfRisk(riskLevel) : null;
  return { scores, risk, riskLevel, standing, readiness };
}

export function toAssessment(row: repo.AssessmentRow, instrument: Instrument, returnComment: string | null = null) {
  const { scores, risk, riskLevel, standing, readiness } = evaluate(instrument.definition, row);
  return {
    id: row.id,
    caseId: row.case_id,
    childId: row.child_id,
    instrumentId: row.instrument_id,
    instrumentKey: instrument.key,
    instrumentVersion: row.instrument_version,
    readiness,
    status: row.status as 'draft' | 'submitted' | 'approved' | 'returned',
    answers: row.answers as AssessmentAnswers,
    domainRatings: row.domain_ratings as Record<string, DomainRating>,
    strengths: row.strengths as Texts,
    needs: row.needs as Texts,
    notAssessed: row.not_assessed as Record<string, NotAssessedMark>,
    domainScores: scores,
    riskLevel,
    points: risk.points,
    reasons: risk.reasons,
    incomplete: risk.incomplete,
    category: uzCategory(riskLevel),
    overrideRisk: row.override_risk as RiskLevel | null,
    overrideReason: row.override_reason,
    overrideStatus: row.override_status as 'pending' | 'approved' | 'returned' | null,
    returnComment,
    effectiveRisk: standing,
    effectiveCategory: uzCategory(standing),
    submittedAt: row.submitted_at?.toISOString() ?? null,
    approvedAt: row.approved_at?.toISOString() ?? null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

async function detail(db: Db | Tx, row: repo.AssessmentRow) {
  const instrument = (await definitions(db, [row.instrument_id])).get(row.instrument_id);
  if (!instrument) throw new Error('an assessment without its instrument');
  // Kept while the worker reworks it (an edit turns a returned assessment back into a draft).
  const comment = row.status === 'returned' || row.status === 'draft' ? await repo.returnComment(db, row.case_id, row.id) : null;
  return toAssessment(row, instrument, comment);
}

function checkAnswers(def: AnyInstrumentDefinition, answers: AssessmentAnswers) {
  const problems = answerProblems(def, answers);
  if (problems.length) throw new Invalid(problems);
}

/** Keeps what the instrument still asks: a reassessment on a newer version drops answers it no longer knows. */
function stillAsked(def: AnyInstrumentDefinition, answers: AssessmentAnswers): AssessmentAnswers {
  const bad = new Set(answerProblems(def, answers).map((p) => p.path.slice('answers.'.length)));
  return Object.fromEntries(Object.entries(answers).filter(([question]) => !bad.has(question)));
}

/**
 * The child a readiness assessment weighs the return of: one of the case's family whose current arrangement
 * is a placement outside the family — the one named, or the family's only child in care.
 */
async function childInCare(trx: Tx, theCase: cases.CaseRow, childId: string | undefined): Promise<string> {
  const placed = (await repo.childrenPlaced(trx, theCase.family_id, OUT_OF_FAMILY_TYPES)).map((row) => row.id);
  if (childId) {
    const child = await trx
      .selectFrom('persons')
      .select('id')
      .where('id', '=', childId)
      .where('family_id', '=', theCase.family_id)
      .where('merged_into', 'is', null)
      .executeTakeFirst();
    if (!child) throw new Invalid([{ path: 'childId', code: 'unknown_person' }]);
    if (!placed.includes(child.id)) throw new Invalid([{ path: 'childId', code: 'not_in_care' }]);
    return child.id;
  }
  const [only, ...others] = placed;
  if (!only) throw new Invalid([{ path: 'childId', code: 'no_child_in_care' }]);
  if (others.length) throw new Invalid([{ path: 'childId', code: 'required' }]);
  return only;
}

/**
 * Starts an assessment of the case, as a draft. Without answers it is a reassessment: the answers,
 * ratings, strengths and needs of the case's last approved assessment are its starting point. A readiness
 * assessment is of one child in care: the child's own last approved one is its starting point.
 */
export async function startAssessment(ctx: RequestContext, caseId: string, input: AssessmentCreate) {
  return withTx(ctx.db, async (trx) => {
    const theCase = await writableCase(ctx, trx, caseId, 'case.update');
    // A create sent again with its id is told so, before the draft it made is taken for another one in progress.
    if (input.id && (await repo.findAssessment(trx, input.id))) throw new Conflict('already_exists');
    const instrument = input.instrumentId
      ? await findInstrument(trx, input.instrumentId)
      : await latestInstrument(trx, FAMILY_INSTRUMENT_KEY);
    if (!instrument) throw new Invalid([{ path: 'instrumentId', code: 'unknown_instrument' }]);
    const def = instrument.definition as AnyInstrumentDefinition;
    if (!isReadiness(def) && input.childId) throw new Invalid([{ path: 'childId', code: 'child_not_expected' }]);
    const childId = isReadiness(def) ? await childInCare(trx, theCase, input.childId) : null;
    const open = await repo.openAssessment(trx, caseId, childId);
    if (open) throw new Conflict('assessment_in_progress', undefined, { assessmentId: open.id });
    const previous = input.answers ? undefined : await repo.lastApproved(trx, caseId, childId);
    const answers = input.answers ?? stillAsked(def, (previous?.answers as AssessmentAnswers) ?? {});
    checkAnswers(def, answers);
    const row = await repo.insertAssessment(trx, {
      id: input.id?.toLowerCase() ?? newId(),
      case_id: caseId,
      child_id: childId,
      instrument_id: instrument.id,
      instrument_version: instrument.version,
      region_code: theCase.region_code,
      answers: JSON.stringify(answers),
      domain_ratings: JSON.stringify(previous?.domain_ratings ?? {}),
      strengths: JSON.stringify(previous?.strengths ?? {}),
      needs: JSON.stringify(previous?.needs ?? {}),
      created_by: ctx.actor.id,
      updated_by: ctx.actor.id,
    });
    const prefilledFrom = previous?.id ?? null;
    await cases.recordCaseEvent(trx, {
      caseId,
      regionCode: theCase.region_code,
      kind: 'assessment.created',
      actorId: ctx.actor.id,
      details: { assessmentId: row.id, instrumentKey: instrument.key, instrumentVersion: instrument.version, prefilledFrom, childId },
    });
    await audit(
      trx,
      ctx,
      'assessment.create',
      { type: 'assessment', id: row.id },
      {
        caseId,
        instrumentKey: instrument.key,
        instrumentVersion: instrument.version,
        answers: Object.keys(answers).length,
        prefilledFrom,
        childId,
      },
    );
    return detail(trx, row);
  });
}

/** The assessment and its case, when the actor may act on the case; 404 otherwise. */
async function assessmentFor(ctx: RequestContext, trx: Tx, id: string, write: boolean) {
  const found = await repo.findAssessment(trx, id);
  if (!found) throw new NotFound();
  const theCase = write ? await writableCase(ctx, trx, found.case_id, 'case.update') : await caseFor(ctx, trx, found.case_id, 'case.read');
  const row = write ? await repo.lockAssessment(trx, id) : found;
  if (!row) throw new NotFound();
  return { row, theCase };
}

export async function getAssessment(ctx: RequestContext, id: string) {
  return withTx(ctx.db, async (trx) => {
    const { row } = await assessmentFor(ctx, trx, id, false);
    await audit(trx, ctx, 'assessment.read', { type: 'assessment', id }, { caseId: row.case_id });
    return detail(trx, row);
  });
}

const merge = <T>(current: unknown, changes: Record<string, T | null> | undefined) => {
  const next: Record<string, T> = { ...(current as Record<string, T>) };
  for (const [key, value] of Object.entries(changes ?? {}))
    if (value === null || value === '') delete next[key];
    else next[key] = value as T;
  return next;
};

function editable(row: repo.AssessmentRow, detailOf: () => Promise<unknown>) {
  if (row.status !== 'draft' && row.status !== 'returned')
    return detailOf().then((current) => new Conflict('assessment_not_editable', current));
  return null;
}

/** Saves a draft as the worker goes: answers and texts are merged, a null clears one; versioned. */
export async function updateAssessment(ctx: RequestContext, id: string, input: AssessmentUpdate) {
  return withTx(ctx.db, async (trx) => {
    const { row } = await assessmentFor(ctx, trx, id, true);
    const refused = editable(row, () => detail(trx, row));
    if (refused) throw await refused;
    if (input.version !== row.version) throw new Conflict('version_conflict', await detail(trx, row));
    const instrument = (await definitions(trx, [row.instrument_id])).get(row.instrument_id);
    if (!instrument) throw new Error('an assessment without its instrument');
    const def = instrument.definition;
    // The supervisor returns a readiness result they judge otherwise; the worker proposes no other level.
    if (isReadiness(def) && input.overrideRisk) throw new Invalid([{ path: 'overrideRisk', code: 'override_not_available' }]);
    checkAnswers(def, merge<string>(row.answers, input.answers));
    const domains = new Set(def.domains.map((d) => d.key));
    const strangers = [
      ...Object.keys(input.notAssessed ?? {}).map((key) => `notAssessed.${key}`),
      ...Object.keys(input.domainRatings ?? {}).map((key) => `domainRatings.${key}`),
      ...Object.keys(input.strengths ?? {}).map((key) => `strengths.${key}`),
      ...Object.keys(input.needs ?? {}).map((key) => `needs.${key}`),
    ].filter((path) => !domains.has(path.slice(path.indexOf('.') + 1)));
    if (strangers.length) throw new Invalid(strangers.map((path) => ({ path, code: 'unknown_domain' })));
    const notAssessed = merge<NotAssessedMark>(row.not_assessed, input.notAssessed);
    // A domain marked "not assessed" keeps no answers nor adjusted rating: nothing in it may count.
    const marked = def.domains.filter((d) => notAssessed[d.key]);
    const answers = merge<string>(row.answers, input.answers);
    for (const question of marked.flatMap((d) => d.questions)) delete answers[question.key];
    const domainRatings = merge<DomainRating>(row.domain_ratings, input.domainRatings);
    for (const d of marked) delete domainRatings[d.key];
    const override: { override_risk?: string | null; override_reason?: string | null; override_status?: null } =
      input.overrideRisk !== undefined
        ? {
            override_risk: input.overrideRisk,
            override_reason: input.overrideRisk ? (input.overrideReason ?? null) : null,
            override_status: null,
          }
        : input.overrideReason !== undefined && row.override_risk
          ? { override_reason: input.overrideReason }
          : {};
    const problem = overrideProblem(
      (override.override_risk === undefined ? row.override_risk : override.override_risk) as RiskLevel | null,
      override.override_reason === undefined ? row.override_reason : override.override_reason,
    );
    if (problem) throw new Invalid([{ path: 'overrideReason', code: problem }]);
    const updated = await repo.updateAssessment(trx, id, row.version, {
      answers: JSON.stringify(answers),
      domain_ratings: JSON.stringify(domainRatings),
      not_assessed: JSON.stringify(notAssessed),
      strengths: JSON.stringify(merge<string>(row.strengths, input.strengths)),
      needs: JSON.stringify(merge<string>(row.needs, input.needs)),
      ...override,
      status: 'draft',
      updated_by: ctx.actor.id,
    });
    if (!updated) throw new Conflict('version_conflict', await detail(trx, row));
    await audit(
      trx,
      ctx,
      'assessment.update',
      { type: 'assessment', id },
      { caseId: row.case_id, fields: Object.keys(input).filter((key) => key !== 'version') },
    );
    return detail(trx, updated);
  });
}

/** Asks the case's supervisor to approve the assessment or its override; the timeline names the assessment. */
const requestDecision = (
  ctx: RequestContext,
  trx: Tx,
  theCase: cases.CaseRow,
  kind: 'assessment' | 'risk_override',
  payload: { assessmentId: string } & Record<string, unknown>,
) => requestApproval(ctx, trx, theCase, { kind, payload, event: { assessmentId: payload.assessmentId } });

/** The case's risk level follows an approved assessment: an approved override, else the computed level. */
async function setCaseRisk(trx: Tx, theCase: cases.CaseRow, level: RiskLevel, actorId: string) {
  const updated = await cases.updateCase(trx, theCase.id, theCase.version, { risk_level: level, updated_by: actorId });
  if (!updated) throw new Conflict('version_conflict', cases.toCase(theCase));
  const firstContact = firstContactTask(updated, level, actorId);
  if (firstContact) await insertTask(trx, firstContact);
  return { ...theCase, ...updated };
}

/**
 * Submits the assessment: the rules compute the domain scores and the risk with its reasons, and the
 * case's supervisor is asked to approve it (and the override, when the worker changed the level). Where
 * the organisation has turned approval gates off, it is approved at once and the skip is on the timeline.
 */
export async function submitAssessment(ctx: RequestContext, id: string, input: { version: number }) {
  return withTx(ctx.db, async (trx) => {
    const { row, theCase } = await assessmentFor(ctx, trx, id, true);
    const refused = editable(row, () => detail(trx, row));
    if (refused) throw await refused;
    if (input.version !== row.version) throw new Conflict('version_conflict', await detail(trx, row));
    const problem = overrideProblem(row.override_risk as RiskLevel | null, row.override_reason);
    if (problem) throw new Invalid([{ path: 'overrideReason', code: problem }]);
    const instrument = (await definitions(trx, [row.instrument_id])).get(row.instrument_id);
    if (!instrument) throw new Error('an assessment without its instrument');
    const { risk, scores, readiness } = evaluate(instrument.definition, { ...row, status: 'draft' });
    // A domain nobody answered would count as no concern and show an unassessed family as safe: every domain
    // is answered or marked "not assessed" with a reason, and at least one is answered.
    const gaps = submissionProblems(instrument.definition, scores);
    if (gaps.length) throw new Invalid(gaps);
    const gatesOn = await cases.approvalGatesOn(trx, theCase.organisation_id);
    const hasOverride = !!row.override_risk && row.override_risk !== risk.level;
    const now = new Date();
    const submitted = await repo.updateAssessment(trx, id, row.version, {
      status: gatesOn ? 'submitted' : 'approved',
      computed_risk: risk.level,
      submitted_at: now,
      approved_at: gatesOn ? null : now,
      override_status: hasOverride ? (gatesOn ? 'pending' : 'approved') : null,
      updated_by: ctx.actor.id,
    });
    if (!submitted) throw new Conflict('version_conflict', await detail(trx, row));
    // A readiness assessment is not the family assessment the case's deadline waits for.
    if (!readiness) await completeDeadlineTasks(trx, theCase.id, 'assessment_due', ctx.actor.id);
    const event = { caseId: theCase.id, regionCode: theCase.region_code, actorId: ctx.actor.id };
    await cases.recordCaseEvent(trx, {
      ...event,
      kind: 'assessment.submitted',
      details: {
        assessmentId: id,
        riskLevel: risk.level,
        points: risk.points,
        override: hasOverride ? row.override_risk : null,
        notAssessed: risk.notAssessed,
        ...(readiness && { readiness, childId: row.child_id }),
      },
    });
    if (gatesOn) {
      await requestDecision(ctx, trx, theCase, 'assessment', {
        assessmentId: id,
        riskLevel: risk.level,
        ...(readiness && { readiness, childId: row.child_id }),
      });
      if (hasOverride)
        await requestDecision(ctx, trx, theCase, 'risk_override', {
          assessmentId: id,
          computedRisk: risk.level,
          overrideRisk: row.override_risk,
          reason: row.override_reason,
        });
    } else {
      await cases.recordCaseEvent(trx, { ...event, kind: 'approval.skipped', details: { gate: 'assessment', assessmentId: id } });
      await cases.recordCaseEvent(trx, { ...event, kind: 'assessment.approved', details: { assessmentId: id } });
      // The family's readiness for a child's return is not the family's risk.
      if (!readiness) await setCaseRisk(trx, theCase, (hasOverride ? row.override_risk : risk.level) as RiskLevel, ctx.actor.id);
    }
    await audit(
      trx,
      ctx,
      'assessment.submit',
      { type: 'assessment', id },
      {
        caseId: theCase.id,
        riskLevel: risk.level,
        readiness,
        override: hasOverride,
        gateSkipped: !gatesOn,
        notAssessed: risk.notAssessed.length,
      },
    );
    return detail(trx, submitted);
  });
}

/**
 * What a decision on an assessment or a risk override does (called by the approvals module in its
 * transaction): an approved assessment sets the case's risk level; a returned one goes back to the worker.
 */
export async function settleAssessmentApproval(
  ctx: RequestContext,
  trx: Tx,
  theCase: cases.CaseRow,
  approval: ApprovalRow,
  approve: boolean,
) {
  const assessmentId = (approval.payload as { assessmentId?: string }).assessmentId;
  const row = assessmentId ? await repo.lockAssessment(trx, assessmentId) : undefined;
  if (!row) return;
  const event = { caseId: theCase.id, regionCode: theCase.region_code, actorId: ctx.actor.id };
  if (approval.kind === 'assessment') {
    const updated = await repo.updateAssessment(trx, row.id, row.version, {
      status: approve ? 'approved' : 'returned',
      approved_at: approve ? new Date() : null,
      updated_by: ctx.actor.id,
    });
    if (!updated) throw new Conflict('version_conflict');
    await cases.recordCaseEvent(trx, {
      ...event,
      kind: approve ? 'assessment.approved' : 'assessment.returned',
      details: { assessmentId: row.id, approvalId: approval.id },
    });
    // A readiness assessment (of a child, `child_id`) leaves the case's risk as it is.
    if (approve && !row.child_id) {
      const computed = (row.computed_risk ?? 'low') as RiskLevel;
      const level = effectiveRisk(computed, { level: row.override_risk as RiskLevel | null, approved: row.override_status === 'approved' });
      await setCaseRisk(trx, theCase, level, ctx.actor.id);
    }
    return;
  }
  if (approval.kind === 'risk_override') {
    const updated = await repo.updateAssessment(trx, row.id, row.version, {
      override_status: approve ? 'approved' : 'returned',
      updated_by: ctx.actor.id,
    });
    if (!updated) throw new Conflict('version_conflict');
    if (approve && row.status === 'approved' && row.override_risk)
      await setCaseRisk(trx, theCase, row.override_risk as RiskLevel, ctx.actor.id);
  }
}

/** The case's assessments, newest first, with the domain scores of each and the change from the one before. */
export async function listCaseAssessments(ctx: RequestContext, caseId: string) {
  return withTx(ctx.db, async (trx) => {
    await caseFor(ctx, trx, caseId, 'case.read');
    const rows = await repo.caseAssessments(trx, caseId);
    const instruments = await definitions(
      trx,
      rows.map((row) => row.instrument_id),
    );
    const items = rows.map((row) => {
      const instrument = instruments.get(row.instrument_id);
      if (!instrument) throw new Error('an assessment without its instrument');
      const { scores, riskLevel, standing, readiness } = evaluate(instrument.definition, row);
      return {
        id: row.id,
        status: row.status as 'draft' | 'submitted' | 'approved' | 'returned',
        instrumentId: row.instrument_id,
        instrumentKey: instrument.key,
        instrumentVersion: row.instrument_version,
        childId: row.child_id,
        readiness,
        riskLevel,
        effectiveRisk: standing,
        category: uzCategory(standing),
        incomplete: Object.values(scores).some((s) => s.notAssessed),
        domainScores: Object.fromEntries(
          Object.entries(scores).map(([key, s]) => [key, { score: s.score, rating: s.rating, notAssessed: s.notAssessed }]),
        ),
        createdAt: row.created_at.toISOString(),
        submittedAt: row.submitted_at?.toISOString() ?? null,
        approvedAt: row.approved_at?.toISOString() ?? null,
        version: row.version,
      };
    });
    // Each compared with the one before it of the same kind: the family's, or the same child's readiness.
    const withChange = items.map((item, index) => {
      const older = items.slice(index + 1).find((other) => other.childId === item.childId);
      return { ...item, change: older ? scoreChanges(older.domainScores, item.domainScores) : null };
    });
    await audit(trx, ctx, 'assessment.list', { type: 'case', id: caseId }, { results: items.length });
    return { items: withChange };
  });
}
