import type { Session, TestServer } from '../../../test/harness.ts';

/**
 * Records for the plan, consent and referral routes of the authorisation matrix: all on cases of the
 * demo worker's, referrals going to the Shoʻrchi civil registry (the `agency` user's organisation).
 */
export async function planReferralFixtures(
  server: TestServer,
  worker: Session,
  setting: { caseId: string; personId: string; workerId: string; newCase: () => Promise<string> },
) {
  const registry = await server.db
    .selectFrom('organisations')
    .select('id')
    .where('kind', '=', 'civil_registry')
    .where('district_code', '=', '1722226')
    .executeTakeFirstOrThrow();
  const service = await server.db
    .selectFrom('services')
    .select(['id', 'version'])
    .where('organisation_id', '=', registry.id)
    .orderBy('name')
    .executeTakeFirstOrThrow();
  const consent = async () => {
    const payload = { givenByPersonId: setting.personId, scope: ['civil_registry', registry.id], date: '2026-01-10' };
    const response = await server.as(worker, { method: 'POST', url: `/api/cases/${setting.caseId}/consents`, payload });
    if (response.statusCode !== 201) throw new Error(`consent fixture: ${response.statusCode}`);
    return response.json().id as string;
  };
  const consentId = await consent();
  const planningCase = async () => {
    const id = await setting.newCase();
    await server.db.updateTable('cases').set({ status: 'planning' }).where('id', '=', id).execute();
    return id;
  };
  const plan = async (state: 'draft' | 'approved' = 'draft') => {
    const caseId = await planningCase();
    const payload = {
      goals: [
        {
          domain: 'documents_legal',
          title: 'Hujjatlar tiklanadi',
          targetDate: '2027-03-01',
          actions: [{ performer: 'worker', userId: setting.workerId, what: 'FHDYo bilan uchrashuv', dueDate: '2027-01-15' }],
        },
      ],
    };
    const body = (await server.as(worker, { method: 'POST', url: `/api/cases/${caseId}/plans`, payload })).json();
    if (state === 'approved') await server.db.updateTable('plans').set({ status: 'approved' }).where('id', '=', body.id).execute();
    const action = await server.db
      .selectFrom('plan_actions')
      .select(['id', 'version'])
      .where('plan_id', '=', body.id)
      .executeTakeFirstOrThrow();
    return { id: body.id as string, version: body.version as number, actionId: action.id, actionVersion: action.version };
  };
  const referral = async (status: 'sent' | 'accepted' = 'sent') => {
    const payload = {
      caseId: setting.caseId,
      toOrganisationId: registry.id,
      serviceId: service.id,
      reason: 'Tugʻilganlik guvohnomasi yoʻq',
      urgency: 'urgent',
      consentId,
      personIds: [setting.personId],
    };
    const response = await server.as(worker, { method: 'POST', url: '/api/referrals', payload });
    if (response.statusCode !== 201) throw new Error(`referral fixture: ${response.statusCode} ${JSON.stringify(response.json())}`);
    const id = response.json().id as string;
    if (status === 'accepted')
      await server.db.updateTable('referrals').set({ status: 'accepted', accepted_at: new Date() }).where('id', '=', id).execute();
    return id;
  };
  const serviceVersion = async () =>
    (await server.db.selectFrom('services').select('version').where('id', '=', service.id).executeTakeFirstOrThrow()).version;
  return { registryId: registry.id, service, serviceVersion, consentId, consent, planningCase, plan, referral };
}

export type PlanReferralFixtures = Awaited<ReturnType<typeof planReferralFixtures>>;
