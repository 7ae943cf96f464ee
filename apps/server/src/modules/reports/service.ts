import {
  addDays,
  type CellOut,
  type CountCell,
  cellNoise,
  columnLabelKey,
  defaultGrouping,
  drillDownOf,
  groupingFits,
  Invalid,
  isStock,
  type Locale,
  NotFound,
  perturbCount,
  publishedColumns,
  REPORTS,
  type ReportGrouping,
  type ReportName,
  type ReportOut,
  type ReportQuery,
  type ReportScope,
  type ReportTableOut,
  reportScope,
  reportScopeReaches,
  reportTitleKey,
  SERVICE_CATEGORIES,
  SUPPRESSION_THRESHOLD,
  startOfTashkentDay,
  suppressTable,
  TOTAL_COLUMN,
  tashkentDate,
  unsuppressedTable,
  WITHHELD_CELL,
  wholeMonths,
} from '@hamkor/domain';
import { readDb } from '../../db/replica.ts';
import { withTx } from '../../db/transactions.ts';
import { audit } from '../../lib/audit.ts';
import type { RequestContext } from '../../lib/context.ts';
import { translator } from '../../lib/i18n.ts';
import { type Draw, keyedDraw } from './disclosure.ts';
import { type ReportFile, reportCsv, reportXlsx } from './files.ts';
import { type CaseSelection, FIGURES, type ReportFigures, territoryName, territoryNames } from './repo.ts';

/** Who reads, how far, and whether small counts are hidden from them. */
export type Reader = { scope: Exclude<ReportScope, { kind: 'none' }>; privacy: boolean };

type NameColumn = 'name_uz_latn' | 'name_uz_cyrl' | 'name_ru' | 'name_en' | 'name_kaa';
const NAME_COLUMNS: Record<Locale, NameColumn> = {
  'uz-Latn': 'name_uz_latn',
  'uz-Cyrl': 'name_uz_cyrl',
  ru: 'name_ru',
  en: 'name_en',
  kaa: 'name_kaa',
};

/** The reader of figures: the report scope the policy gives them; 404 when it gives none. */
export function readerOf(ctx: RequestContext): Reader {
  const scope = reportScope(ctx.actor);
  if (scope.kind === 'none') throw new NotFound();
  return { scope, privacy: scope.kind === 'territory' && scope.aggregateOnly };
}

export type Period = { from: string; to: string };

/** The period asked for; by default the twelve calendar months up to today, in Tashkent. */
export function periodOf(query: { from?: string | null; to?: string | null }, today = tashkentDate(new Date())): Period {
  const to = query.to ?? today;
  if (query.from) return { from: query.from, to };
  const [year, month] = to.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(year, month - 12, 1)).toISOString().slice(0, 10);
  return { from: start, to };
}

/**
 * The period a reader's figures cover: the one asked for, and for aggregate-only readers widened to whole
 * months and cut at the end of the last complete month (`wholeMonths`), so that no two answers differ by
 * a day's cases. `reportTable` applies the same rule to every table it makes.
 */
export function periodFor(reader: Reader, query: { from?: string | null; to?: string | null }, today = tashkentDate(new Date())): Period {
  const period = periodOf(query, today);
  return reader.privacy ? wholeMonths(period, today) : period;
}

/** The months a period touches, each cut to the period. */
export function monthsOf(period: Period): CaseSelection['months'] {
  const months: CaseSelection['months'] = [];
  const periodStart = startOfTashkentDay(period.from);
  const periodEnd = startOfTashkentDay(addDays(period.to, 1));
  let [year, month] = period.from.split('-').map(Number) as [number, number];
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (`${key}-01` > period.to) break;
    const next = month === 12 ? [year + 1, 1] : [year, month + 1];
    const start = startOfTashkentDay(`${key}-01`);
    const end = startOfTashkentDay(`${next[0]}-${String(next[1]).padStart(2, '0')}-01`);
    months.push({ key, start: start < periodStart ? periodStart : start, end: end > periodEnd ? periodEnd : end });
    [year, month] = next as [number, number];
  }
  return months;
}

/**
 * The territory the figures cover: the one asked for, which must lie within the reader's reach (404
 * otherwise, as for a record), or the reader's whole reach. Its name in the reader's language.
 */
export async function territoryOf(ctx: RequestContext, reader: Reader, asked: string | null | undefined) {
  const t = translator(ctx.locale);
  const code = asked ?? (reader.scope.kind === 'territory' ? reader.scope.territoryCode : null);
  if (asked && !reportScopeReaches(reader.scope, asked)) throw new NotFound();
  if (!code) return { code: null, name: t(reader.scope.kind === 'cases' ? 'reports.yourCases' : 'reports.national') };
  const name = await territoryName(readDb(ctx), code, NAME_COLUMNS[ctx.locale]);
  if (!name) throw new NotFound();
  return { code, name };
}

export type TableRequest = {
  name: ReportName;
  territoryCode: string | null;
  period: Period;
  groupBy?: ReportGrouping | null;
  organisationId?: string | null;
};

const monthLabel = (key: string) => `${key.slice(5, 7)}.${key.slice(0, 4)}`;

/** The rows a grouping lists: every territory one level down (for territorial readers), every month or category. */
async function rowKeys(ctx: RequestContext, reader: Reader, request: TableRequest, groupBy: ReportGrouping, selection: CaseSelection) {
  const t = translator(ctx.locale);
  if (groupBy === 'month') return selection.months.map((m) => ({ key: m.key, label: monthLabel(m.key) }));
  if (groupBy === 'category') return SERVICE_CATEGORIES.map((key) => ({ key, label: t(`reports.categories.${key}`) }));
  // Staff counting their own cases see the places their cases are in, not every territory of the country.
  if (reader.scope.kind === 'cases') return [];
  return territoryNames(readDb(ctx), groupBy, request.territoryCode, NAME_COLUMNS[ctx.locale]).then((rows) =>
    rows.map((row) => ({ key: row.code, label: row.name })),
  );
}

/** Labels of keys that appear in the figures but not in the listed rows (an inactive mahalla, none recorded). */
async function labelsOf(ctx: RequestContext, groupBy: ReportGrouping, keys: string[]): Promise<Map<string, string>> {
  const t = translator(ctx.locale);
  const labels = new Map<string, string>([['unknown', t('reports.unknown')]]);
  const codes = keys.filter((key) => key !== 'unknown');
  if (codes.length === 0 || groupBy === 'month' || groupBy === 'category') return labels;
  const column = NAME_COLUMNS[ctx.locale];
  const table = groupBy === 'region' ? 'regions' : groupBy === 'district' ? 'districts' : 'mahallas';
  const rows = await readDb(ctx)
    .selectFrom(table)
    .select((eb) => ['code', eb.fn.coalesce(eb.ref(column), eb.ref('name_uz_latn')).as('name')])
    .where('code', 'in', codes)
    .execute();
  for (const row of rows) labels.set(row.code, row.name);
  return labels;
}

/**
 * One table of figures: the report's columns, a row per group, the totals row, with small counts
 * hidden for aggregate-only readers. The territory must already have been checked against the reach.
 */
export async function reportTable(ctx: RequestContext, reader: Reader, request: TableRequest): Promise<ReportTableOut> {
  const definition = REPORTS[request.name];
  const t = translator(ctx.locale);
  const groupBy = request.groupBy ?? defaultGrouping(definition, request.territoryCode);
  if (!groupingFits(definition, groupBy, request.territoryCode)) throw new Invalid([{ path: 'groupBy', code: 'choice' }]);
  // Every table an aggregate-only reader gets, report or dashboard, is made here: whole months, perturbed counts.
  const period = reader.privacy ? wholeMonths(request.period, tashkentDate(new Date())) : request.period;
  const selection: CaseSelection = {
    caseFilter: reader.scope.kind === 'cases' ? reader.scope.filter : null,
    territoryCode: request.territoryCode,
    organisationId: request.organisationId ?? null,
    from: startOfTashkentDay(period.from),
    to: startOfTashkentDay(addDays(period.to, 1)),
    groupBy,
    months: monthsOf(period),
  };
  const figures = await FIGURES[request.name](readDb(ctx), selection);
  const listed = await rowKeys(ctx, reader, request, groupBy, selection);
  const listedKeys = new Set(listed.map((row) => row.key));
  const extra = [...figures.rows.keys()].filter((key) => !listedKeys.has(key)).sort();
  const extraLabels = await labelsOf(ctx, groupBy, extra);
  const rows = [...listed, ...extra.map((key) => ({ key, label: extraLabels.get(key) ?? key }))];
  const noise = reader.privacy ? perturbedCounts(await keyedDraw(ctx.db), { ...request, period }, groupBy) : null;
  return shapeTable(t, definition.name, rows, figures, groupBy, reader.privacy, noise);
}

/** Rows that are places: a place's figures are the same whichever table they appear in. */
const PLACE_ROWS: ReadonlySet<ReportGrouping> = new Set(['region', 'district', 'mahalla']);

/**
 * Each count as published to aggregate-only readers, its noise keyed by what the cell counts: the report
 * and column, whom (a place by its code, wherever it appears; a month row the territory asked for; a
 * category of that territory), for which organisation, and over which months (a month row: its month).
 */
export function perturbedCounts(draw: Draw, request: TableRequest, groupBy: ReportGrouping): CellNoise {
  return (rowKey, column, count) => {
    const place = PLACE_ROWS.has(groupBy) && rowKey !== 'unknown';
    const territory = request.territoryCode ?? 'all';
    const who = place ? rowKey : groupBy === 'month' ? territory : `${territory}/${groupBy}/${rowKey}`;
    const [first, last] = groupBy === 'month' ? [rowKey, rowKey] : [request.period.from.slice(0, 7), request.period.to.slice(0, 7)];
    const identity = [request.name, column, who, request.organisationId ?? ''].join('|');
    return perturbCount(count, cellNoise(draw, { identity, first, last, stock: isStock(request.name, column) }));
  };
}

/** A count as published: the cell's row key and column decide its noise. */
export type CellNoise = (rowKey: string, column: string, count: number) => number;

/** Figures into the published table: counts through suppression, day figures withheld when their count is small. */
export function shapeTable(
  t: (key: string) => string,
  name: ReportName,
  rows: { key: string; label: string }[],
  figures: ReportFigures,
  groupBy: ReportGrouping,
  privacy: boolean,
  noise: CellNoise | null = null,
): ReportTableOut {
  const definition = REPORTS[name];
  const counts = definition.columns.filter((column) => column.kind === 'count');
  // Totals are the sums of the cells as published, so a perturbed table still adds up.
  const values = rows.map((row) =>
    counts.map((column) => {
      const count = figures.rows.get(row.key)?.[column.key] ?? 0;
      return noise ? noise(row.key, column.key, count) : count;
    }),
  );
  const input = { values, partition: definition.partition, totals: definition.totals };
  const table = privacy ? suppressTable(input) : unsuppressedTable(input);
  const countCell = new Map(counts.map((column, index) => [column.key, index]));

  const dayCell = (value: number | null | undefined, basis: number): CellOut => {
    if (value === null || value === undefined || basis === 0) return null;
    return privacy && basis < SUPPRESSION_THRESHOLD ? WITHHELD_CELL : value;
  };
  const cellsOf = (
    countsRow: CountCell[],
    rowTotal: CountCell | null,
    raw: Record<string, number | null> | undefined,
    basisOf: (key: string) => number,
  ) => {
    const cells: Record<string, CellOut> = {};
    for (const column of definition.columns) {
      if (column.kind === 'count') cells[column.key] = countsRow[countCell.get(column.key) ?? 0] ?? 0;
      else cells[column.key] = dayCell(raw?.[column.key], basisOf(column.basis ?? ''));
    }
    if (definition.partition) cells[TOTAL_COLUMN] = rowTotal ?? 0;
    return cells;
  };

  const outRows = rows.map((row, i) => {
    const raw = figures.rows.get(row.key);
    return {
      key: row.key,
      label: row.label,
      cells: cellsOf(table.cells[i] ?? [], table.rowTotals?.[i] ?? null, raw, (key) => raw?.[key] ?? 0),
    };
  });
  const columnSums = (key: string) => values.reduce((sum, row) => sum + (row[countCell.get(key) ?? 0] ?? 0), 0);
  const totals = table.columnTotals ? cellsOf(table.columnTotals, table.grandTotal, figures.overall, columnSums) : null;
  return {
    columns: publishedColumns(definition).map((column) => ({ key: column.key, label: t(columnLabelKey(column.key)), kind: column.kind })),
    rows: outRows,
    totals,
    groupBy,
    drillDown: drillDownOf(groupBy),
    suppressed: table.suppressed || outRows.some((row) => Object.values(row.cells).includes(WITHHELD_CELL)),
  };
}

/** A report as JSON: its table, title, what it covers. */
export async function getReport(ctx: RequestContext, name: ReportName, query: ReportQuery): Promise<ReportOut> {
  const reader = readerOf(ctx);
  const territory = await territoryOf(ctx, reader, query.territory);
  const period = periodFor(reader, query);
  const table = await reportTable(ctx, reader, {
    name,
    territoryCode: territory.code,
    period,
    groupBy: query.groupBy,
    organisationId: query.organisation,
  });
  return {
    ...table,
    name,
    title: translator(ctx.locale)(reportTitleKey(name)),
    territory,
    from: period.from,
    to: period.to,
    organisationId: query.organisation ?? null,
    privacy: reader.privacy,
    generatedAt: new Date().toISOString(),
  };
}

export type ReportFormat = 'csv' | 'xlsx';

/** A report as a file, in the reader's language; the export is audited (what was exported, never a figure). */
export async function exportReport(ctx: RequestContext, name: ReportName, query: ReportQuery, format: ReportFormat): Promise<ReportFile> {
  const report = await getReport(ctx, name, query);
  const t = translator(ctx.locale);
  const file = format === 'csv' ? reportCsv(report, t) : await reportXlsx(report, t);
  await withTx(ctx.db, (trx) =>
    audit(trx, ctx, 'report.export', null, {
      report: name,
      format,
      territory: report.territory.code,
      from: report.from,
      to: report.to,
      groupBy: report.groupBy,
      organisation: report.organisationId,
      suppressed: report.suppressed,
    }),
  );
  return file;
}
