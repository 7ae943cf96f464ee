import {
  type Actor,
  Conflict,
  can,
  type EmergencyAccessOut,
  type EmergencyCreate,
  type EmergencyQuery,
  type EmergencyReview,
  mayEver,
  NotFound,
} from '@hamkor/domain';
import { stringify } from 'csv-stringify/sync';
import type { Db, Tx } from '../../db/database.ts';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { translator } from '../../lib/i18n.ts';
import { newId } from '../../lib/ids.ts';
import { cursorKey, decodeCursor, page } from '../../lib/pagination.ts';
import { caseResource } from '../cases/access.ts';
import * as cases from '../cases/repo.ts';
import * as families from '../families/repo.ts';
import { notify } from '../notifications/repo.ts';
import * as repo from './repo.ts';

/** How long an emergency access lasts: HAMKOR_EMERGENCY_ACCESS_HOURS, 3 by default, at most a day. */
export function emergencyHours(env: NodeJS.ProcessEnv = process.env): number {
  const hours = Number(env.HAMKOR_EMERGENCY_ACCESS_HOURS || 3);
  return Number.isFinite(hours) && hours > 0 ? Math.min(hours, 24) : 3;
}

/**
 * Gives the actor the families they opened with a reason and may still read, and ends those whose time is up
 * (each end an audit event, in the chain like the start). Called with the session, for the roles that may
 * open records this way; everyone else never pays the query.
 */
export async function loadEmergencyAccess(db: Db, actor: Actor, ip: string | null): Promise<void> {
  if (!mayEver(actor, 'emergency.open')) return;
  const open = await repo.openAccessesOf(db, actor.id);
  if (open.length === 0) return;
  const expired = open.filter((row) => !row.running);
  if (expired.length > 0)
    await withTx(db, async (trx) => {
      for (const row of expired) {
        const ended = await repo.endAccess(trx, row.id, null);
        if (ended)
          await audit(
            trx,
            { actor, db, locale: 'en', ip },
            'emergency.end',
            { type: row.entity_type, id: row.entity_id },
            { accessId: row.id, reason: 'expired', familyId: row.family_id },
          );
      }
    });
  const running = open.filter((row) => row.running).map((row) => row.family_id);
  if (running.length > 0) actor.emergencyFamilyIds = [...new Set(running)];
}

/** The record asked for, whatever the actor's reach: its family, organisation and region, and who supervises it. */
async function recordOf(trx: Tx, input: EmergencyCreate) {
  if (input.entityType === 'case') {
    const row = await cases.findCase(trx, input.entityId);
    if (!row) return undefined;
    return {
      familyId: row.family_id,
      organisationId: row.organisation_id,
      regionCode: row.region_code,
      caseId: row.id,
      reached: (actor: Actor) => can(actor, 'case.read', caseResource(row)),
      supervisors: () => repo.caseSupervisors(trx, row.id),
    };
  }
  const row = await families.findFamily(trx, input.entityId);
  if (!row || row.merged_into) return undefined;
  return {
    familyId: row.id,
    organisationId: row.organisation_id,
    regionCode: row.region_code,
    caseId: null,
    reached: (actor: Actor) =>
      can(actor, 'family.read', { type: 'family', organisationId: row.organisation_id, districtCode: row.district_code, familyId: row.id }),
    supervisors: () => repo.familySupervisors(trx, row.id, row.organisation_id),
  };
}

/**
 * Opens a family or case outside the actor's reach, with a reason, for a few hours. The opening is an audit
 * event in the same transaction; the record's supervisors and its organisation's auditors are told at once.
 * A record that does not exist, or an actor whose role never opens records this way, gets 404; a record the
 * actor already reads needs no opening (409 already_in_reach).
 */
export async function openEmergency(ctx: RequestContext, input: EmergencyCreate): Promise<{ id: string; expiresAt: string }> {
  if (!can(ctx.actor, 'emergency.open', { type: 'emergency' })) throw new NotFound();
  return withTx(ctx.db, async (trx) => {
    const record = await recordOf(trx, input);
    if (!record) throw new NotFound();
    // Judged without the actor's other openings: a record opened already is opened again (a new review), not refused.
    if (record.reached({ ...ctx.actor, emergencyFamilyIds: [] })) throw new Conflict('already_in_reach');
    const id = newId();
    const startedAt = new Date();
    const expiresAt = new Date(startedAt.getTime() + emergencyHours() * 3_600_000);
    const reviewers = (await record.supervisors()).filter((reviewer) => reviewer !== ctx.actor.id);
    await trx
      .insertInto('emergency_accesses')
      .values({
        id,
        user_id: ctx.actor.id,
        entity_type: input.entityType,
        entity_id: input.entityId.toLowerCase(),
        family_id: record.familyId,
        organisation_id: record.organisationId,
        region_code: record.regionCode,
        reason_code: input.reasonCode,
        reason: input.reason,
        started_at: startedAt,
        expires_at: expiresAt,
        reviewers,
        created_by: ctx.actor.id,
        updated_by: ctx.actor.id,
      })
      .execute();
    // The reason's text stays in its row (shown to reviewers); the chain holds its code and the times.
    await audit(
      trx,
      ctx,
      'emergency.open',
      { type: input.entityType, id: input.entityId },
      { accessId: id, reasonCode: input.reasonCode, familyId: record.familyId, expiresAt: expiresAt.toISOString() },
    );
    const auditors = await repo.usersWithRole(trx, record.organisationId, 'auditor');
    const opener = await trx.selectFrom('users').select('display_name').where('id', '=', ctx.actor.id).executeTakeFirstOrThrow();
    for (const userId of new Set([...reviewers, ...auditors]))
      await notify(trx, {
        userId,
        regionCode: record.regionCode,
        kind: 'emergency_access',
        caseId: null,
        params: { accessId: id, userName: opener.display_name },
      });
    ctx.actor.emergencyFamilyIds = [...(ctx.actor.emergencyFamilyIds ?? []), record.familyId];
    return { id, expiresAt: expiresAt.toISOString() };
  });
}

const isAuditor = (actor: Actor) => can(actor, 'emergency.read_all', { type: 'emergency' });

function toOut(row: repo.EmergencyRow): EmergencyAccessOut {
  const ended = row.ended_at ?? (row.expires_at.getTime() <= Date.now() ? row.expires_at : null);
  return {
    id: row.id,
    user: { id: row.user_id, displayName: row.user_name },
    entityType: row.entity_type as EmergencyAccessOut['entityType'],
    entityId: row.entity_id,
    familyId: row.family_id,
    organisation: { id: row.organisation_id, name: row.organisation_name },
    reasonCode: row.reason_code as EmergencyAccessOut['reasonCode'],
    reason: row.reason,
    startedAt: row.started_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    endedAt: ended ? ended.toISOString() : null,
    active: !ended,
    review:
      row.review_outcome && row.reviewed_at && row.reviewed_by
        ? {
            outcome: row.review_outcome as 'justified' | 'not_justified',
            comment: row.review_comment ?? '',
            reviewer: { id: row.reviewed_by, displayName: row.reviewer_name ?? '' },
            at: row.reviewed_at.toISOString(),
          }
        : null,
    version: row.version,
  };
}

/**
 * Emergency accesses: an auditor (or system administrator) sees every one; anyone else their own and those
 * they review as the record's supervisor. `format=csv` gives the same list as a file (the report per
 * organisation and period). Reading the list is audited: it holds reasons that may name a family's situation.
 */
export async function listEmergency(ctx: RequestContext, query: EmergencyQuery) {
  const before = decodeCursor(query.cursor, { at: cursorKey.moment, id: cursorKey.id });
  const csv = query.format === 'csv';
  return withTx(ctx.db, async (trx) => {
    const rows = await repo.listAccesses(trx, {
      status: query.status,
      organisationId: query.organisationId,
      from: query.from,
      to: query.to,
      visibleTo: isAuditor(ctx.actor) ? null : ctx.actor.id,
      before,
      // A file holds the whole period, up to a bound no organisation's period comes near.
      limit: csv ? 10_000 : query.limit + 1,
    });
    await audit(trx, ctx, csv ? 'emergency.report' : 'emergency.list', null, {
      status: query.status ?? null,
      organisationId: query.organisationId ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
      results: rows.length,
    });
    if (csv) return { csv: emergencyCsv(rows.map(toOut), ctx) };
    const result = page(rows, query.limit, (row) => ({ at: row.started_at.toISOString(), id: row.id }));
    return { page: { items: result.items.map(toOut), nextCursor: result.nextCursor } };
  });
}

function emergencyCsv(items: EmergencyAccessOut[], ctx: RequestContext): Buffer {
  const t = translator(ctx.locale);
  const header = [
    'startedAt',
    'endedAt',
    'user',
    'organisation',
    'entityType',
    'entityId',
    'reasonCode',
    'reason',
    'outcome',
    'reviewer',
    'comment',
  ];
  const rows = items.map((item) => [
    item.startedAt,
    item.endedAt ?? '',
    item.user.displayName,
    item.organisation.name,
    item.entityType,
    item.entityId,
    t(`emergency.reasons.${item.reasonCode}`),
    item.reason,
    item.review ? t(`emergency.outcomes.${item.review.outcome}`) : t('emergency.outcomes.pending'),
    item.review?.reviewer.displayName ?? '',
    item.review?.comment ?? '',
  ]);
  const text = stringify([header.map((key) => t(`emergency.columns.${key}`)), ...rows], {
    record_delimiter: '\r\n',
    escape_formulas: true,
  });
  return Buffer.from(`\uFEFF${text}`, 'utf8');
}

/**
 * The review of an opening by the record's supervisor or an auditor: justified or not, with a comment, once.
 * Nobody reviews their own opening. Anyone else gets 404, as for a record out of reach.
 */
export async function reviewEmergency(ctx: RequestContext, id: string, input: EmergencyReview): Promise<EmergencyAccessOut> {
  return withTx(ctx.db, async (trx) => {
    const row = await trx.selectFrom('emergency_accesses').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    const mayReview = !!row && can(ctx.actor, 'emergency.review', { type: 'emergency', openedBy: row.user_id, reviewers: row.reviewers });
    if (!row || !mayReview) throw new NotFound(row ? { type: 'emergency_access', id: row.id } : undefined);
    if (row.reviewed_at) throw new Conflict('already_reviewed', toOut((await repo.findAccess(trx, id)) as repo.EmergencyRow));
    await trx
      .updateTable('emergency_accesses')
      .set({
        review_outcome: input.outcome,
        review_comment: input.comment,
        reviewed_by: ctx.actor.id,
        reviewed_at: new Date(),
        version: row.version + 1,
        updated_at: new Date(),
        updated_by: ctx.actor.id,
      })
      .where('id', '=', id)
      .execute();
    await audit(trx, ctx, 'emergency.review', { type: row.entity_type, id: row.entity_id }, { accessId: id, outcome: input.outcome });
    return toOut((await repo.findAccess(trx, id)) as repo.EmergencyRow);
  });
}

/** The opener ends their access before its time (the end is an audit event); only their own, once. */
export async function endEmergency(ctx: RequestContext, id: string): Promise<EmergencyAccessOut> {
  return withTx(ctx.db, async (trx) => {
    const row = await repo.findAccess(trx, id);
    if (!row || row.user_id !== ctx.actor.id) throw new NotFound();
    const ended = await repo.endAccess(trx, id, ctx.actor.id);
    if (!ended) throw new Conflict('access_ended', toOut(row));
    await audit(
      trx,
      ctx,
      'emergency.end',
      { type: row.entity_type, id: row.entity_id },
      { accessId: id, reason: 'ended', familyId: row.family_id },
    );
    ctx.actor.emergencyFamilyIds = ctx.actor.emergencyFamilyIds?.filter((familyId) => familyId !== row.family_id);
    return toOut((await repo.findAccess(trx, id)) as repo.EmergencyRow);
  });
}
