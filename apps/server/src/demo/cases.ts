import { addDays, assessmentDueDate, type CaseStatus, tashkentDate } from '@hamkor/domain';
import type { Tx } from '../db/database.ts';
import { audit } from '../lib/audit.ts';
import type { SystemContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { abbreviations, issueCaseNumber } from '../modules/cases/number.ts';
import { insertCase, recordCaseEvent } from '../modules/cases/repo.ts';
import { insertContact } from '../modules/contacts/repo.ts';
import { notify } from '../modules/notifications/repo.ts';
import { dueSort, insertTask } from '../modules/tasks/repo.ts';

/**
 * Demo cases for the Shoʻrchi households, one at every stage of the cycle, as a district centre would
 * have them: most with Nodira (worker), some with Jasur (worker2), all under Dilfuza (supervisor). Risk
 * levels stand as if already assessed. The Tursunovs (a mother with five children, the father in Russia)
 * are in assessment with Nodira.
 */
type Stage = {
  status: CaseStatus;
  worker: 'worker' | 'worker2';
  risk: 'low' | 'medium' | 'high' | 'critical' | null;
  daysAgo: number;
  source: string;
  reason: string;
  visits: string[];
};

const PATH: CaseStatus[] = ['intake', 'assessment', 'planning', 'implementation', 'monitoring'];

const STAGES: Stage[] = [
  {
    status: 'assessment',
    worker: 'worker',
    risk: 'high',
    daysAgo: 12,
    source: 'mahalla_social_worker',
    reason: 'Ota 2024-yildan Rossiyada, pul yubormaydi; ona besh bola bilan yolgʻiz, kenja oʻgʻilning tugʻilganlik guvohnomasi yoʻq.',
    visits: [
      'Uyga tashrif. Ona Gulnora va toʻrt bola uyda edi. Tom choʻkkan, bir xonagina isitiladi. Oziq-ovqat kam, ona kunlik ishda.',
      'Maktab bilan gaplashildi: Jasurbek oxirgi oyda 9 kun darsga kelmagan. Sinf rahbari bilan birga uyga borishga kelishildi.',
    ],
  },
  {
    status: 'intake',
    worker: 'worker',
    risk: null,
    daysAgo: 1,
    source: 'school',
    reason: 'Maktab xabari: Nigora 10-sinfdan keyin oʻqishni tashlagan, uyda ukalariga qaraydi.',
    visits: [],
  },
  {
    status: 'planning',
    worker: 'worker',
    risk: 'medium',
    daysAgo: 30,
    source: 'clinic',
    reason: 'Poliklinika xabari: Zarina nogironligi boʻyicha qayta koʻrikdan oʻtmagan, nafaqa toʻxtab qolgan.',
    visits: ['Uyga tashrif. Ona Nodira hujjatlarni yigʻishga yordam soʻradi. Tibbiy-ijtimoiy ekspertiza navbati uchun ariza yozildi.'],
  },
  {
    status: 'implementation',
    worker: 'worker2',
    risk: 'high',
    daysAgo: 60,
    source: 'mahalla_seven',
    reason: 'Buvisi Oydin opa uch nevarasini yolgʻiz boqmoqda, pensiyasi yetmaydi; ota Turkiyada.',
    visits: [
      'Uyga tashrif. Oydin opa kasal, nevaralar maktabga qatnayapti. Moddiy yordam arizasi mahallaga topshirildi.',
      'Telefon orqali: bandlik markazi Oydin opaning qizini tikuvchilik kursiga yozdi.',
    ],
  },
  {
    status: 'monitoring',
    worker: 'worker',
    risk: 'low',
    daysAgo: 120,
    source: 'self_referral',
    reason: 'Ota ishsiz qolgan, oila uy-joy toʻlovlarini qila olmayapti.',
    visits: ['Nazorat tashrifi. Akmal aka bandlik markazi orqali ishga joylashdi, qarzlar toʻlanmoqda. Bolalar maktabda.'],
  },
  {
    status: 'closing',
    worker: 'worker',
    risk: 'low',
    daysAgo: 150,
    source: 'other_agency',
    reason: 'FHDYo xabari: Marjonaning tugʻilganlik guvohnomasi yoʻq edi, ona hujjatsiz.',
    visits: ['Yakuniy tashrif. Guvohnoma olindi, Marjona bogʻchaga qabul qilindi. Ona yopishga rozi.'],
  },
  {
    status: 'closed',
    worker: 'worker2',
    risk: 'low',
    daysAgo: 200,
    source: 'police',
    reason: 'Profilaktika inspektori xabari: Diyorbek kechalari uydan chiqib ketadi.',
    visits: ['Uyga tashrif. Diyorbek sport toʻgaragiga yozildi, ota-ona bilan suhbat oʻtkazildi.'],
  },
];

type People = { organisationId: string; worker: string; worker2: string; supervisor: string };

const DAY_MS = 86_400_000;

export async function seedCases(trx: Tx, ctx: SystemContext, people: People): Promise<void> {
  const families = await trx
    .selectFrom('families')
    .select(['id', 'district_code', 'region_code'])
    .where('organisation_id', '=', people.organisationId)
    .orderBy('id')
    .limit(STAGES.length)
    .execute();
  const letters = await abbreviations(trx);
  const now = Date.now();
  let contacts = 0;
  for (const [index, family] of families.entries()) {
    const stage = STAGES[index];
    if (!stage) break;
    const openedAt = new Date(now - stage.daysAgo * DAY_MS);
    const workerId = people[stage.worker];
    const steps = stage.status === 'closing' || stage.status === 'closed' ? PATH : PATH.slice(0, PATH.indexOf(stage.status) + 1);
    const at = (step: number) => new Date(openedAt.getTime() + (step * stage.daysAgo * DAY_MS) / (steps.length + 2));
    const caseId = newId();
    const row = await insertCase(trx, {
      id: caseId,
      number: await issueCaseNumber(trx, letters, { districtCode: family.district_code, regionCode: family.region_code }, openedAt),
      family_id: family.id,
      organisation_id: people.organisationId,
      region_code: family.region_code,
      district_code: family.district_code,
      status: stage.status,
      status_before_closing: stage.status === 'closing' ? 'monitoring' : null,
      risk_level: stage.risk,
      urgency: stage.risk === 'high' ? 'urgent' : 'routine',
      identification_source: stage.source,
      reason: stage.reason,
      assigned_user_id: workerId,
      supervisor_id: people.supervisor,
      opened_at: openedAt,
      closed_at: stage.status === 'closed' ? at(steps.length + 1) : null,
      closure_reason: stage.status === 'closed' ? 'goals_achieved' : null,
      closure_outcome: stage.status === 'closed' ? 'Bola toʻgarakka qatnaydi, politsiya hisobidan chiqarildi.' : null,
      created_by: workerId,
      updated_by: workerId,
    });
    const event = { caseId, regionCode: row.region_code };
    await recordCaseEvent(trx, {
      ...event,
      kind: 'case.opened',
      actorId: workerId,
      at: openedAt,
      details: { number: row.number, assignedUserId: workerId },
    });
    for (let step = 1; step < steps.length; step++)
      await recordCaseEvent(trx, {
        ...event,
        kind: 'case.status_changed',
        actorId: workerId,
        at: at(step),
        details: { from: steps[step - 1], to: steps[step] },
      });
    const assessmentDue = assessmentDueDate(openedAt, row.urgency as 'routine' | 'urgent');
    const past = PATH.indexOf(stage.status) !== 0 && stage.status !== 'assessment';
    await insertTask(trx, {
      id: newId(),
      case_id: caseId,
      region_code: row.region_code,
      title: 'Complete the assessment',
      due_date: assessmentDue,
      due_sort: dueSort({ dueDate: assessmentDue }),
      assignee_id: workerId,
      source: 'deadline',
      deadline: 'assessment_due',
      status: past ? 'done' : 'open',
      completed_at: past ? at(2) : null,
      created_by: workerId,
      updated_by: workerId,
    });
    for (const [visit, text] of stage.visits.entries()) {
      const date = tashkentDate(at(visit + 1));
      const contact = await insertContact(trx, {
        id: newId(),
        case_id: caseId,
        region_code: row.region_code,
        kind: text.startsWith('Telefon') ? 'phone' : 'home_visit',
        date,
        text,
        participants: text.startsWith('Telefon') ? [] : ['oila'],
        created_by: workerId,
        updated_by: workerId,
      });
      await recordCaseEvent(trx, {
        ...event,
        kind: 'contact.recorded',
        actorId: workerId,
        at: at(visit + 1),
        details: { contactId: contact.id, contactKind: contact.kind, date },
      });
      contacts++;
    }
    if (stage.status === 'implementation' || stage.status === 'assessment') {
      const today = tashkentDate(new Date(now));
      for (const [title, dueDate] of [
        ['Maktab bilan uchrashuv', today],
        ['Uyga takroriy tashrif', addDays(today, 4)],
      ] as const)
        await insertTask(trx, {
          id: newId(),
          case_id: caseId,
          region_code: row.region_code,
          title,
          due_date: dueDate,
          due_sort: dueSort({ dueDate }),
          assignee_id: workerId,
          source: 'manual',
          created_by: workerId,
          updated_by: workerId,
        });
    }
    if (stage.status === 'closing' || stage.status === 'closed') {
      const approvalId = newId();
      const requestedAt = at(steps.length);
      await recordCaseEvent(trx, {
        ...event,
        kind: 'case.status_changed',
        actorId: workerId,
        at: requestedAt,
        details: { from: 'monitoring', to: 'closing' },
      });
      await trx
        .insertInto('approvals')
        .values({
          id: approvalId,
          case_id: caseId,
          region_code: row.region_code,
          kind: 'closure',
          status: stage.status === 'closed' ? 'approved' : 'pending',
          requested_by: workerId,
          requested_at: requestedAt,
          assigned_to: people.supervisor,
          payload: JSON.stringify({ reason: 'goals_achieved', outcome: row.closure_outcome ?? 'Hujjatlar tiklandi, bola bogʻchada.' }),
          decided_by: stage.status === 'closed' ? people.supervisor : null,
          decided_at: stage.status === 'closed' ? row.closed_at : null,
        })
        .execute();
      await recordCaseEvent(trx, {
        ...event,
        kind: 'approval.requested',
        actorId: workerId,
        at: requestedAt,
        details: { approvalId, approvalKind: 'closure', closureReason: 'goals_achieved', assignedTo: people.supervisor },
      });
      if (stage.status === 'closing')
        await notify(trx, {
          userId: people.supervisor,
          regionCode: row.region_code,
          kind: 'approval_requested',
          caseId,
          params: { caseNumber: row.number },
          at: requestedAt,
        });
      if (stage.status === 'closed' && row.closed_at) {
        await recordCaseEvent(trx, {
          ...event,
          kind: 'approval.approved',
          actorId: people.supervisor,
          at: row.closed_at,
          details: { approvalId, approvalKind: 'closure' },
        });
        await recordCaseEvent(trx, {
          ...event,
          kind: 'case.status_changed',
          actorId: people.supervisor,
          at: row.closed_at,
          details: { from: 'closing', to: 'closed', closureReason: 'goals_achieved' },
        });
      }
    }
    if (stage.status === 'intake')
      await notify(trx, {
        userId: workerId,
        regionCode: row.region_code,
        kind: 'case_assigned',
        caseId,
        params: { caseNumber: row.number },
        at: openedAt,
      });
  }
  await audit(trx, ctx, 'demo.seed_cases', null, { cases: Math.min(families.length, STAGES.length), contacts });
}
