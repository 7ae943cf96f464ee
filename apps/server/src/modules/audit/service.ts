import { type AuditQuery, can, type Locale, NotFound } from '@hamkor/domain';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { translator } from '../../lib/i18n.ts';
import { cursorKey, decodeCursor, page } from '../../lib/pagination.ts';
import { caseResource } from '../cases/access.ts';
import * as cases from '../cases/repo.ts';
import * as families from '../families/repo.ts';
import { safeText, XLSX_TYPE } from '../reports/files.ts';
import * as repo from './repo.ts';

/** At most this many events go into one export file; a longer period is exported in parts. */
export const EXPORT_LIMIT = 50_000;

/**
 * Whether the actor supervises the record: a case's supervisor (or its organisation's admin), or a supervisor
 * of the family's organisation and districts. They may see who has read it, and nothing else of the log.
 */
async function supervisesRecord(ctx: RequestContext, entityId: string): Promise<boolean> {
  const theCase = await cases.findCase(ctx.db, entityId);
  if (theCase) return can(ctx.actor, 'case.approve', caseResource(theCase));
  const family = await families.findFamily(ctx.db, entityId);
  return (
    !!family &&
    can(ctx.actor, 'family.merge', {
      type: 'family',
      organisationId: family.organisation_id,
      districtCode: family.district_code,
      familyId: family.id,
    })
  );
}

export type AuditFile = { name: string; contentType: string; data: Buffer };

/**
 * The audit trail, newest first, filtered (auditors and system administrators). A record's supervisor reads only
 * who has seen that record (`entityId` with `reads=true`). Reading the log, and exporting it, is itself recorded.
 */
export async function listAuditEvents(ctx: RequestContext, query: AuditQuery) {
  const auditor = can(ctx.actor, 'audit.read', { type: 'audit' });
  const readers = !auditor && !!query.entityId && query.reads === 'true' && (await supervisesRecord(ctx, query.entityId));
  if (!auditor && !readers) throw new NotFound();
  const before = decodeCursor(query.cursor, { seq: cursorKey.count });
  const format = auditor ? query.format : null;
  const filter = {
    entityId: query.entityId,
    actorId: query.userId ?? query.actorId,
    action: query.action,
    outcome: query.outcome,
    from: query.from,
    to: query.to,
    readsOnly: query.reads === 'true',
  };
  return withTx(ctx.db, async (trx) => {
    const rows = await repo.listAuditEvents(trx, { ...filter, beforeSeq: before?.seq, limit: format ? EXPORT_LIMIT : query.limit + 1 });
    await audit(trx, ctx, format ? 'audit.export' : 'audit.read', null, {
      ...filter,
      ...(format ? { format, results: rows.length } : {}),
    });
    const items = rows.map(({ actorName, ...row }) => ({ ...row, actorName, at: row.at.toISOString() }));
    if (format) return { file: await auditFile(items, format, ctx.locale) };
    const result = page(items, query.limit, (row) => ({ seq: row.seq }));
    return { page: result };
  });
}

type EventOut = {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  lane: number;
  hash: string;
};

async function auditFile(items: EventOut[], format: 'csv' | 'xlsx', locale: Locale): Promise<AuditFile> {
  const t = translator(locale);
  const header = ['seq', 'at', 'user', 'userId', 'action', 'entityType', 'entityId', 'ip', 'details', 'lane', 'hash'].map((key) =>
    t(`audit.columns.${key}`),
  );
  const rows = items.map((e) => [
    e.seq,
    e.at,
    e.actorName ?? '',
    e.actorId ?? '',
    e.action,
    e.entityType ?? '',
    e.entityId ?? '',
    e.ip ?? '',
    JSON.stringify(e.details),
    e.lane,
    e.hash,
  ]);
  const day = new Date().toISOString().slice(0, 10);
  if (format === 'csv') {
    const text = stringify([header, ...rows], { record_delimiter: '\r\n', escape_formulas: true });
    return { name: `hamkor-audit-${day}.csv`, contentType: 'text/csv; charset=utf-8', data: Buffer.from(`\uFEFF${text}`, 'utf8') };
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('audit');
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((value) => (typeof value === 'string' ? safeText(value) : value)));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return { name: `hamkor-audit-${day}.xlsx`, contentType: XLSX_TYPE, data: Buffer.from(await workbook.xlsx.writeBuffer()) };
}

/**
 * Checks every lane of the audit log, or one (`lane`, so a screen can show its progress lane by lane), for
 * auditors and admins. The check is itself recorded, after it, with what it found, so a verification that
 * found a break cannot go unnoticed.
 */
export async function verifyChain(ctx: RequestContext, lane?: number): Promise<repo.ChainReport> {
  if (!can(ctx.actor, 'audit.read', { type: 'audit' })) throw new NotFound();
  const report = await repo.verifyAuditChain(ctx.db, 5000, lane);
  const broken = report.lanes.reduce((n, one) => n + one.broken.length, 0);
  await withTx(ctx.db, (trx) =>
    audit(trx, ctx, 'audit.verify', null, { intact: report.intact, broken, ...(lane === undefined ? {} : { lane }) }),
  );
  return report;
}

/** The report in words for the operator (the CLI): a summary, and a line for each broken link. */
export function describeChainReport(report: repo.ChainReport): string[] {
  const events = report.lanes.reduce((n, lane) => n + lane.events, 0);
  if (report.intact) return [`Audit chain intact: ${events} events checked in ${report.lanes.length} lanes.`];
  const broken = report.lanes.filter((lane) => lane.broken.length > 0);
  const links = broken.flatMap((lane) =>
    lane.broken.map(
      (link) =>
        `Lane ${lane.lane}, event #${link.event}: ${link.reason === 'hash' ? 'its content does not give its hash' : "it does not link to the previous event's hash"}.`,
    ),
  );
  return [
    ...links,
    `Audit chain broken: ${links.length} broken links in ${broken.length} of ${report.lanes.length} lanes (${events} events checked).`,
  ];
}
