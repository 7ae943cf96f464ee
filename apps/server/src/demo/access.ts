import type { Tx } from '../db/database.ts';
import { newId } from '../lib/ids.ts';
import { caseSupervisors } from '../modules/access/repo.ts';
import { appendAuditEvent } from '../modules/audit/repo.ts';
import { notify } from '../modules/notifications/repo.ts';

type People = { denovWorker: string; denovSupervisor: string; supervisor: string; auditor: string };

const HOUR_MS = 3_600_000;

/**
 * Two past emergency accesses (break-the-glass) to Shoʻrchi cases by the Denov centre: Akmal (worker.denov),
 * on duty at night, opened a case after a call about a child left alone, five days ago, and Dilfuza (supervisor)
 * found it justified; Gulnora (supervisor.denov) opened another yesterday for a court's request, and it waits
 * in Dilfuza's and Zulfiya's (auditor) review queue.
 */
export async function seedEmergencyAccess(trx: Tx, people: People): Promise<void> {
  const cases = await trx
    .selectFrom('cases')
    .select(['id', 'family_id', 'organisation_id', 'region_code'])
    .where('status', 'in', ['assessment', 'planning', 'implementation', 'monitoring'])
    .where('supervisor_id', '=', people.supervisor)
    .orderBy('opened_at')
    .limit(2)
    .execute();
  const stories = [
    {
      user: people.denovWorker,
      hoursAgo: 5 * 24,
      reasonCode: 'immediate_danger',
      reason: 'Tungi navbatchilik: qoʻshnilar bola uyda yolgʻiz qolganini xabar qilishdi, Shoʻrchi markaziga telefon qilib boʻlmadi.',
      review: { outcome: 'justified', comment: 'Asosli: navbatchi toʻgʻri harakat qildi, ertalab bizga xabar berdi.' },
    },
    {
      user: people.denovSupervisor,
      hoursAgo: 26,
      reasonCode: 'court_request',
      reason: 'Denov tuman sudi vasiylik ishi boʻyicha oila haqida maʼlumot soʻradi (soʻrov № 14-312).',
      review: null,
    },
  ] as const;
  for (const [index, story] of stories.entries()) {
    const theCase = cases[index];
    if (!theCase) continue;
    const id = newId();
    const startedAt = new Date(Date.now() - story.hoursAgo * HOUR_MS);
    const expiresAt = new Date(startedAt.getTime() + 3 * HOUR_MS);
    const reviewers = await caseSupervisors(trx, theCase.id);
    const reviewedAt = story.review ? new Date(startedAt.getTime() + 20 * HOUR_MS) : null;
    await trx
      .insertInto('emergency_accesses')
      .values({
        id,
        user_id: story.user,
        entity_type: 'case',
        entity_id: theCase.id,
        family_id: theCase.family_id,
        organisation_id: theCase.organisation_id,
        region_code: theCase.region_code,
        reason_code: story.reasonCode,
        reason: story.reason,
        started_at: startedAt,
        expires_at: expiresAt,
        ended_at: expiresAt,
        reviewers,
        review_outcome: story.review?.outcome ?? null,
        review_comment: story.review?.comment ?? null,
        reviewed_by: story.review ? people.supervisor : null,
        reviewed_at: reviewedAt,
        created_at: startedAt,
        created_by: story.user,
        updated_at: reviewedAt ?? expiresAt,
        updated_by: story.review ? people.supervisor : null,
      })
      .execute();
    const entity = { entityType: 'case', entityId: theCase.id, ip: null };
    const details = { accessId: id, familyId: theCase.family_id, demo: true };
    await appendAuditEvent(trx, {
      actorId: story.user,
      action: 'emergency.open',
      ...entity,
      details: { ...details, reasonCode: story.reasonCode, expiresAt: expiresAt.toISOString() },
    });
    await appendAuditEvent(trx, { actorId: story.user, action: 'case.read', ...entity, details: { demo: true } });
    await appendAuditEvent(trx, { actorId: story.user, action: 'emergency.end', ...entity, details: { ...details, reason: 'expired' } });
    if (story.review)
      await appendAuditEvent(trx, {
        actorId: people.supervisor,
        action: 'emergency.review',
        ...entity,
        details: { ...details, outcome: story.review.outcome },
      });
    else
      for (const userId of new Set([...reviewers, people.auditor]))
        await notify(trx, {
          userId,
          regionCode: theCase.region_code,
          kind: 'emergency_access',
          caseId: null,
          params: { accessId: id, userName: story.user === people.denovWorker ? 'Akmal Nurmatov' : 'Gulnora Ergasheva' },
          at: startedAt,
        });
  }
}
