import { tashkentDate } from '@hamkor/domain';
import type { Tx } from '../db/database.ts';
import { audit } from '../lib/audit.ts';
import type { SystemContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { recordCaseEvent } from '../modules/cases/repo.ts';
import { insertConsent } from '../modules/consents/repo.ts';
import { notify } from '../modules/notifications/repo.ts';
import { insertShare } from '../modules/transfers/repo.ts';

type People = { denovCentre: string; denovSupervisor: string; ngo: string };

const DAY_MS = 86_400_000;

/**
 * A family of Nodira's (worker) in monitoring is moving to Denov: the mother consented to the Denov centre
 * receiving the case, and the transfer waits in Gulnora's (supervisor.denov) inbox. Jasur's (worker2) case
 * in implementation is shared with Malika of the "Oila va bola" NGO (ngo), who visits the family with him.
 */
export async function seedTransfers(trx: Tx, ctx: SystemContext, people: People): Promise<void> {
  const openCase = (status: string) =>
    trx
      .selectFrom('cases')
      .innerJoin('users', 'users.id', 'cases.assigned_user_id')
      .select(['cases.id', 'cases.number', 'cases.family_id', 'cases.organisation_id', 'cases.region_code', 'cases.district_code'])
      .select(['cases.assigned_user_id', 'cases.focus_person_ids'])
      .where('cases.status', '=', status)
      .where('users.username', '=', status === 'monitoring' ? 'worker' : 'worker2')
      .orderBy('cases.opened_at')
      .executeTakeFirst();
  const moving = await openCase('monitoring');
  const shared = await openCase('implementation');
  const at = new Date(Date.now() - 2 * DAY_MS);
  if (moving?.assigned_user_id) {
    const members = await trx
      .selectFrom('persons')
      .select(['id', 'relationship'])
      .where('family_id', '=', moving.family_id)
      .where('merged_into', 'is', null)
      .orderBy('id')
      .execute();
    const giver = members.find((m) => m.relationship === 'head' || m.relationship === 'spouse') ?? members[0];
    if (giver) {
      const consentId = newId();
      const event = { caseId: moving.id, regionCode: moving.region_code, actorId: moving.assigned_user_id };
      await insertConsent(trx, {
        id: consentId,
        case_id: moving.id,
        region_code: moving.region_code,
        district_code: moving.district_code,
        given_by_person_id: giver.id,
        on_behalf_of_person_ids: members.filter((m) => m.id !== giver.id).map((m) => m.id),
        scope_categories: [],
        scope_organisation_ids: [people.denovCentre],
        date: tashkentDate(at),
        note: 'Oila Denovga koʻchmoqda; ishni Denov markaziga berishga rozi.',
        created_at: at,
        created_by: moving.assigned_user_id,
        updated_at: at,
        updated_by: moving.assigned_user_id,
      });
      await recordCaseEvent(trx, { ...event, kind: 'consent.recorded', at, details: { consentId } });
      const transferId = newId();
      await trx
        .insertInto('case_transfers')
        .values({
          id: transferId,
          case_id: moving.id,
          region_code: moving.region_code,
          from_organisation_id: moving.organisation_id,
          to_organisation_id: people.denovCentre,
          reason: 'Oila Denov tumaniga, buvisining uyiga koʻchib ketmoqda; bolalar u yerdagi maktabga oʻtadi.',
          consent_id: consentId,
          sent_by: moving.assigned_user_id,
          sent_at: at,
          from_assigned_user_id: moving.assigned_user_id,
          created_at: at,
          created_by: moving.assigned_user_id,
          updated_at: at,
          updated_by: moving.assigned_user_id,
        })
        .execute();
      await recordCaseEvent(trx, {
        ...event,
        kind: 'transfer.sent',
        at,
        details: { transferId, fromOrganisationId: moving.organisation_id, toOrganisationId: people.denovCentre },
      });
      await notify(trx, {
        userId: people.denovSupervisor,
        regionCode: moving.region_code,
        kind: 'transfer_received',
        caseId: null,
        params: { transferId, caseNumber: moving.number, organisationName: 'Shoʻrchi tumani «Inson» ijtimoiy xizmatlar markazi' },
        at,
      });
    }
  }
  if (shared?.assigned_user_id) {
    await insertShare(trx, {
      case_id: shared.id,
      user_id: people.ngo,
      region_code: shared.region_code,
      created_by: shared.assigned_user_id,
    });
    await recordCaseEvent(trx, {
      caseId: shared.id,
      regionCode: shared.region_code,
      kind: 'share.added',
      actorId: shared.assigned_user_id,
      at,
      details: { userId: people.ngo },
    });
  }
  await audit(trx, ctx, 'demo.transfers', null, { transfers: moving ? 1 : 0, shares: shared ? 1 : 0 });
}
