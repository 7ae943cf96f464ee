import {
  type AssessmentAnswers,
  computeReadiness,
  domainScores,
  EMERGENCY_REVIEW_HOURS,
  GATEKEEPING_OPTIONS,
  READINESS_INSTRUMENT_KEY,
  type ReadinessDefinition,
  riskOfReadiness,
  tashkentDate,
} from '@hamkor/domain';
import type { Tx } from '../db/database.ts';
import { audit } from '../lib/audit.ts';
import type { SystemContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { insertApproval } from '../modules/approvals/repo.ts';
import { insertArrangement } from '../modules/care/repo.ts';
import { addMonths } from '../modules/care/service.ts';
import { recordCaseEvent } from '../modules/cases/repo.ts';
import { latestInstrument, loadInstruments } from '../modules/instruments/repo.ts';
import { notify } from '../modules/notifications/repo.ts';
import { insertOrganisation } from '../modules/organisations/repo.ts';
import { dueSort, insertTask } from '../modules/tasks/repo.ts';
import { insertUser } from '../modules/users/repo.ts';

const TERMIZ_CITY = '1722401';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const WHY: Record<(typeof GATEKEEPING_OPTIONS)[number], string> = {
  support_at_home: 'Ona ogʻir kasal, shifoxonada; uyda bolaga qaraydigan kattalar yoʻq.',
  kinship_care: 'Buvisi 78 yoshda, oʻzi parvarishga muhtoj; boshqa qarindoshlar Rossiyada.',
  guardianship: 'Mahalla vasiylikka nomzod topmadi.',
  foster_family: 'Surxondaryo viloyatida boʻsh patronat oila yoʻq.',
};

/**
 * The family's readiness for the boy's return, assessed twice: eight months ago not yet ready (no room for
 * him at home, his mother still in treatment, few preparation visits), two weeks ago ready with support.
 */
const READINESS_STORY: {
  monthsAgo: number;
  answers: AssessmentAnswers;
  strengths: Record<string, string>;
  needs: Record<string, string>;
}[] = [
  {
    monthsAgo: 8,
    answers: {
      'return.child_wish': 'agrees',
      'return.contact': 'visits',
      'return.preparation': 'few',
      'return.reasons_resolved': 'partly',
      'return.housing': 'none',
      'return.income': 'no',
      'return.school_place': 'not_yet',
      'return.health_needs': 'arranged',
      'return.mahalla': 'some',
      'return.follow_up': 'arranging',
    },
    strengths: { child_wishes_relationship: 'Bola onasini sogʻinadi, har oy uchrashadi.' },
    needs: {
      housing_living: 'Uyning tomi buzilgan, bolaga xona yoʻq: mahalla bilan taʼmir.',
      safety_reasons_resolved: 'Ona hali davolanmoqda; shifokor xulosasi kerak.',
    },
  },
  {
    monthsAgo: 0.5,
    answers: {
      'return.child_wish': 'wants',
      'return.contact': 'regular',
      'return.preparation': 'most',
      'return.reasons_resolved': 'mostly',
      'return.housing': 'poor',
      'return.income': 'barely',
      'return.benefits': 'not_applied',
      'return.school_place': 'agreed',
      'return.services': 'some',
      'return.health_needs': 'met',
      'return.mahalla': 'active',
      'return.follow_up': 'yes',
    },
    strengths: {
      child_wishes_relationship: 'Bola uyga qaytishni xohlaydi; dam olish kunlarini uyda oʻtkazmoqda.',
      community_mahalla: 'Mahalla raisi xonani taʼmirlashga yordam berdi.',
    },
    needs: {
      housing_living: 'Qish oldidan pechka va deraza taʼmiri.',
      income_basic_needs: 'Bolali oilalarga nafaqa uchun ariza («Ijtimoiy himoya yagona reestri»).',
    },
  },
];

async function seedReadiness(trx: Tx, row: { id: string; region_code: string; child_id: string }, worker: string, supervisor: string) {
  await loadInstruments(trx);
  const instrument = await latestInstrument(trx, READINESS_INSTRUMENT_KEY);
  if (!instrument) throw new Error('the readiness instrument is missing');
  const def = instrument.definition as ReadinessDefinition;
  for (const story of READINESS_STORY) {
    const at = new Date(Date.now() - story.monthsAgo * 30 * DAY_MS);
    const result = computeReadiness(def, story.answers, domainScores(def, story.answers));
    const id = newId();
    await trx
      .insertInto('assessments')
      .values({
        id,
        case_id: row.id,
        child_id: row.child_id,
        instrument_id: instrument.id,
        instrument_version: instrument.version,
        region_code: row.region_code,
        answers: JSON.stringify(story.answers),
        strengths: JSON.stringify(story.strengths),
        needs: JSON.stringify(story.needs),
        computed_risk: riskOfReadiness(result.level),
        status: 'approved',
        submitted_at: at,
        approved_at: at,
        created_at: at,
        created_by: worker,
        updated_at: at,
        updated_by: worker,
      })
      .execute();
    const event = { caseId: row.id, regionCode: row.region_code, actorId: worker, at };
    await recordCaseEvent(trx, {
      ...event,
      kind: 'assessment.created',
      details: { assessmentId: id, instrumentKey: instrument.key, instrumentVersion: instrument.version, childId: row.child_id },
    });
    await trx
      .insertInto('approvals')
      .values({
        id: newId(),
        case_id: row.id,
        region_code: row.region_code,
        kind: 'assessment',
        status: 'approved',
        requested_by: worker,
        requested_at: at,
        assigned_to: supervisor,
        payload: JSON.stringify({
          assessmentId: id,
          riskLevel: riskOfReadiness(result.level),
          readiness: result.level,
          childId: row.child_id,
        }),
        decided_by: supervisor,
        decided_at: at,
      })
      .execute();
    await recordCaseEvent(trx, { ...event, kind: 'assessment.approved', details: { assessmentId: id } });
  }
}

/**
 * Children in care: a Mehribonlik home in Termiz with its educator (staff.mehribonlik), who sees only the
 * children placed there; a Shoʻrchi boy placed there two years ago after gatekeeping, now being prepared to
 * return home (preparation visits on the case); and a girl placed yesterday as an emergency, waiting for
 * the supervisor's 72-hour review.
 */
export async function seedCare(
  trx: Tx,
  ctx: SystemContext,
  input: { passwordHash: string; regionOf: (district: string) => Promise<string>; supervisor: string; worker: string },
): Promise<void> {
  const homeId = newId();
  await insertOrganisation(trx, {
    id: homeId,
    name: 'Termiz shahar 21-sonli «Mehribonlik» uyi',
    name_uz_cyrl: 'Термиз шаҳар 21-сонли «Меҳрибонлик» уйи',
    name_ru: 'Детский дом «Мехрибонлик» № 21 города Термеза',
    name_en: 'Termiz Mehribonlik Children’s Home No. 21',
    name_kaa: null,
    kind: 'residential_care',
    district_code: TERMIZ_CITY,
    region_code: await input.regionOf(TERMIZ_CITY),
    territories: [],
    address: 'Termiz shahri, Islom Karimov koʻchasi, 64',
    phone: '+998762231421',
    approval_gates: true,
    active: true,
    created_by: null,
    updated_by: null,
  });
  await insertUser(trx, {
    id: newId(),
    username: 'staff.mehribonlik',
    display_name: 'Zulfiya Karimova',
    organisation_id: homeId,
    roles: ['social_worker'],
    scope_level: 'own',
    scope_territory_code: null,
    supervisor_id: null,
    locale: 'uz-Latn',
    password_hash: input.passwordHash,
    created_by: null,
    active: true,
    updated_by: null,
  });

  // Two open cases of the Shoʻrchi worker's with a child in the family.
  const cases = await trx
    .selectFrom('cases')
    .innerJoin('persons', 'persons.family_id', 'cases.family_id')
    .select([
      'cases.id',
      'cases.number',
      'cases.region_code',
      'persons.id as child_id',
      'persons.birth_date',
      'persons.region_code as child_region',
    ])
    .where('cases.assigned_user_id', '=', input.worker)
    // Cases of the worker's that no other story of the demo is about: past assessment, nothing waiting.
    .where('cases.status', 'in', ['planning', 'implementation', 'monitoring'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('approvals')
            .select('approvals.id')
            .whereRef('approvals.case_id', '=', 'cases.id')
            .where('approvals.status', '=', 'pending'),
        ),
      ),
    )
    .where('persons.relationship', '=', 'child')
    .where('persons.merged_into', 'is', null)
    .orderBy('cases.opened_at')
    .orderBy('persons.birth_date', 'desc')
    .execute();
  const seen = new Set<string>();
  const picked = cases
    .filter((row) => {
      if (seen.has(row.id)) return false;
      seen.add(row.id);
      return true;
    })
    .slice(0, 2);
  const [returning, emergency] = picked;
  const now = new Date();
  const today = tashkentDate(now);
  const optionsConsidered = GATEKEEPING_OPTIONS.map((option) => ({ option, why: WHY[option] }));
  const arrangement = (row: NonNullable<typeof returning>, values: Record<string, unknown>) =>
    insertArrangement(trx, {
      id: newId(),
      person_id: row.child_id,
      region_code: row.child_region,
      case_id: row.id,
      authority: 'Shoʻrchi tuman hokimligi vasiylik va homiylik organi',
      created_by: input.worker,
      updated_by: input.worker,
      ...(values as { type: string; start_date: string; change_reason: string }),
    });

  if (returning) {
    const placedOn = addMonths(today, -26);
    const approvalId = newId();
    await insertApproval(trx, {
      id: approvalId,
      caseId: returning.id,
      regionCode: returning.region_code,
      kind: 'gatekeeping',
      requestedBy: input.worker,
      assignedTo: input.supervisor,
      payload: { childId: returning.child_id, optionsConsidered, proposedType: 'mehribonlik_home', emergency: false, reviewTaskId: null },
    });
    await trx
      .updateTable('approvals')
      .set({
        status: 'approved',
        decided_by: input.supervisor,
        decided_at: new Date(`${placedOn}T09:00:00+05:00`),
        requested_at: new Date(new Date(`${placedOn}T09:00:00+05:00`).getTime() - 3 * DAY_MS),
        payload: JSON.stringify({
          childId: returning.child_id,
          optionsConsidered,
          proposedType: 'mehribonlik_home',
          emergency: false,
          reviewTaskId: null,
          authorityDecision: `Vasiylik organi qarori № 318, ${placedOn}`,
        }),
      })
      .where('id', '=', approvalId)
      .execute();
    await arrangement(returning, {
      type: 'parents',
      start_date: returning.birth_date ?? '2014-01-01',
      end_date: placedOn,
      authority: 'Tugʻilgandan beri ota-onasi bilan',
      change_reason: 'other',
    });
    await arrangement(returning, {
      type: 'mehribonlik_home',
      start_date: placedOn,
      organisation_id: homeId,
      document_ref: '№ 318',
      change_reason: 'illness_disability',
      gatekeeping_approval_id: approvalId,
    });
    await recordCaseEvent(trx, {
      caseId: returning.id,
      regionCode: returning.region_code,
      kind: 'care.recorded',
      actorId: input.worker,
      at: new Date(`${placedOn}T10:00:00+05:00`),
      details: { personId: returning.child_id, type: 'mehribonlik_home' },
    });
    await seedReadiness(trx, returning, input.worker, input.supervisor);
    // Preparing the return: weekends at home, then a week, before the guardianship authority decides.
    const visits = [
      { days: 3, title: 'Tayyorgarlik tashrifi: bola dam olish kunlarini uyda oʻtkazadi' },
      { days: 17, title: 'Tayyorgarlik tashrifi: onasi bilan Mehribonlik uyida uchrashuv' },
      { days: 31, title: 'Tayyorgarlik tashrifi: bir hafta uyda, maktab bilan kelishuv' },
    ];
    for (const visit of visits) {
      const dueDate = tashkentDate(new Date(now.getTime() + visit.days * DAY_MS));
      await insertTask(trx, {
        id: newId(),
        case_id: returning.id,
        region_code: returning.region_code,
        title: visit.title,
        due_date: dueDate,
        due_sort: dueSort({ dueDate }),
        assignee_id: input.worker,
        source: 'manual',
        created_by: input.worker,
        updated_by: input.worker,
      });
    }
  }

  if (emergency) {
    const requestedAt = new Date(now.getTime() - 12 * HOUR_MS);
    const reviewTaskId = newId();
    const dueAt = new Date(requestedAt.getTime() + EMERGENCY_REVIEW_HOURS * HOUR_MS);
    await insertTask(trx, {
      id: reviewTaskId,
      case_id: emergency.id,
      region_code: emergency.region_code,
      title: 'Review the emergency placement',
      due_at: dueAt,
      due_sort: dueSort({ dueAt }),
      assignee_id: input.supervisor,
      source: 'deadline',
      deadline: 'care_review',
      created_at: requestedAt,
      created_by: input.worker,
      updated_by: input.worker,
    });
    const approvalId = newId();
    await insertApproval(trx, {
      id: approvalId,
      caseId: emergency.id,
      regionCode: emergency.region_code,
      kind: 'gatekeeping',
      requestedBy: input.worker,
      assignedTo: input.supervisor,
      payload: { childId: emergency.child_id, optionsConsidered, proposedType: 'mehribonlik_home', emergency: true, reviewTaskId },
    });
    await trx.updateTable('approvals').set({ requested_at: requestedAt }).where('id', '=', approvalId).execute();
    await arrangement(emergency, {
      type: 'mehribonlik_home',
      start_date: tashkentDate(requestedAt),
      organisation_id: homeId,
      authority: 'Shoʻrchi tuman IIB voyaga yetmaganlar inspektori',
      change_reason: 'abuse_neglect',
      gatekeeping_approval_id: approvalId,
      emergency: true,
      review_task_id: reviewTaskId,
    });
    for (const kind of ['approval.requested', 'care.recorded'] as const)
      await recordCaseEvent(trx, {
        caseId: emergency.id,
        regionCode: emergency.region_code,
        kind,
        actorId: input.worker,
        at: requestedAt,
        details:
          kind === 'approval.requested'
            ? { approvalId, approvalKind: 'gatekeeping', assignedTo: input.supervisor, emergency: true }
            : { personId: emergency.child_id, type: 'mehribonlik_home', emergency: true },
      });
    await notify(trx, {
      userId: input.supervisor,
      regionCode: emergency.region_code,
      kind: 'emergency_placement',
      caseId: emergency.id,
      params: { caseNumber: emergency.number },
      at: requestedAt,
    });
  }
  await audit(trx, ctx, 'demo.seed_care', null, { placements: picked.length });
}
