import { type ReferralStatus, type ServiceCategory, type SharedField, tashkentDate, type Urgency } from '@hamkor/domain';
import type { Tx } from '../db/database.ts';
import { audit } from '../lib/audit.ts';
import type { SystemContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { recordCaseEvent } from '../modules/cases/repo.ts';
import { insertConsent } from '../modules/consents/repo.ts';
import { notify } from '../modules/notifications/repo.ts';
import { insertReferral } from '../modules/referrals/repo.ts';
import { takeSnapshot } from '../modules/referrals/service.ts';
import type { PlanSeedResult } from './plans.ts';
import type { Directory } from './services.ts';

/**
 * Demo consents and referrals. The Tursunovs (still in assessment): Gulnora's consent, and a referral to
 * the Shoʻrchi civil registry for Ozodbek's missing birth certificate, waiting in the `agency` user's
 * inbox. The Normatovs: the father-contact referral accepted by the NGO and in progress, a guardianship
 * referral to the legal clinic unanswered and overdue. The Rahmonovs: declined by the district job centre
 * (nothing in his trade), sent again to the Denov training centre and completed. The Qodirovs: a birth
 * certificate referral completed by the civil registry.
 */
type People = { agency: string; ngo: string };

const DAY_MS = 86_400_000;

type ReferralSeed = {
  key: string;
  caseId: string;
  to: string;
  service: string;
  category: ServiceCategory;
  planActionId?: string;
  resentFrom?: string;
  reason: string;
  urgency: Urgency;
  persons: string[];
  fields: SharedField[];
  consentId: string;
  sentDaysAgo: number;
  status: ReferralStatus;
  answer?: { daysAgo: number; by: string | null; declineReason?: string };
  started?: number;
  completed?: { daysAgo: number; outcome: string };
};

async function member(trx: Tx, caseId: string, givenName: string): Promise<{ id: string; familyId: string }> {
  const row = await trx
    .selectFrom('persons')
    .innerJoin('cases', 'cases.family_id', 'persons.family_id')
    .select(['persons.id', 'persons.family_id'])
    .where('cases.id', '=', caseId)
    .where('persons.given_name', '=', givenName)
    .executeTakeFirstOrThrow();
  return { id: row.id, familyId: row.family_id };
}

export async function seedReferrals(
  trx: Tx,
  ctx: SystemContext,
  organisationId: string,
  dir: Directory,
  plans: PlanSeedResult,
  people: People,
) {
  const now = Date.now();
  const cases = await trx
    .selectFrom('cases')
    .select(['id', 'status', 'region_code', 'district_code', 'family_id', 'assigned_user_id', 'risk_level', 'number', 'organisation_id'])
    .where('organisation_id', '=', organisationId)
    .execute();
  const byStatus = new Map(cases.map((row) => [row.status, row]));
  const org = dir.organisations;
  const svc = dir.services;
  const names = new Map((await trx.selectFrom('organisations').select(['id', 'name']).execute()).map((row) => [row.id, row.name]));
  const seeds: ReferralSeed[] = [];
  const consentOf = async (caseId: string, giver: string, onBehalf: string[], categories: ServiceCategory[], daysAgo: number) => {
    const theCase = cases.find((row) => row.id === caseId);
    if (!theCase?.assigned_user_id) throw new Error('a demo case without its worker');
    const given = await member(trx, caseId, giver);
    const others = await Promise.all(onBehalf.map(async (name) => (await member(trx, caseId, name)).id));
    const at = new Date(now - daysAgo * DAY_MS);
    const row = await insertConsent(trx, {
      id: newId(),
      case_id: caseId,
      region_code: theCase.region_code,
      district_code: theCase.district_code,
      given_by_person_id: given.id,
      on_behalf_of_person_ids: others,
      scope_categories: categories,
      scope_organisation_ids: [],
      date: tashkentDate(at),
      note: 'Rozilik varaqasi imzolandi, nusxasi ishda.',
      created_at: at,
      created_by: theCase.assigned_user_id,
      updated_at: at,
      updated_by: theCase.assigned_user_id,
    });
    await recordCaseEvent(trx, {
      caseId,
      regionCode: theCase.region_code,
      kind: 'consent.recorded',
      actorId: theCase.assigned_user_id,
      at,
      details: { consentId: row.id, categories, organisationIds: [] },
    });
    return row.id;
  };

  const tursunova = byStatus.get('assessment');
  if (tursunova) {
    const consent = await consentOf(
      tursunova.id,
      'Gulnora',
      ['Jasurbek', 'Madina', 'Bekzod', 'Sevara', 'Ozodbek'],
      ['civil_registry', 'employment', 'legal_aid', 'financial_assistance'],
      3,
    );
    const ozodbek = await member(trx, tursunova.id, 'Ozodbek');
    const gulnora = await member(trx, tursunova.id, 'Gulnora');
    seeds.push({
      key: 'tursunovaBirthCertificate',
      caseId: tursunova.id,
      to: org.registry,
      service: svc.birthCertificate,
      category: 'civil_registry',
      reason:
        'Ozodbek (2023-yil tugʻilgan) tugʻilganlik guvohnomasiga ega emas: tugʻruqxonadan berilgan maʼlumotnoma yoʻqolgan, otasi Rossiyada. Kechiktirib roʻyxatga olishda yordam soʻraymiz.',
      urgency: 'urgent',
      persons: [ozodbek.id, gulnora.id],
      fields: ['name', 'birthDate', 'address', 'phone', 'documents'],
      consentId: consent,
      sentDaysAgo: 1,
      status: 'sent',
    });
  }

  const normatova = byStatus.get('implementation');
  const normatovaPlan = plans.implementation;
  if (normatova && normatovaPlan) {
    const consent = await consentOf(
      normatova.id,
      'Oydin',
      ['Sardor', 'Dildora', 'Asilbek'],
      ['other', 'legal_aid', 'health', 'psychosocial', 'financial_assistance'],
      25,
    );
    const oydin = await member(trx, normatova.id, 'Oydin');
    const baxrom = await member(trx, normatova.id, 'Baxrom');
    seeds.push({
      key: 'normatovaFather',
      caseId: normatova.id,
      to: org.ngo,
      service: svc.migrantContact,
      category: 'other',
      planActionId: normatovaPlan.actions.fatherContact,
      reason: 'Nevaralar otasi bilan bir yildan beri gaplashmagan. Turkiyadagi otasi bilan muntazam aloqani tiklashga yordam bering.',
      urgency: 'routine',
      persons: [oydin.id, baxrom.id],
      fields: ['name', 'phone', 'whereabouts'],
      consentId: consent,
      sentDaysAgo: 20,
      status: 'in_progress',
      answer: { daysAgo: 18, by: people.ngo },
      started: 15,
    });
    seeds.push({
      key: 'normatovaGuardianship',
      caseId: normatova.id,
      to: org.legalAid,
      service: svc.legalAdvice,
      category: 'legal_aid',
      planActionId: normatovaPlan.actions.guardianship,
      reason:
        'Buvisi nevaralarining qonuniy vakili emas: maktab va poliklinikada muammo boʻlmoqda. Vasiylik hujjatlarini tayyorlashda maslahat kerak.',
      urgency: 'routine',
      persons: [oydin.id],
      fields: ['name', 'birthDate', 'address', 'phone'],
      consentId: consent,
      sentDaysAgo: 9,
      status: 'sent',
    });
  }

  const rahmonov = byStatus.get('monitoring');
  const rahmonovPlan = plans.monitoring;
  if (rahmonov && rahmonovPlan) {
    const consent = await consentOf(rahmonov.id, 'Akmal', [], ['employment'], 100);
    const akmal = await member(trx, rahmonov.id, 'Akmal');
    const reason =
      'Akmal aka (elektrchi, 8 yillik tajriba) 2025-yil kuzidan ishsiz; oila kommunal toʻlovlardan qarzdor. Ishga joylashishda yordam soʻraymiz.';
    seeds.push({
      key: 'rahmonovJobCentre',
      caseId: rahmonov.id,
      to: org.employment,
      service: svc.jobPlacement,
      category: 'employment',
      planActionId: rahmonovPlan.actions.jobCentre,
      reason,
      urgency: 'routine',
      persons: [akmal.id],
      fields: ['name', 'birthDate', 'phone'],
      consentId: consent,
      sentDaysAgo: 95,
      status: 'declined',
      answer: {
        daysAgo: 90,
        by: null,
        declineReason:
          'Tumanda hozir elektrchi uchun boʻsh ish oʻrni yoʻq. Denovdagi «Ishga marhamat» monomarkazida malaka oshirish kursi bor, oʻsha yerga yoʻllashni tavsiya qilamiz.',
      },
    });
    seeds.push({
      key: 'rahmonovTraining',
      caseId: rahmonov.id,
      to: org.trainingDenov,
      service: svc.vocationalTraining,
      category: 'employment',
      planActionId: rahmonovPlan.actions.training,
      resentFrom: 'rahmonovJobCentre',
      reason,
      urgency: 'routine',
      persons: [akmal.id],
      fields: ['name', 'birthDate', 'phone'],
      consentId: consent,
      sentDaysAgo: 88,
      status: 'completed',
      answer: { daysAgo: 85, by: null },
      started: 80,
      completed: {
        daysAgo: 20,
        outcome:
          'Elektr montaj kursini tamomladi (sertifikat berildi). «Shoʻrchi don mahsulotlari» MChJga elektrchi boʻlib ishga joylashdi.',
      },
    });
  }

  const qodirova = byStatus.get('closing');
  const qodirovaPlan = plans.closing;
  if (qodirova && qodirovaPlan) {
    const consent = await consentOf(qodirova.id, 'Shahnoza', ['Umid', 'Marjona'], ['civil_registry', 'education'], 140);
    const marjona = await member(trx, qodirova.id, 'Marjona');
    const shahnoza = await member(trx, qodirova.id, 'Shahnoza');
    seeds.push({
      key: 'qodirovaBirthCertificate',
      caseId: qodirova.id,
      to: org.registry,
      service: svc.birthCertificate,
      category: 'civil_registry',
      planActionId: qodirovaPlan.actions.birthCertificate,
      reason:
        'Marjona tugʻilganda roʻyxatga olinmagan; onasining pasporti muddati oʻtgan. Kechiktirib roʻyxatga olish uchun yordam soʻraymiz.',
      urgency: 'urgent',
      persons: [marjona.id, shahnoza.id],
      fields: ['name', 'birthDate', 'address', 'phone', 'documents'],
      consentId: consent,
      sentDaysAgo: 130,
      status: 'completed',
      answer: { daysAgo: 128, by: people.agency },
      started: 127,
      completed: {
        daysAgo: 110,
        outcome:
          'Sud qarori asosida kechiktirib roʻyxatga olindi, tugʻilganlik guvohnomasi onasiga topshirildi. Ona pasportini almashtirish uchun IIB migratsiya boʻlimiga yoʻl koʻrsatildi.',
      },
    });
  }

  const ids = new Map<string, string>();
  for (const seed of seeds) {
    const theCase = cases.find((row) => row.id === seed.caseId);
    if (!theCase?.assigned_user_id) continue;
    const at = (daysAgo: number) => new Date(now - daysAgo * DAY_MS);
    const sentAt = at(seed.sentDaysAgo);
    const snapshot = await takeSnapshot(trx, theCase, seed.persons, seed.fields, tashkentDate(sentAt));
    const id = newId();
    ids.set(seed.key, id);
    const answeredAt = seed.answer ? at(seed.answer.daysAgo) : null;
    const declined = seed.status === 'declined';
    await insertReferral(trx, {
      id,
      case_id: theCase.id,
      region_code: theCase.region_code,
      district_code: theCase.district_code,
      from_organisation_id: theCase.organisation_id,
      to_organisation_id: seed.to,
      service_id: seed.service,
      category: seed.category,
      plan_action_id: seed.planActionId ?? null,
      resent_from_id: seed.resentFrom ? (ids.get(seed.resentFrom) ?? null) : null,
      reason: seed.reason,
      urgency: seed.urgency,
      consent_id: seed.consentId,
      person_ids: seed.persons,
      shared_fields: seed.fields,
      snapshot: JSON.stringify(snapshot),
      status: seed.status,
      sent_by: theCase.assigned_user_id,
      sent_at: sentAt,
      accepted_at: answeredAt && !declined ? answeredAt : null,
      declined_at: declined ? answeredAt : null,
      decline_reason: seed.answer?.declineReason ?? null,
      started_at: seed.started ? at(seed.started) : null,
      completed_at: seed.completed ? at(seed.completed.daysAgo) : null,
      outcome: seed.completed?.outcome ?? null,
      handled_by: seed.answer?.by ?? null,
      created_at: sentAt,
      updated_at: answeredAt ?? sentAt,
      updated_by: seed.answer?.by ?? theCase.assigned_user_id,
    });
    const event = { caseId: theCase.id, regionCode: theCase.region_code };
    const details = (status: string) => ({ referralId: id, toOrganisationId: seed.to, status });
    await recordCaseEvent(trx, {
      ...event,
      kind: 'referral.sent',
      actorId: theCase.assigned_user_id,
      at: sentAt,
      details: { ...details('sent'), urgency: seed.urgency },
    });
    if (answeredAt)
      await recordCaseEvent(trx, {
        ...event,
        kind: `referral.${declined ? 'declined' : 'accepted'}`,
        actorId: seed.answer?.by ?? null,
        at: answeredAt,
        details: details(declined ? 'declined' : 'accepted'),
      });
    if (seed.started)
      await recordCaseEvent(trx, {
        ...event,
        kind: 'referral.in_progress',
        actorId: seed.answer?.by ?? null,
        at: at(seed.started),
        details: details('in_progress'),
      });
    if (seed.completed)
      await recordCaseEvent(trx, {
        ...event,
        kind: 'referral.completed',
        actorId: seed.answer?.by ?? null,
        at: at(seed.completed.daysAgo),
        details: details('completed'),
      });
    if (seed.status === 'sent' && seed.to === org.registry)
      await notify(trx, {
        userId: people.agency,
        regionCode: theCase.region_code,
        kind: 'referral_received',
        caseId: null,
        params: { referralId: id, organisationName: names.get(theCase.organisation_id) ?? '' },
        at: sentAt,
      });
    if (seed.status === 'in_progress')
      await notify(trx, {
        userId: theCase.assigned_user_id,
        regionCode: theCase.region_code,
        kind: 'referral_accepted',
        caseId: theCase.id,
        params: { referralId: id, organisationName: names.get(seed.to) ?? '', caseNumber: theCase.number },
        at: answeredAt ?? sentAt,
      });
  }
  await audit(trx, ctx, 'demo.seed_referrals', null, { referrals: seeds.length });
}
