import { addDays, tashkentDate } from '@hamkor/domain';
import type { Tx } from '../db/database.ts';
import { audit } from '../lib/audit.ts';
import type { SystemContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { recordCaseEvent } from '../modules/cases/repo.ts';
import { dueSort, insertTask } from '../modules/tasks/repo.ts';
import { ensureStaffRecords } from '../modules/workforce/repo.ts';

type People = { shorchiCentre: string; supervisor: string; worker: string; worker2: string };

/** Qualifications of the Shoʻrchi centre's account holders, by username. */
const QUALIFIED: Record<string, { position: string; institution: string; year: number; diploma?: [string, string]; languages: string[] }> =
  {
    supervisor: {
      position: 'Bosh mutaxassis, supervizor',
      institution: 'Oʻzbekiston Milliy universiteti, ijtimoiy ish',
      year: 2012,
      diploma: ['IX-2023-0042', '2023-05-26'],
      languages: ['uz', 'ru'],
    },
    worker: {
      position: 'Ijtimoiy xodim',
      institution: 'Termiz davlat universiteti, ijtimoiy ish',
      year: 2019,
      diploma: ['IX-2024-0117', '2024-06-14'],
      languages: ['uz', 'ru', 'tg'],
    },
    worker2: { position: 'Ijtimoiy xodim', institution: 'Termiz davlat pedagogika instituti', year: 2016, languages: ['uz'] },
  };

const GIVEN = ['Dilnoza', 'Sardor', 'Gulchehra', 'Bekzod', 'Mohira', 'Shahzod', 'Nigora', 'Javlon', 'Feruza', 'Ulugʻbek', 'Zarina'];
const SURNAMES = ['Xolmatova', 'Rahmonov', 'Qodirova', 'Eshmurodov', 'Sultonova', 'Normatov', 'Boboyeva', 'Toʻrayev', 'Hamroyeva'];
/** The mahalla social workers and centre staff who went to Termiz without an account in Hamkor yet. */
const TRAINEES = Array.from({ length: 32 }, (_, i) => {
  const given = GIVEN[i % GIVEN.length] ?? '';
  const surname = SURNAMES[(i * 7) % SURNAMES.length] ?? '';
  // Surnames follow the given name's sex, as they are written.
  const male = /^(Sardor|Bekzod|Shahzod|Javlon|Ulugʻbek)$/.test(given);
  return `${male ? surname.replace(/a$/, '') : surname.endsWith('a') ? surname : `${surname}a`} ${given}`;
});
/** Scores that look like a real pre- and post-test: everyone learnt something, not the same amount. */
const score = (i: number, base: number, spread: number) => base + ((i * 37) % spread);

/**
 * The Shoʻrchi centre's staff with their diplomas; a nine-day case management course in Termiz with 35
 * participants and their test scores; an older disability course whose certificate runs out within 90 days;
 * supervision sessions of Dilfuza (supervisor) with Nodira (worker) and with both workers. The other
 * districts' workers have no training recorded, so their caseloads outrun trained staff in the indicators.
 */
export async function seedWorkforce(trx: Tx, ctx: SystemContext, people: People): Promise<void> {
  await ensureStaffRecords(trx, {});
  const staff = await trx
    .selectFrom('staff')
    .innerJoin('users', 'users.id', 'staff.user_id')
    .select(['staff.id', 'users.username'])
    .where('users.organisation_id', '=', people.shorchiCentre)
    .execute();
  for (const member of staff) {
    const q = QUALIFIED[member.username];
    if (!q) continue;
    await trx
      .updateTable('staff')
      .set({
        position: q.position,
        degree_field: q.institution.includes('ijtimoiy ish') ? 'social_work' : 'other',
        degree_institution: q.institution,
        degree_year: q.year,
        diploma_number: q.diploma?.[0] ?? null,
        diploma_date: q.diploma?.[1] ?? null,
        languages: q.languages,
      })
      .where('id', '=', member.id)
      .execute();
  }
  const trainees = TRAINEES.map((name) => ({ id: newId(), name }));
  await trx
    .insertInto('staff')
    .values(
      trainees.map((t, i) => ({
        id: t.id,
        organisation_id: people.shorchiCentre,
        display_name: t.name,
        position: i % 3 === 0 ? 'Mahalla ijtimoiy xodimi' : 'Ijtimoiy xodim',
        languages: ['uz'],
      })),
    )
    .execute();

  const today = tashkentDate(new Date());
  const courseId = newId();
  const disabilityCourseId = newId();
  await trx
    .insertInto('training_courses')
    .values([
      {
        id: courseId,
        title: 'Ijtimoiy ishda keys menejment asoslari (9 kunlik kurs)',
        topics: ['case_management', 'assessment_risk', 'service_planning', 'child_protection', 'ethics_confidentiality'],
        hours: 72,
        organiser: 'Ijtimoiy himoya milliy agentligi va UNICEF',
      },
      {
        id: disabilityCourseId,
        title: 'Nogironligi boʻlgan bolalar va oilalar bilan ishlash',
        topics: ['disability'],
        hours: 24,
        organiser: '«Oila va bola» NNT',
      },
    ])
    .execute();
  const termizEnd = addDays(today, -120);
  const termiz = newId();
  const older = newId();
  await trx
    .insertInto('training_events')
    .values([
      {
        id: termiz,
        course_id: courseId,
        organisation_id: people.shorchiCentre,
        start_date: addDays(termizEnd, -8),
        end_date: termizEnd,
        place: 'Termiz shahri, viloyat hokimligi oʻquv zali',
        trainers: ['Dilnoza Saidova', 'Rustam Qosimov'],
      },
      {
        id: older,
        course_id: disabilityCourseId,
        organisation_id: people.shorchiCentre,
        start_date: addDays(today, -700),
        end_date: addDays(today, -698),
        place: 'Shoʻrchi shahri, «Inson» markazi',
        trainers: ['Malika Yusupova'],
      },
    ])
    .execute();
  const byUser = new Map(staff.map((s) => [s.username, s.id]));
  const participants = [
    ...['supervisor', 'worker', 'worker2'].map((u) => byUser.get(u)).filter((id): id is string => !!id),
    ...trainees.map((t) => t.id),
  ];
  await trx
    .insertInto('training_participants')
    .values(
      participants.map((staffId, i) => {
        // Two did not come on the last days and got no certificate.
        const attended = i !== 17 && i !== 29;
        return {
          id: newId(),
          event_id: termiz,
          staff_id: staffId,
          attended,
          pre_score: score(i, 35, 30),
          post_score: attended ? score(i, 68, 28) : null,
          certificate_number: attended ? `KM-2026-${String(i + 1).padStart(3, '0')}` : null,
          certificate_expiry: attended ? addDays(termizEnd, 3 * 365) : null,
        };
      }),
    )
    .execute();
  const worker = byUser.get('worker');
  if (worker)
    await trx
      .insertInto('training_participants')
      .values({
        id: newId(),
        event_id: older,
        staff_id: worker,
        attended: true,
        pre_score: 52,
        post_score: 88,
        certificate_number: 'NB-2024-014',
        // Renewal due: the certificate runs out within 90 days.
        certificate_expiry: addDays(today, 45),
      })
      .execute();

  const theCase = await trx
    .selectFrom('cases')
    .select(['id', 'region_code'])
    .where('assigned_user_id', '=', people.worker)
    .where('status', '<>', 'closed')
    .orderBy('opened_at')
    .executeTakeFirst();
  const sessions = [
    {
      id: newId(),
      date: addDays(today, -12),
      minutes: 60,
      workers: [people.worker],
      topics: ['casework', 'ethics'],
      notes: 'Oilaning xavfsizlik rejasi koʻrib chiqildi. Onasi bilan ishonchli aloqa oʻrnatilgan; otasi chet elda.',
      cases: theCase ? [theCase.id] : [],
    },
    {
      id: newId(),
      date: addDays(today, -40),
      minutes: 90,
      workers: [people.worker, people.worker2],
      topics: ['workload', 'wellbeing'],
      notes: 'Guruh supervizyasi: yuklama taqsimoti, charchoq belgilari. Har ikki xodimga oyiga bir kun uslubiy kun.',
      cases: [],
    },
  ];
  for (const session of sessions) {
    await trx
      .insertInto('supervision_sessions')
      .values({
        id: session.id,
        organisation_id: people.shorchiCentre,
        supervisor_id: people.supervisor,
        date: session.date,
        minutes: session.minutes,
        topics: session.topics,
        notes: session.notes,
        created_by: people.supervisor,
        updated_by: people.supervisor,
      })
      .execute();
    await trx
      .insertInto('supervision_workers')
      .values(session.workers.map((user_id) => ({ session_id: session.id, user_id })))
      .execute();
    for (const caseId of session.cases)
      await trx.insertInto('supervision_cases').values({ session_id: session.id, case_id: caseId }).execute();
  }
  const first = sessions[0];
  if (theCase && first) {
    const taskId = newId();
    const dueDate = addDays(today, 7);
    await insertTask(trx, {
      id: taskId,
      case_id: theCase.id,
      region_code: theCase.region_code,
      title: 'Otasi bilan videoqoʻngʻiroq orqali bogʻlanish',
      due_date: dueDate,
      due_sort: dueSort({ dueDate }),
      assignee_id: people.worker,
      source: 'manual',
      created_by: people.supervisor,
      updated_by: people.supervisor,
    });
    await recordCaseEvent(trx, {
      caseId: theCase.id,
      regionCode: theCase.region_code,
      kind: 'task.created',
      actorId: people.supervisor,
      details: { taskId, assigneeId: people.worker, supervisionId: first.id },
    });
    await trx
      .insertInto('supervision_actions')
      .values({
        id: newId(),
        session_id: first.id,
        title: 'Otasi bilan videoqoʻngʻiroq orqali bogʻlanish',
        assignee_id: people.worker,
        due_date: dueDate,
        case_id: theCase.id,
        task_id: taskId,
      })
      .execute();
  }
  await audit(trx, ctx, 'demo.workforce', null, {
    trainees: trainees.length,
    participants: participants.length,
    sessions: sessions.length,
  });
}
