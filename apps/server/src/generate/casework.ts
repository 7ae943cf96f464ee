import {
  assessmentDueDate,
  type CaseStatus,
  computeRisk,
  domainScores,
  familyInstrument,
  formatCaseNumber,
  problemDomains,
  type RiskLevel,
  startOfTashkentDay,
  tashkentDate,
} from '@hamkor/domain';
import type { Household, Row } from './households.ts';
import type { Random } from './random.ts';

/**
 * The case work around a household: cases at every stage, the assessments they were made on, contacts,
 * tasks, the opening line of each timeline and the approvals that wait for a supervisor.
 */
const DAY = 86_400_000;

export type Worker = { id: string; supervisorId: string };
/** A service of the district's directory: the polyclinic, a school, the civil registry, the employment centre. */
export type Service = { id: string; organisationId: string; category: string; name: string };
export type CaseworkPlace = {
  districtCode: string;
  regionCode: string;
  organisationId: string;
  workers: readonly Worker[];
  supervisorIds: readonly string[];
  services: readonly Service[];
  /** The district's case number letters. */
  abbreviations: ReadonlyMap<string, string>;
  /** Next sequence per year, per district: shared with case_number_sequences at the end. */
  sequences: Map<string, number>;
};

export type Casework = {
  cases: Row[];
  assessments: Row[];
  contacts: Row[];
  tasks: Row[];
  caseEvents: Row[];
  approvals: Row[];
  plans: Row[];
  planGoals: Row[];
  planActions: Row[];
  consents: Row[];
  referrals: Row[];
};

/** What a plan's action does, by the domain its goal answers, and the service category it needs. */
const ACTIONS: Readonly<Record<string, readonly [goal: string, action: string, category: string]>> = {
  safety_protection: ['Bolaning xavfsizligi taʼminlanadi', 'Psixolog bilan uchrashuvlar', 'psychosocial'],
  child_health_development: ['Bola sogʻligʻi tiklanadi', 'Poliklinikada tibbiy koʻrik va davolanish', 'health'],
  education: ['Bola maktabga qaytadi', 'Maktabga qabul va darsliklar bilan taʼminlash', 'education'],
  living_conditions: ['Uy sharoiti yaxshilanadi', 'Isitish uchun moddiy yordam arizasi', 'financial_assistance'],
  income_employment: ['Oila daromadi barqarorlashadi', 'Onani bandlik markazida kasbga oʻqitish', 'employment'],
  documents_legal: ['Hujjatlar tiklanadi', 'Tugʻilganlik guvohnomasini FHDYoda rasmiylashtirish', 'civil_registry'],
  family_relationships_parenting: ['Ota-ona va bola munosabatlari yaxshilanadi', 'Ota-onalar uchun mashgʻulotlar', 'psychosocial'],
  migration_contact: ['Ota bilan aloqa tiklanadi', 'Otaning aloqa maʼlumotlarini aniqlash', 'other'],
  psychosocial_wellbeing: ['Bolaning ruhiy holati yaxshilanadi', 'Psixolog maslahati', 'psychosocial'],
  social_support_community: ['Mahalla yordami tashkil etiladi', 'Mahalla bilan yordam rejasini kelishish', 'other'],
};

/** How long ago a case in each status was opened, in days. */
const AGE_BY_STATUS: Readonly<Record<CaseStatus, readonly [number, number]>> = {
  intake: [0, 14],
  assessment: [3, 45],
  planning: [14, 90],
  implementation: [30, 420],
  monitoring: [120, 650],
  closing: [90, 700],
  closed: [60, 1100],
};

const STATUSES: readonly (readonly [CaseStatus, number])[] = [
  ['intake', 7],
  ['assessment', 11],
  ['planning', 9],
  ['implementation', 19],
  ['monitoring', 10],
  ['closing', 2],
  ['closed', 42],
];

const REASONS = [
  'Otasi chet elda ishlaydi, oilaga pul yubormaydi; ona yolgʻiz, ishsiz.',
  'Bola maktabga bormayapti, oila daromadi yoʻq.',
  'Bolaning tugʻilganlik guvohnomasi yoʻq, tibbiy yordam olmayapti.',
  'Buvisi nevaralarini yolgʻiz tarbiyalayapti, ota-onasi Rossiyada.',
  'Oilada zoʻravonlik haqida mahalladan xabar berildi.',
  'Nogironligi bor bola, reabilitatsiya xizmatlariga ehtiyoj bor.',
  'Uy-joy sharoiti yomon: qishda isitish yoʻq, tom choʻkkan.',
  'Maktab xabar berdi: bola tez-tez dars qoldiradi, charchagan holda keladi.',
  'Yolgʻiz keksa, parvarish qiladigan qarindoshi yoʻq.',
  'Poliklinika xabar berdi: bolada ozish belgilari.',
];

const CONTACT_TEXTS = [
  'Uyga tashrif: ona va bolalar bilan suhbat, uy sharoiti koʻrildi.',
  'Telefon orqali onasi bilan gaplashildi, bolaning maktabga qatnashi soʻraldi.',
  'Maktab oʻqituvchisi bilan uchrashuv: davomat yaxshilangan.',
  'Markazda ona bilan suhbat: hujjatlar roʻyxati berildi.',
  'Ish boʻyicha kengash: mahalla, maktab va poliklinika vakillari ishtirok etdi.',
  'Uyga tashrif: oziq-ovqat yordami yetkazildi, ehtiyojlar qayta koʻrildi.',
  'Otasi bilan messenjer orqali bogʻlanildi, pul yuborishga vaʼda berdi.',
  'Bandlik markaziga yoʻllanma haqida tushuntirildi.',
];

const TASK_TITLES = [
  'Uyga tashrif buyurish',
  'Tugʻilganlik guvohnomasi uchun FHDYoga murojaat',
  'Maktab bilan davomatni tekshirish',
  'Poliklinikada tibbiy koʻrik',
  'Bandlik markaziga yoʻllanma',
  'Moddiy yordam arizasini topshirish',
  'Ota bilan bogʻlanish',
  'Ish boʻyicha kengash oʻtkazish',
];

const PARTICIPANTS = [['ona'], ['ona', 'bola'], ['buvi'], ['ota', 'ona'], ['sinf rahbari'], ['mahalla raisi', 'ona']];

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Answers to the family instrument for a family whose troubles weigh `severity` (0–1). */
function answersFor(random: Random, severity: number): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const domain of familyInstrument.domains) {
    for (const question of domain.questions) {
      if (random.chance(0.05)) continue;
      const target = Math.max(0, Math.min(3, Math.round(severity * 3 + random.normal(-0.6, 0.9))));
      const choices = question.answers.filter((a) => !a.immediateDanger || (severity > 0.9 && random.chance(0.2)));
      let best = choices[0];
      for (const answer of choices) if (best && Math.abs(answer.score - target) < Math.abs(best.score - target)) best = answer;
      if (best) answers[question.key] = best.key;
    }
  }
  return answers;
}

export function casework(
  random: Random,
  home: Household,
  place: CaseworkPlace,
  instrumentId: string,
  nowMs: number,
  caseCount: number,
): Casework {
  const work: Casework = {
    cases: [],
    assessments: [],
    contacts: [],
    tasks: [],
    caseEvents: [],
    approvals: [],
    plans: [],
    planGoals: [],
    planActions: [],
    consents: [],
    referrals: [],
  };
  for (let n = 0; n < caseCount; n++) {
    // A family's earlier case is closed; its current one may be at any stage.
    const status: CaseStatus = n < caseCount - 1 ? 'closed' : random.weighted(STATUSES);
    const [minAge, maxAge] = AGE_BY_STATUS[status];
    const ageDays = random.int(minAge, maxAge) + (caseCount - 1 - n) * 400;
    const openedMs = Math.max(home.createdMs, nowMs - ageDays * DAY - random.int(0, DAY - 1));
    const worker = place.workers.length ? random.pick(place.workers) : null;
    const unassigned = status === 'intake' && random.chance(0.1);
    const assignee = unassigned ? null : worker;
    const supervisorId = worker?.supervisorId ?? place.supervisorIds[0] ?? null;
    const id = random.id(openedMs);
    const year = Number(tashkentDate(new Date(openedMs)).slice(0, 4));
    const sequenceKey = `${place.districtCode}:${year}`;
    const sequence = (place.sequences.get(sequenceKey) ?? 0) + 1;
    place.sequences.set(sequenceKey, sequence);
    const urgency = random.weighted([
      ['routine', 80],
      ['urgent', 17],
      ['emergency', 3],
    ] as const);
    const severity = Math.min(1, Math.max(0, random.normal(0.45, 0.22)));
    const assessed = status !== 'intake';
    const answers = assessed ? answersFor(random, severity) : null;
    const risk: RiskLevel | null = answers && status !== 'assessment' ? computeRisk(familyInstrument, answers).level : null;
    const closedMs = status === 'closed' ? Math.min(nowMs - DAY, openedMs + random.int(60, 400) * DAY) : null;
    const endMs = closedMs ?? nowMs;
    const focus = home.children.length ? home.children.slice(0, random.int(1, Math.min(3, home.children.length))) : [home.headId];
    const actor = assignee?.id ?? supervisorId;
    work.cases.push({
      id,
      number: formatCaseNumber({ regionCode: place.regionCode, districtCode: place.districtCode, year, sequence }, place.abbreviations),
      family_id: home.family.id,
      focus_person_ids: focus,
      organisation_id: place.organisationId,
      region_code: place.regionCode,
      district_code: place.districtCode,
      status,
      status_before_closing: status === 'closing' ? 'monitoring' : null,
      risk_level: risk,
      urgency,
      identification_source: home.family.identification_source,
      reason: random.pick(REASONS),
      assigned_user_id: assignee?.id ?? null,
      supervisor_id: supervisorId,
      opened_at: new Date(openedMs),
      closed_at: closedMs ? new Date(closedMs) : null,
      closure_reason: closedMs
        ? random.weighted([
            ['goals_achieved', 60],
            ['moved_away', 10],
            ['refused_services', 8],
            ['transferred', 7],
            ['reached_adulthood', 8],
            ['other', 7],
          ] as const)
        : null,
      closure_outcome: closedMs ? 'Oila ahvoli barqarorlashdi, bolalar maktabga qatnaydi.' : null,
      reopen_reason: null,
      version: 1,
      created_at: new Date(openedMs),
      created_by: actor,
      updated_at: new Date(endMs),
      updated_by: actor,
    });
    work.caseEvents.push({
      id: random.id(openedMs),
      case_id: id,
      region_code: place.regionCode,
      kind: 'case.opened',
      actor_id: actor,
      at: new Date(openedMs),
      details: JSON.stringify({ assignedUserId: assignee?.id ?? null, urgency }),
    });

    let approvedAssessment: { id: string; atMs: number; problems: string[] } | null = null;
    if (answers) {
      const assessedMs = Math.min(endMs, openedMs + random.int(2, 20) * DAY);
      const assessmentStatus = status === 'assessment' ? (random.chance(0.6) ? 'draft' : 'submitted') : 'approved';
      const assessmentId = random.id(assessedMs);
      work.assessments.push({
        id: assessmentId,
        case_id: id,
        instrument_id: instrumentId,
        instrument_version: 1,
        region_code: place.regionCode,
        answers: JSON.stringify(answers),
        domain_ratings: '{}',
        strengths: '{}',
        needs: '{}',
        computed_risk: computeRisk(familyInstrument, answers).level,
        override_risk: null,
        override_reason: null,
        override_status: null,
        status: assessmentStatus,
        submitted_at: assessmentStatus === 'draft' ? null : new Date(assessedMs),
        approved_at: assessmentStatus === 'approved' ? new Date(assessedMs + DAY) : null,
        version: 1,
        created_at: new Date(assessedMs),
        created_by: actor,
        updated_at: new Date(assessedMs),
        updated_by: actor,
      });
      if (assessmentStatus === 'approved') {
        const scores = domainScores(familyInstrument, answers);
        const ratings = Object.fromEntries(Object.entries(scores).map(([key, score]) => [key, score.rating]));
        approvedAssessment = { id: assessmentId, atMs: assessedMs + DAY, problems: problemDomains(ratings) };
      }
      if (assessmentStatus === 'submitted' && actor)
        work.approvals.push(approval(random, id, place.regionCode, 'assessment', actor, supervisorId, assessedMs, { assessmentId }));
    }
    if (status === 'closing' && actor)
      work.approvals.push(
        approval(random, id, place.regionCode, 'closure', actor, supervisorId, nowMs - random.int(1, 10) * DAY, {
          reason: 'goals_achieved',
          outcome: 'Oila ahvoli barqarorlashdi.',
        }),
      );

    const planned =
      approvedAssessment && actor
        ? plan(random, work, {
            caseId: id,
            place,
            status,
            assessment: approvedAssessment,
            actor,
            supervisorId,
            headId: home.headId,
            nowMs,
            endMs,
          })
        : false;
    if (approvedAssessment && actor && status !== 'planning' && random.chance(0.45))
      referral(random, work, { caseId: id, place, status, urgency, actor, home, atMs: approvedAssessment.atMs + 5 * DAY, endMs });

    // Contacts: about one every five weeks while the case is open, at least one once assessed.
    const contactCount = status === 'intake' ? random.int(0, 1) : Math.max(1, Math.min(12, Math.round((endMs - openedMs) / (35 * DAY))));
    for (let c = 0; c < contactCount; c++) {
      const atMs = openedMs + random.next() * Math.max(DAY, endMs - openedMs);
      work.contacts.push({
        id: random.id(atMs),
        case_id: id,
        region_code: place.regionCode,
        kind: random.weighted([
          ['home_visit', 45],
          ['phone', 30],
          ['office', 15],
          ['case_conference', 5],
          ['other', 5],
        ] as const),
        date: isoDate(atMs),
        text: random.pick(CONTACT_TEXTS),
        participants: random.pick(PARTICIPANTS),
        version: 1,
        created_at: new Date(atMs),
        created_by: actor,
        updated_at: new Date(atMs),
        updated_by: actor,
      });
    }

    // Tasks: the assessment deadline while in intake, open work while the case runs, done work once closed.
    if (status === 'intake') {
      const dueDate = assessmentDueDate(new Date(openedMs), urgency);
      work.tasks.push(task(random, id, place.regionCode, actor, openedMs, { dueDate, deadline: 'assessment_due' }, 'open'));
    }
    const taskCount = status === 'intake' ? 0 : planned ? random.int(0, 1) : random.int(1, 3);
    for (let t = 0; t < taskCount; t++) {
      const createdMs = openedMs + random.next() * Math.max(DAY, endMs - openedMs);
      const dueMs = status === 'closed' ? createdMs + random.int(3, 30) * DAY : nowMs + random.int(-12, 30) * DAY;
      work.tasks.push(
        task(
          random,
          id,
          place.regionCode,
          actor,
          createdMs,
          { dueDate: isoDate(dueMs), title: random.pick(TASK_TITLES) },
          status === 'closed' ? 'done' : 'open',
        ),
      );
    }
  }
  return work;
}

type PlanInput = {
  caseId: string;
  place: CaseworkPlace;
  status: CaseStatus;
  assessment: { id: string; atMs: number; problems: string[] };
  actor: string;
  supervisorId: string | null;
  headId: string;
  nowMs: number;
  endMs: number;
};

/**
 * The case's plan on its approved assessment: a goal for each of up to three problem domains, one or two
 * actions each; once approved, each action is a task. A plan in the planning stage is a draft or waits
 * for approval. Returns whether the plan was approved (its tasks then carry the case's work).
 */
function plan(random: Random, work: Casework, input: PlanInput): boolean {
  const { caseId, place, status } = input;
  const approved = status !== 'planning';
  const planStatus = approved ? 'approved' : random.chance(0.5) ? 'draft' : 'submitted';
  const createdMs = Math.min(input.endMs, input.assessment.atMs + random.int(1, 10) * DAY);
  const approvedMs = createdMs + random.int(1, 5) * DAY;
  const planId = random.id(createdMs);
  const done = status === 'closed' || status === 'closing';
  work.plans.push({
    id: planId,
    case_id: caseId,
    region_code: place.regionCode,
    district_code: place.districtCode,
    revision: 1,
    previous_id: null,
    assessment_id: input.assessment.id,
    status: planStatus,
    summary: null,
    skipped_domains: '[]',
    review_date: approved ? isoDate(createdMs + 90 * DAY) : null,
    review_task_id: null,
    submitted_at: planStatus === 'draft' ? null : new Date(createdMs),
    approved_at: approved ? new Date(approvedMs) : null,
    approved_by: approved ? input.supervisorId : null,
    version: 1,
    created_at: new Date(createdMs),
    created_by: input.actor,
    updated_at: new Date(approved ? approvedMs : createdMs),
    updated_by: input.actor,
  });
  if (planStatus === 'submitted')
    work.approvals.push(approval(random, caseId, place.regionCode, 'plan', input.actor, input.supervisorId, createdMs, { planId }));
  const domains = (input.assessment.problems.length ? input.assessment.problems : ['social_support_community']).slice(0, 3);
  domains.forEach((domain, goalIndex) => {
    const [goalTitle, what, category] = ACTIONS[domain] ?? (ACTIONS.social_support_community as readonly [string, string, string]);
    const goalId = random.id(createdMs);
    const targetMs = createdMs + random.int(60, 180) * DAY;
    work.planGoals.push({
      id: goalId,
      plan_id: planId,
      case_id: caseId,
      region_code: place.regionCode,
      district_code: place.districtCode,
      position: goalIndex,
      domain,
      title: goalTitle,
      target_date: isoDate(targetMs),
    });
    const actionCount = random.int(1, 2);
    for (let a = 0; a < actionCount; a++) {
      const service = place.services.find((sv) => sv.category === category);
      const performer = a === 0 && service ? 'organisation' : random.chance(0.5) ? 'worker' : 'family';
      const dueMs = done ? createdMs + random.int(14, 120) * DAY : input.nowMs + random.int(-10, 60) * DAY;
      const actionStatus = done
        ? 'done'
        : approved
          ? random.weighted([
              ['planned', 50],
              ['in_progress', 40],
              ['done', 10],
            ] as const)
          : 'planned';
      const taskId = approved && actionStatus !== 'done' ? random.id(approvedMs) : null;
      const text = performer === 'family' ? 'Oila hujjatlarni yigʻadi' : what;
      if (taskId)
        work.tasks.push({
          ...task(random, caseId, place.regionCode, input.actor, approvedMs, { dueDate: isoDate(dueMs), title: text }, 'open'),
          id: taskId,
          source: 'plan_action',
        });
      work.planActions.push({
        id: random.id(createdMs),
        plan_id: planId,
        goal_id: goalId,
        case_id: caseId,
        region_code: place.regionCode,
        district_code: place.districtCode,
        position: a,
        performer,
        organisation_id: performer === 'organisation' ? (service?.organisationId ?? null) : null,
        service_id: performer === 'organisation' ? (service?.id ?? null) : null,
        user_id: performer === 'worker' ? input.actor : null,
        person_id: performer === 'family' ? input.headId : null,
        what: text,
        due_date: isoDate(dueMs),
        status: actionStatus,
        task_id: taskId,
        completed_at: actionStatus === 'done' ? new Date(Math.min(input.endMs, dueMs)) : null,
        version: 1,
        created_at: new Date(createdMs),
        created_by: input.actor,
        updated_at: new Date(createdMs),
        updated_by: input.actor,
      });
    }
  });
  return approved;
}

type ReferralInput = {
  caseId: string;
  place: CaseworkPlace;
  status: CaseStatus;
  urgency: string;
  actor: string;
  home: Household;
  atMs: number;
  endMs: number;
};

/** The head's consent to share with a service category, and a referral to the district's service under it. */
function referral(random: Random, work: Casework, input: ReferralInput): void {
  const service = input.place.services.length ? random.pick(input.place.services) : null;
  if (!service) return;
  const { place, caseId } = input;
  const sentMs = Math.min(input.endMs, input.atMs);
  const consentId = random.id(sentMs - DAY);
  work.consents.push({
    id: consentId,
    case_id: caseId,
    region_code: place.regionCode,
    district_code: place.districtCode,
    given_by_person_id: input.home.headId,
    on_behalf_of_person_ids: input.home.children.slice(0, 3),
    scope_categories: [service.category],
    scope_organisation_ids: [],
    date: isoDate(sentMs - DAY),
    note: null,
    status: 'active',
    withdrawn_at: null,
    withdrawn_by: null,
    withdraw_reason: null,
    version: 1,
    created_at: new Date(sentMs - DAY),
    created_by: input.actor,
    updated_at: new Date(sentMs - DAY),
    updated_by: input.actor,
  });
  const closed = input.status === 'closed' || input.status === 'closing';
  const status = closed
    ? random.weighted([
        ['completed', 80],
        ['declined', 10],
        ['cancelled', 10],
      ] as const)
    : random.weighted([
        ['sent', 20],
        ['accepted', 25],
        ['in_progress', 40],
        ['completed', 10],
        ['declined', 5],
      ] as const);
  const accepted = status !== 'sent' && status !== 'declined' && status !== 'cancelled';
  const persons = input.home.persons.filter((p) => p.id === input.home.headId || input.home.children.includes(p.id as string)).slice(0, 3);
  work.referrals.push({
    id: random.id(sentMs),
    case_id: caseId,
    region_code: place.regionCode,
    district_code: place.districtCode,
    from_organisation_id: place.organisationId,
    to_organisation_id: service.organisationId,
    service_id: service.id,
    category: service.category,
    plan_action_id: null,
    resent_from_id: null,
    reason: 'Oila xizmatga muhtoj, rozilik olingan.',
    urgency: input.urgency,
    consent_id: consentId,
    consent_override_reason: null,
    consent_override_by: null,
    person_ids: persons.map((p) => p.id),
    shared_fields: ['name', 'birthDate', 'phone'],
    snapshot: JSON.stringify({
      persons: persons.map((p) => ({
        name: [p.surname, p.given_name, p.patronymic].filter(Boolean).join(' '),
        birthDate: p.birth_date,
        phone: (input.home.family.phones as string[])[0] ?? null,
      })),
      assessmentSummary: null,
    }),
    status,
    sent_by: input.actor,
    sent_at: new Date(sentMs),
    accepted_at: accepted ? new Date(sentMs + DAY) : null,
    declined_at: status === 'declined' ? new Date(sentMs + DAY) : null,
    decline_reason: status === 'declined' ? 'Xizmat vaqtincha mavjud emas' : null,
    started_at: status === 'in_progress' || status === 'completed' ? new Date(sentMs + 2 * DAY) : null,
    completed_at: status === 'completed' ? new Date(Math.min(input.endMs, sentMs + 20 * DAY)) : null,
    outcome: status === 'completed' ? 'Xizmat koʻrsatildi' : null,
    cancelled_at: status === 'cancelled' ? new Date(sentMs + DAY) : null,
    cancel_reason: status === 'cancelled' ? 'Oila boshqa tumanga koʻchdi' : null,
    handled_by: null,
    version: 1,
    created_at: new Date(sentMs),
    updated_at: new Date(sentMs),
    updated_by: input.actor,
  });
}

function approval(
  random: Random,
  caseId: string,
  regionCode: string,
  kind: 'assessment' | 'closure' | 'plan',
  requestedBy: string,
  assignedTo: string | null,
  atMs: number,
  payload: Record<string, unknown>,
): Row {
  return {
    id: random.id(atMs),
    case_id: caseId,
    region_code: regionCode,
    kind,
    status: 'pending',
    requested_by: requestedBy,
    requested_at: new Date(atMs),
    assigned_to: assignedTo,
    payload: JSON.stringify(payload),
    comment: null,
    decided_by: null,
    decided_at: null,
    version: 1,
    created_at: new Date(atMs),
    updated_at: new Date(atMs),
  };
}

function task(
  random: Random,
  caseId: string,
  regionCode: string,
  assignee: string | null,
  createdMs: number,
  what: { dueDate: string; deadline?: string; title?: string },
  status: 'open' | 'done',
): Row {
  return {
    id: random.id(createdMs),
    case_id: caseId,
    region_code: regionCode,
    title: what.deadline ? 'Complete the assessment' : (what.title ?? ''),
    due_date: what.dueDate,
    due_at: null,
    due_sort: startOfTashkentDay(what.dueDate),
    assignee_id: assignee,
    status,
    source: what.deadline ? 'deadline' : 'manual',
    deadline: what.deadline ?? null,
    completed_at: status === 'done' ? new Date(startOfTashkentDay(what.dueDate).getTime() - DAY) : null,
    version: 1,
    created_at: new Date(createdMs),
    created_by: assignee,
    updated_at: new Date(createdMs),
    updated_by: assignee,
  };
}
