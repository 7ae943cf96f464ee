import {
  assessmentDueDate,
  type CaseStatus,
  computeRisk,
  familyInstrument,
  formatCaseNumber,
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
export type CaseworkPlace = {
  districtCode: string;
  regionCode: string;
  organisationId: string;
  workers: readonly Worker[];
  supervisorIds: readonly string[];
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
  'Holat muhokamasi: mahalla, maktab va poliklinika vakillari ishtirok etdi.',
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
  'Holat muhokamasini oʻtkazish',
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
  const work: Casework = { cases: [], assessments: [], contacts: [], tasks: [], caseEvents: [], approvals: [] };
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
    const taskCount = status === 'closed' ? random.int(1, 3) : status === 'intake' ? 0 : random.int(1, 3);
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

function approval(
  random: Random,
  caseId: string,
  regionCode: string,
  kind: 'assessment' | 'closure',
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
