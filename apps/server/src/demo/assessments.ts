import { type AssessmentAnswers, computeRisk, domainScores, FAMILY_INSTRUMENT_KEY, type InstrumentDefinition } from '@hamkor/domain';
import type { Tx } from '../db/database.ts';
import { audit } from '../lib/audit.ts';
import type { SystemContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { recordCaseEvent } from '../modules/cases/repo.ts';
import { latestInstrument, loadInstruments } from '../modules/instruments/repo.ts';

/**
 * Demo assessments: an approved one on every demo case past assessment (its answers give the case's risk
 * level), with its approved approval, and a draft on the Tursunovs' case, in assessment: a child without
 * a birth certificate and the mother without work, the father in Russia sending nothing.
 */
const FINE: AssessmentAnswers = {
  'safety.violence': 'none',
  'safety.neglect': 'met',
  'safety.supervision': 'always',
  'health.care': 'regular',
  'education.enrolment': 'all',
  'education.attendance': 'regular',
  'living.housing': 'adequate',
  'documents.birth_certificates': 'all',
  'documents.id_cards': 'all',
  'family.parenting': 'well',
  'support.mahalla': 'connected',
};

const BY_RISK: Record<string, AssessmentAnswers> = {
  low: { ...FINE, 'income.employment': 'seasonal', 'income.sufficiency': 'barely' },
  medium: { ...FINE, 'health.care': 'rarely', 'income.benefits': 'applied' },
  high: {
    ...FINE,
    'income.employment': 'none',
    'income.sufficiency': 'no_income',
    'migration.absent_parent': 'one_abroad',
    'migration.contact': 'none',
    'wellbeing.carer': 'depressed',
  },
};

export const TURSUNOVA_DRAFT: AssessmentAnswers = {
  'safety.violence': 'none',
  'safety.supervision': 'mostly',
  'documents.birth_certificates': 'missing',
  'income.employment': 'none',
  'migration.absent_parent': 'one_abroad',
};

const STRENGTHS = { family_relationships_parenting: 'Ona bolalarga mehribon, bolalar bir-biriga gʻamxoʻr.' };
const NEEDS = {
  documents_legal: 'Kenja oʻgʻilga tugʻilganlik guvohnomasi olish (FHDYo).',
  income_employment: 'Onani bandlik markaziga yoʻllash, moddiy yordam arizasi.',
};

export async function seedAssessments(trx: Tx, ctx: SystemContext, organisationId: string): Promise<void> {
  await loadInstruments(trx);
  const instrument = await latestInstrument(trx, FAMILY_INSTRUMENT_KEY);
  if (!instrument) throw new Error('the family instrument is missing');
  const def = instrument.definition as InstrumentDefinition;
  const rows = await trx
    .selectFrom('cases')
    .select(['id', 'status', 'risk_level', 'region_code', 'assigned_user_id', 'supervisor_id', 'opened_at'])
    .where('organisation_id', '=', organisationId)
    .where('status', 'in', ['assessment', 'planning', 'implementation', 'monitoring', 'closing', 'closed'])
    .execute();
  let count = 0;
  for (const row of rows) {
    const draft = row.status === 'assessment';
    const answers = draft ? TURSUNOVA_DRAFT : (BY_RISK[row.risk_level ?? 'low'] ?? FINE);
    const workerId = row.assigned_user_id ?? row.supervisor_id;
    if (!workerId) continue;
    const at = new Date(row.opened_at.getTime() + 3 * 86_400_000);
    const risk = computeRisk(def, answers, domainScores(def, answers));
    const id = newId();
    await trx
      .insertInto('assessments')
      .values({
        id,
        case_id: row.id,
        instrument_id: instrument.id,
        instrument_version: instrument.version,
        region_code: row.region_code,
        answers: JSON.stringify(answers),
        strengths: JSON.stringify(draft ? STRENGTHS : {}),
        needs: JSON.stringify(draft ? NEEDS : {}),
        computed_risk: draft ? null : risk.level,
        status: draft ? 'draft' : 'approved',
        submitted_at: draft ? null : at,
        approved_at: draft ? null : at,
        created_at: at,
        created_by: workerId,
        updated_at: at,
        updated_by: workerId,
      })
      .execute();
    const event = { caseId: row.id, regionCode: row.region_code, actorId: workerId, at };
    await recordCaseEvent(trx, {
      ...event,
      kind: 'assessment.created',
      details: { assessmentId: id, instrumentVersion: instrument.version },
    });
    count++;
    if (draft) continue;
    const approvalId = newId();
    await trx
      .insertInto('approvals')
      .values({
        id: approvalId,
        case_id: row.id,
        region_code: row.region_code,
        kind: 'assessment',
        status: 'approved',
        requested_by: workerId,
        requested_at: at,
        assigned_to: row.supervisor_id,
        payload: JSON.stringify({ assessmentId: id, riskLevel: risk.level }),
        decided_by: row.supervisor_id,
        decided_at: at,
      })
      .execute();
    await recordCaseEvent(trx, { ...event, kind: 'assessment.submitted', details: { assessmentId: id, riskLevel: risk.level } });
    await recordCaseEvent(trx, {
      ...event,
      actorId: row.supervisor_id,
      kind: 'assessment.approved',
      details: { assessmentId: id, approvalId },
    });
  }
  const screened = await seedScreenings(trx, organisationId, instrument.id, instrument.version);
  await audit(trx, ctx, 'demo.seed_assessments', null, { assessments: count, screenings: screened });
}

/**
 * The intake cases opened a day or more ago have been screened at the first contact: no child in danger
 * or alone, food and a roof, no urgent care (the school's report on a girl who left school to mind her
 * brothers is routine work). Cases opened today still wait for theirs.
 */
const ROUTINE_SCREENING: AssessmentAnswers = {
  'screen.danger_now': 'no',
  'screen.alone': 'no',
  'screen.food_shelter': 'no',
  'screen.health': 'no',
};

async function seedScreenings(trx: Tx, organisationId: string, instrumentId: string, instrumentVersion: number): Promise<number> {
  const rows = await trx
    .selectFrom('cases')
    .select(['id', 'region_code', 'district_code', 'assigned_user_id', 'supervisor_id', 'opened_at'])
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'intake')
    .where('opened_at', '<=', new Date(Date.now() - 86_400_000))
    .execute();
  let count = 0;
  for (const row of rows) {
    const workerId = row.assigned_user_id ?? row.supervisor_id;
    if (!workerId) continue;
    const at = new Date(Math.min(row.opened_at.getTime() + 4 * 3_600_000, Date.now()));
    await trx
      .insertInto('case_screenings')
      .values({
        case_id: row.id,
        instrument_id: instrumentId,
        instrument_version: instrumentVersion,
        region_code: row.region_code,
        district_code: row.district_code,
        answers: JSON.stringify(ROUTINE_SCREENING),
        urgency: 'routine',
        created_at: at,
        created_by: workerId,
        updated_at: at,
        updated_by: workerId,
      })
      .execute();
    await recordCaseEvent(trx, {
      caseId: row.id,
      regionCode: row.region_code,
      actorId: workerId,
      at,
      kind: 'screening.recorded',
      details: { urgency: 'routine', urgencyRaised: false, firstContactTaskId: null },
    });
    count++;
  }
  return count;
}
