import { type ActionStatus, addDays, type PlanGoalInput, tashkentDate } from '@hamkor/domain';
import type { Tx } from '../db/database.ts';
import { audit } from '../lib/audit.ts';
import type { SystemContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { recordCaseEvent } from '../modules/cases/repo.ts';
import * as plans from '../modules/plans/repo.ts';
import { caseProblemDomains, createPlanTasks } from '../modules/plans/service.ts';
import type { Directory } from './services.ts';

/**
 * Demo service plans, written as the district centre's workers would: a draft on the case in planning,
 * the approved plan in force on the case in implementation, a first plan superseded by a revision on the
 * case in monitoring, and finished plans on the cases being closed. Every problem domain of the case's
 * approved assessment has a goal or a reason. The Tursunovs stay in assessment (their plan is the
 * browser tests' to make).
 */
type DemoCase = {
  id: string;
  status: string;
  region_code: string;
  district_code: string;
  family_id: string;
  assigned_user_id: string | null;
  supervisor_id: string | null;
  risk_level: string | null;
  opened_at: Date;
};

type ActionSeed = Omit<PlanGoalInput['actions'][number], 'dueDate' | 'status'> & { key?: string; dueInDays: number; status?: ActionStatus };
type GoalSeed = { domain: string | null; title: string; targetInDays: number; actions: ActionSeed[] };

const DAY_MS = 86_400_000;
const SKIP_REASON = 'Baholashda kichik xavotir; oila oʻzi hal qilmoqda, nazorat tashriflarida kuzatiladi.';

export type PlanSeedResult = Record<string, { caseId: string; actions: Record<string, string> }>;

async function writePlan(
  trx: Tx,
  theCase: DemoCase,
  plan: { revision: number; previousId: string | null; status: 'draft' | 'approved' | 'superseded'; at: Date; summary: string },
  goals: GoalSeed[],
  actorId: string,
  supervisorId: string,
) {
  const today = tashkentDate(new Date());
  const problems = await caseProblemDomains(trx, theCase.id);
  const withGoal = new Set(goals.map((goal) => goal.domain));
  const skipped = problems.filter((domain) => !withGoal.has(domain)).map((domain) => ({ domain, reason: SKIP_REASON }));
  const assessment = await plans.latestApprovedAssessmentId(trx, theCase.id);
  const id = newId();
  const approved = plan.status !== 'draft';
  let row = await plans.insertPlan(trx, {
    id,
    case_id: theCase.id,
    region_code: theCase.region_code,
    district_code: theCase.district_code,
    revision: plan.revision,
    previous_id: plan.previousId,
    assessment_id: assessment,
    status: plan.status === 'superseded' ? 'approved' : plan.status,
    summary: plan.summary,
    skipped_domains: JSON.stringify(skipped),
    submitted_at: approved ? plan.at : null,
    approved_at: approved ? plan.at : null,
    approved_by: approved ? supervisorId : null,
    created_at: plan.at,
    created_by: actorId,
    updated_at: plan.at,
    updated_by: actorId,
  });
  const keys: Record<string, string> = {};
  const place = { case_id: theCase.id, region_code: theCase.region_code, district_code: theCase.district_code };
  const goalValues: plans.GoalValues[] = [];
  const actionValues: plans.ActionValues[] = [];
  goals.forEach((goal, g) => {
    const goalId = newId();
    goalValues.push({
      id: goalId,
      plan_id: id,
      ...place,
      position: g,
      domain: goal.domain,
      title: goal.title,
      target_date: addDays(today, goal.targetInDays),
    });
    goal.actions.forEach((action, a) => {
      const actionId = newId();
      if (action.key) keys[action.key] = actionId;
      const status = action.status ?? 'planned';
      actionValues.push({
        id: actionId,
        plan_id: id,
        goal_id: goalId,
        ...place,
        position: a,
        performer: action.performer,
        organisation_id: action.organisationId ?? null,
        service_id: action.serviceId ?? null,
        user_id: action.userId ?? null,
        person_id: action.personId ?? null,
        what: action.what,
        due_date: addDays(today, action.dueInDays),
        status,
        completed_at: status === 'done' ? new Date(Math.min(Date.now(), plan.at.getTime() + 20 * DAY_MS)) : null,
        created_at: plan.at,
        created_by: actorId,
        updated_at: plan.at,
        updated_by: actorId,
      });
    });
  });
  await plans.replaceGoals(trx, id, goalValues, actionValues);
  const event = { caseId: theCase.id, regionCode: theCase.region_code, at: plan.at };
  await recordCaseEvent(trx, { ...event, actorId, kind: 'plan.created', details: { planId: id, revision: plan.revision } });
  if (approved) {
    const approvalId = newId();
    await trx
      .insertInto('approvals')
      .values({
        id: approvalId,
        case_id: theCase.id,
        region_code: theCase.region_code,
        kind: 'plan',
        status: 'approved',
        requested_by: actorId,
        requested_at: plan.at,
        assigned_to: supervisorId,
        payload: JSON.stringify({ planId: id, revision: plan.revision }),
        decided_by: supervisorId,
        decided_at: plan.at,
      })
      .execute();
    await recordCaseEvent(trx, { ...event, actorId, kind: 'plan.submitted', details: { planId: id, revision: plan.revision } });
    await recordCaseEvent(trx, {
      ...event,
      actorId,
      kind: 'approval.requested',
      details: { approvalId, approvalKind: 'plan', assignedTo: supervisorId, planId: id },
    });
    await recordCaseEvent(trx, {
      ...event,
      actorId: supervisorId,
      kind: 'approval.approved',
      details: { approvalId, approvalKind: 'plan' },
    });
    await recordCaseEvent(trx, { ...event, actorId: supervisorId, kind: 'plan.approved', details: { planId: id, approvalId } });
    if (plan.status === 'approved') row = await createPlanTasks(trx, theCase, row, supervisorId);
    else
      row =
        (await plans.updatePlan(trx, id, row.version, { status: 'superseded', review_date: addDays(tashkentDate(plan.at), 90) })) ?? row;
  }
  return { id, actions: keys };
}

async function memberId(trx: Tx, familyId: string, givenName: string): Promise<string | null> {
  const row = await trx
    .selectFrom('persons')
    .select('id')
    .where('family_id', '=', familyId)
    .where('given_name', '=', givenName)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function seedPlans(trx: Tx, ctx: SystemContext, organisationId: string, dir: Directory): Promise<PlanSeedResult> {
  const rows = (await trx
    .selectFrom('cases')
    .select(['id', 'status', 'region_code', 'district_code', 'family_id', 'assigned_user_id', 'supervisor_id', 'risk_level', 'opened_at'])
    .where('organisation_id', '=', organisationId)
    .execute()) as DemoCase[];
  const byStatus = new Map(rows.map((row) => [row.status, row]));
  const org = dir.organisations;
  const svc = dir.services;
  const result: PlanSeedResult = {};
  const ago = (theCase: DemoCase, fraction: number) =>
    new Date(theCase.opened_at.getTime() + fraction * (Date.now() - theCase.opened_at.getTime()));
  let count = 0;

  // Planning: the Xolmatovs, back from Russia; Zarina out of school, her disability allowance stopped.
  const planning = byStatus.get('planning');
  if (planning?.assigned_user_id && planning.supervisor_id) {
    const zarina = await memberId(trx, planning.family_id, 'Zarina');
    const plan = await writePlan(
      trx,
      planning,
      {
        revision: 1,
        previousId: null,
        status: 'draft',
        at: ago(planning, 0.8),
        summary: 'Zarinaning sogʻligʻi va taʼlimi: ekspertiza, nafaqani tiklash, maktabga qaytish.',
      },
      [
        {
          domain: 'child_health_development',
          title: 'Zarina tibbiy-ijtimoiy ekspertizadan qayta oʻtadi, nogironlik nafaqasi tiklanadi',
          targetInDays: 45,
          actions: [
            {
              key: 'disability',
              performer: 'organisation',
              organisationId: org.clinic,
              serviceId: svc.disabilityReview,
              what: 'Ekspertiza uchun tibbiy hujjatlarni tayyorlash va navbatga yozish',
              dueInDays: 14,
            },
            { performer: 'family', personId: zarina, what: 'Onasi Zarinani ekspertizaga olib boradi', dueInDays: 30 },
          ],
        },
        {
          domain: 'education',
          title: 'Zarina maktabga qabul qilinadi va sinfdoshlariga yetib oladi',
          targetInDays: 60,
          actions: [
            {
              performer: 'worker',
              userId: planning.assigned_user_id,
              what: 'Rossiyadagi hujjatlarni tarjima qildirib, maktabga qabul uchun ariza topshirish',
              dueInDays: 10,
            },
            {
              performer: 'organisation',
              organisationId: org.school,
              serviceId: svc.tutoring,
              what: 'Oʻzbek tili va matematikadan qoʻshimcha mashgʻulotlar',
              dueInDays: 40,
            },
          ],
        },
      ],
      planning.assigned_user_id,
      planning.supervisor_id,
    );
    result.planning = { caseId: planning.id, actions: plan.actions };
    count++;
  }

  // Implementation: Oydin opa raises three grandchildren; their father works in Turkey.
  const implementation = byStatus.get('implementation');
  if (implementation?.assigned_user_id && implementation.supervisor_id) {
    const oydin = await memberId(trx, implementation.family_id, 'Oydin');
    const plan = await writePlan(
      trx,
      implementation,
      {
        revision: 1,
        previousId: null,
        status: 'approved',
        at: ago(implementation, 0.45),
        summary: 'Daromad, otasi bilan aloqa va buvining sogʻligʻi.',
      },
      [
        {
          domain: 'income_employment',
          title: 'Oila nafaqa va moddiy yordam oladi, otasi muntazam pul yuboradi',
          targetInDays: 60,
          actions: [
            {
              performer: 'organisation',
              organisationId: org.mahalla,
              serviceId: svc.socialRegister,
              what: 'Oilani yagona reyestrga kiritish, uch nevaraga bolalar nafaqasi',
              dueInDays: -10,
              status: 'done',
            },
            {
              performer: 'organisation',
              organisationId: org.inson,
              serviceId: svc.materialAid,
              what: 'Qishki kiyim va oziq-ovqat toʻplami',
              dueInDays: 7,
            },
          ],
        },
        {
          domain: 'migration_contact',
          title: 'Nevaralar otasi bilan har hafta gaplashadi',
          targetInDays: 90,
          actions: [
            {
              key: 'fatherContact',
              performer: 'organisation',
              organisationId: org.ngo,
              serviceId: svc.migrantContact,
              what: 'Baxrom aka bilan messenjer orqali haftalik qoʻngʻiroqlarni yoʻlga qoʻyish',
              dueInDays: 21,
              status: 'in_progress',
            },
            {
              key: 'guardianship',
              performer: 'organisation',
              organisationId: org.legalAid,
              serviceId: svc.legalAdvice,
              what: 'Oydin opani nevaralariga vasiy qilib tayinlash hujjatlari',
              dueInDays: 30,
            },
          ],
        },
        {
          domain: 'psychosocial_wellbeing',
          title: 'Oydin opa holsizlik va tushkunlikdan chiqadi',
          targetInDays: 60,
          actions: [
            {
              performer: 'organisation',
              organisationId: org.clinic,
              serviceId: svc.familyDoctor,
              what: 'Oilaviy shifokor uyga chiqib, qon bosimini nazorat qiladi',
              dueInDays: 3,
            },
            {
              performer: 'organisation',
              organisationId: org.inson,
              serviceId: svc.psychologist,
              what: 'Psixolog bilan oltita uchrashuv',
              dueInDays: 45,
            },
            {
              performer: 'family',
              personId: oydin,
              what: 'Dori-darmonni muntazam ichish, haftada bir mahalla ayollar kengashiga borish',
              dueInDays: 30,
            },
          ],
        },
      ],
      implementation.assigned_user_id,
      implementation.supervisor_id,
    );
    result.implementation = { caseId: implementation.id, actions: plan.actions };
    count++;
  }

  // Monitoring: Akmal aka out of work; the first plan sent him to the district job centre, which had nothing
  // for him, so the revision sent him to a training course in Denov.
  const monitoring = byStatus.get('monitoring');
  if (monitoring?.assigned_user_id && monitoring.supervisor_id) {
    const first = await writePlan(
      trx,
      monitoring,
      { revision: 1, previousId: null, status: 'superseded', at: ago(monitoring, 0.2), summary: 'Akmal akani ishga joylashtirish.' },
      [
        {
          domain: 'income_employment',
          title: 'Akmal aka doimiy ishga joylashadi',
          targetInDays: -40,
          actions: [
            {
              key: 'jobCentre',
              performer: 'organisation',
              organisationId: org.employment,
              serviceId: svc.jobPlacement,
              what: 'Bandlik markazida ishsiz sifatida roʻyxatga olish va ish topish',
              dueInDays: -70,
              status: 'cancelled',
            },
          ],
        },
      ],
      monitoring.assigned_user_id,
      monitoring.supervisor_id,
    );
    const second = await writePlan(
      trx,
      monitoring,
      {
        revision: 2,
        previousId: first.id,
        status: 'approved',
        at: ago(monitoring, 0.4),
        summary: 'Kasb oʻrganib, ishga joylashish; qarzlarni toʻlash.',
      },
      [
        {
          domain: 'income_employment',
          title: 'Akmal aka elektr montajchi kursini tugatib, ishga joylashadi',
          targetInDays: -5,
          actions: [
            {
              key: 'training',
              performer: 'organisation',
              organisationId: org.trainingDenov,
              serviceId: svc.vocationalTraining,
              what: 'Elektr montaj kursi (3 oy) va ishga joylashishga koʻmak',
              dueInDays: -10,
              status: 'done',
            },
            {
              performer: 'worker',
              userId: monitoring.assigned_user_id,
              what: 'Kommunal xizmatlar bilan qarzni boʻlib toʻlash jadvalini kelishish',
              dueInDays: -30,
              status: 'done',
            },
          ],
        },
      ],
      monitoring.assigned_user_id,
      monitoring.supervisor_id,
    );
    result.monitoring = { caseId: monitoring.id, actions: { ...first.actions, ...second.actions } };
    count += 2;
  }

  // Closing: the Qodirovs; Marjona had no birth certificate, now she has one and goes to kindergarten.
  const closing = byStatus.get('closing');
  if (closing?.assigned_user_id && closing.supervisor_id) {
    const plan = await writePlan(
      trx,
      closing,
      {
        revision: 1,
        previousId: null,
        status: 'approved',
        at: ago(closing, 0.3),
        summary: 'Marjonaning hujjatlari va bogʻchaga joylashishi.',
      },
      [
        {
          domain: 'documents_legal',
          title: 'Marjonaning tugʻilganlik guvohnomasi olinadi',
          targetInDays: -60,
          actions: [
            {
              key: 'birthCertificate',
              performer: 'organisation',
              organisationId: org.registry,
              serviceId: svc.birthCertificate,
              what: 'Kechiktirib roʻyxatga olish va guvohnoma berish',
              dueInDays: -80,
              status: 'done',
            },
          ],
        },
        {
          domain: 'education',
          title: 'Marjona bogʻchaga qabul qilinadi',
          targetInDays: -30,
          actions: [
            { performer: 'worker', userId: closing.assigned_user_id, what: 'Bogʻchaga navbatga yozish', dueInDays: -45, status: 'done' },
          ],
        },
      ],
      closing.assigned_user_id,
      closing.supervisor_id,
    );
    result.closing = { caseId: closing.id, actions: plan.actions };
    count++;
  }
  await audit(trx, ctx, 'demo.seed_plans', null, { plans: count });
  return result;
}
