import { CLOSURE_REASONS, type ReportName, RISK_LEVELS, regionOf, schemas, startOfTashkentDay, territoryLevel } from '@hamkor/domain';
import { type RawBuilder, sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import type { CaseSelection, ReportFigures } from './repo.ts';

/**
 * The report figures read from the summary table `figures` (0021_figures.sql) instead of the cases: the
 * same numbers (a test compares the two after random writes), from a few thousand rows. It answers
 * whole months only (a period from the first of a month to the end of a month, or to today) of the
 * country, a region or a district; a selection by organisation, by the cases a reader may read, by days,
 * or by mahalla goes to the cases.
 */

/** The month keys of a selection when it covers whole months; null when it does not. */
export function wholeMonthsOf(selection: CaseSelection, now = new Date()): Months | null {
  // A district's mahallas are counted from its cases: the summary stops at districts.
  if (selection.caseFilter || selection.organisationId || selection.groupBy === 'mahalla') return null;
  const first = selection.months[0];
  const last = selection.months.at(-1);
  if (!first || !last) return null;
  if (first.start.getTime() !== startOfTashkentDay(`${first.key}-01`).getTime()) return null;
  const [year, month] = last.key.split('-').map(Number) as [number, number];
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  // A period ending today (or later) counts everything there is of its last month.
  if (last.end.getTime() !== startOfTashkentDay(next).getTime() && selection.to.getTime() < now.getTime()) return null;
  return { first: first.key, last: last.key, perMonth: selection.groupBy === 'month' };
}

type Months = { first: string; last: string; perMonth: boolean };

/** Which rows: the level of the rows listed, within the territory asked for. */
function rowsOf(selection: CaseSelection): { where: RawBuilder<boolean>; key: 'place' | 'm1' | 'dim' } {
  const code = selection.territoryCode;
  const within = code ? (territoryLevel(code) === 'region' ? sql`region = ${code}` : sql`district = ${code}`) : sql`true`;
  switch (selection.groupBy) {
    case 'region':
    case 'district':
    case 'mahalla':
      return { where: sql<boolean>`level = ${selection.groupBy === 'region' ? 'region' : 'district'} AND ${within}`, key: 'place' };
    case 'month':
    case 'category': {
      const level = code ? territoryLevel(code) : 'country';
      return { where: sql<boolean>`level = ${level} AND place = ${code ?? ''}`, key: selection.groupBy === 'month' ? 'm1' : 'dim' };
    }
  }
}

/** The month part of `during`: rows of a family's first month with the event within the months. */
const duringMonths = (months: Months) =>
  sql<boolean>`(m1 BETWEEN ${months.first} AND ${months.last} AND (${months.perMonth ? sql`true` : sql`m2 = '' OR m2 < ${months.first}`}))`;
/** The month part of `openAt`: rows of spells open at the end of the month. */
const openAtMonth = (month: string) => sql<boolean>`(m1 <= ${month} AND (m2 = '' OR m2 > ${month}))`;
/**
 * Families with the event within the months: each family once, in the row of its first month with it
 * (its earlier month, m2, before them or none). Rows that are months count each month's own families.
 */
const during = (measure: string, months: Months, dim?: string) =>
  sql<boolean>`(measure = ${measure} ${dim === undefined ? sql`` : sql`AND dim = ${dim}`} AND ${duringMonths(months)})`;
/** Families in an open spell at the end of the month. */
const openAt = (measure: string, month: string, dim?: string) =>
  sql<boolean>`(measure = ${measure} ${dim === undefined ? sql`` : sql`AND dim = ${dim}`} AND ${openAtMonth(month)})`;
const total = (condition: RawBuilder<boolean>) => sql<number>`coalesce(sum(n) FILTER (WHERE ${condition}), 0)::int`;

function collect(rows: readonly Record<string, unknown>[], columns: readonly string[]): ReportFigures {
  const out: ReportFigures = { rows: new Map(), overall: {} };
  for (const row of rows) {
    const figures: Record<string, number | null> = {};
    for (const column of columns) figures[column] = row[column] === null || row[column] === undefined ? null : Number(row[column]);
    out.rows.set(String(row.key), figures);
  }
  return out;
}

/**
 * `rows` is the month part every column's condition shares (one of them holds for each row counted): the
 * rows of other months are left out before the sums, which otherwise test every row of the measures'
 * history once per column.
 */
async function grouped(
  db: Db | Tx,
  selection: CaseSelection,
  measures: readonly string[],
  rows: RawBuilder<boolean>,
  columns: readonly [string, RawBuilder<number>][],
): Promise<ReportFigures> {
  const { where, key } = rowsOf(selection);
  const { rows: found } = await sql<Record<string, unknown>>`
    SELECT ${sql.ref(key)} AS key, ${sql.join(columns.map(([name, value]) => sql`${value} AS ${sql.ref(name)}`))}
    FROM figures
    WHERE ${where} AND measure IN (${sql.join(measures)}) AND ${rows}
    GROUP BY 1`.execute(db);
  return collect(
    found,
    columns.map(([name]) => name),
  );
}

async function caseload(db: Db | Tx, selection: CaseSelection, months: Months): Promise<ReportFigures> {
  if (selection.groupBy !== 'month')
    return grouped(db, selection, ['opened', 'closed', 'open'], sql`(${duringMonths(months)} OR ${openAtMonth(months.last)})`, [
      ['opened', total(during('opened', months))],
      ['closed', total(during('closed', months))],
      ['open', total(openAt('open', months.last))],
    ]);
  // By month: families opened and closed in each month, and cases open at each month's end.
  const { where } = rowsOf(selection);
  const { rows } = await sql<{ measure: string; m1: string; m2: string; n: number }>`
    SELECT measure, m1, m2, sum(n)::int AS n FROM figures
    WHERE ${where} AND ((measure IN ('opened', 'closed') AND m1 BETWEEN ${months.first} AND ${months.last})
      OR (measure = 'open_cases' AND m1 <= ${months.last} AND (m2 = '' OR m2 > ${months.first})))
    GROUP BY 1, 2, 3`.execute(db);
  const figures: ReportFigures = { rows: new Map(), overall: {} };
  for (const month of selection.months) {
    let opened = 0;
    let closed = 0;
    let open = 0;
    for (const row of rows) {
      if (row.measure === 'opened' && row.m1 === month.key) opened += row.n;
      else if (row.measure === 'closed' && row.m1 === month.key) closed += row.n;
      else if (row.measure === 'open_cases' && row.m1 <= month.key && (row.m2 === '' || row.m2 > month.key)) open += row.n;
    }
    figures.rows.set(month.key, { opened, closed, open });
  }
  return figures;
}

const risk = (db: Db | Tx, selection: CaseSelection, months: Months) =>
  grouped(db, selection, ['risk'], openAtMonth(months.last), [
    ...RISK_LEVELS.map((level) => [level, total(openAt('risk', months.last, level))] as [string, RawBuilder<number>]),
    ['not_assessed', total(openAt('risk', months.last, 'not_assessed'))],
  ]);

const sources = (db: Db | Tx, selection: CaseSelection, months: Months) =>
  grouped(
    db,
    selection,
    ['source'],
    duringMonths(months),
    schemas.IDENTIFICATION_SOURCES.map((source) => [source, total(during('source', months, source))] as [string, RawBuilder<number>]),
  );

const closures = (db: Db | Tx, selection: CaseSelection, months: Months) =>
  grouped(
    db,
    selection,
    ['closure'],
    duringMonths(months),
    CLOSURE_REASONS.map((reason) => [reason, total(during('closure', months, reason))] as [string, RawBuilder<number>]),
  );

const migration = (db: Db | Tx, selection: CaseSelection, months: Months) =>
  grouped(db, selection, ['open', 'mig_families', 'mig_persons'], openAtMonth(months.last), [
    ['families', total(openAt('open', months.last))],
    ['families_migration', total(openAt('mig_families', months.last))],
    ['persons_abroad', total(openAt('mig_persons', months.last))],
  ]);

/** Referral outcomes by service category ('*': all categories, for rows that are places or months). */
async function referrals(db: Db | Tx, selection: CaseSelection, months: Months) {
  const dim = selection.groupBy === 'category' ? sql`dim <> '*'` : sql`dim = '*'`;
  const { where, key } = rowsOf(selection);
  const counted = (measure: string) => during(measure, months);
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${sql.ref(key === 'dim' ? 'dim' : key)} AS key,
      ${total(counted('ref_sent'))} AS sent, ${total(counted('ref_accepted'))} AS accepted,
      ${total(counted('ref_declined'))} AS declined, ${total(counted('ref_completed'))} AS completed
    FROM figures
    WHERE ${where} AND ${dim} AND measure IN ('ref_sent', 'ref_accepted', 'ref_declined', 'ref_completed') AND ${duringMonths(months)}
    GROUP BY 1`.execute(db);
  const figures = collect(rows, ['sent', 'accepted', 'declined', 'completed']);
  // Overdue depends on the hour it is asked: counted from the referrals still open.
  const late = await overdueReferrals(db, selection);
  for (const [rowKey, count] of late) {
    const row = figures.rows.get(rowKey) ?? { sent: 0, accepted: 0, declined: 0, completed: 0 };
    figures.rows.set(rowKey, { ...row, overdue: count });
  }
  for (const row of figures.rows.values()) row.overdue ??= 0;
  return figures;
}

/**
 * Families with a referral sent within the period that is overdue now, by row: from the open referrals and
 * the moment each falls due (0037_open_referrals.sql), read from one index.
 */
async function overdueReferrals(db: Db | Tx, selection: CaseSelection): Promise<Map<string, number>> {
  const code = selection.territoryCode;
  // The index leads with the region, so a district is looked up with its region.
  const within = !code
    ? sql`true`
    : territoryLevel(code) === 'region'
      ? sql`region_code = ${code}`
      : sql`region_code = ${regionOf(code)} AND district_code = ${code}`;
  const key = (() => {
    switch (selection.groupBy) {
      case 'region':
        return sql`region_code`;
      case 'district':
        return sql`district_code`;
      case 'month':
        return sql`tashkent_month(sent_at)`;
      case 'category':
        return sql`coalesce(category, 'unknown')`;
      case 'mahalla':
        throw new Error('the rows of mahallas are counted from the cases');
    }
  })();
  const { rows } = await sql<{ key: string; overdue: number }>`
    SELECT ${key} AS key, count(DISTINCT family_id)::int AS overdue
    FROM open_referrals
    WHERE ${within} AND due_at < now() AND sent_at >= ${selection.from} AND sent_at < ${selection.to}
    GROUP BY 1`.execute(db);
  return new Map(rows.map((row) => [row.key, row.overdue]));
}

/** percentile_cont over values with counts, rounded to a tenth as the report shows it. */
export function percentile(values: readonly { value: number; n: number }[], p: number): number | null {
  const sorted = [...values].filter((v) => v.n > 0).sort((a, b) => a.value - b.value);
  const count = sorted.reduce((sum, v) => sum + v.n, 0);
  if (count === 0) return null;
  const at = (index: number) => {
    let seen = 0;
    for (const v of sorted) {
      seen += v.n;
      if (index < seen) return v.value;
    }
    return sorted.at(-1)?.value ?? 0;
  };
  const position = p * (count - 1);
  const lower = Math.floor(position);
  return roundToTenth(at(lower) + (position - lower) * (at(Math.ceil(position)) - at(lower)));
}

/**
 * As PostgreSQL's round(float8::numeric, 1): the float becomes the decimal of its 15 significant digits, and
 * that decimal is rounded exactly, a tie away from zero. Binary arithmetic cannot stand in for the second
 * step: 4.35 × 10 lands below 43.5, and -1.64999999999999 is no tie however close it comes to one.
 */
function roundToTenth(value: number): number {
  const [digits = '0', exponent = '0'] = Math.abs(value).toPrecision(15).split('e');
  const [whole = '0', fraction = ''] = digits.split('.');
  const mantissa = BigInt(whole + fraction);
  // The decimal is mantissa × 10^scale; in tenths, mantissa × 10^(scale + 1).
  const shift = Number(exponent) - fraction.length + 1;
  let tenths: bigint;
  if (shift >= 0) tenths = mantissa * 10n ** BigInt(shift);
  else {
    const divisor = 10n ** BigInt(-shift);
    tenths = mantissa / divisor + (2n * (mantissa % divisor) >= divisor ? 1n : 0n);
  }
  const rounded = Number(tenths) / 10;
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/** Cases opened in the months: families assessed and planned, and the days to the first of each. */
async function timeliness(db: Db | Tx, selection: CaseSelection, months: Months): Promise<ReportFigures> {
  const counts = await grouped(db, selection, ['assessed', 'planned'], duringMonths(months), [
    ['assessed', total(during('assessed', months))],
    ['planned', total(during('planned', months))],
  ]);
  const { where, key } = rowsOf(selection);
  const { rows } = await sql<{ key: string; measure: string; value: number; n: number }>`
    SELECT ${sql.ref(key)} AS key, measure, dim::float8 AS value, sum(n)::int AS n
    FROM figures
    WHERE ${where} AND measure IN ('assessment_days', 'plan_days') AND m1 BETWEEN ${months.first} AND ${months.last}
    GROUP BY 1, 2, 3`.execute(db);
  const days = new Map<string, { assessment: { value: number; n: number }[]; plan: { value: number; n: number }[] }>();
  const overall = { assessment: [] as { value: number; n: number }[], plan: [] as { value: number; n: number }[] };
  for (const row of rows) {
    const entry = days.get(row.key) ?? { assessment: [], plan: [] };
    const kind = row.measure === 'assessment_days' ? 'assessment' : 'plan';
    entry[kind].push({ value: row.value, n: row.n });
    overall[kind].push({ value: row.value, n: row.n });
    days.set(row.key, entry);
  }
  const dayFigures = (entry: { assessment: { value: number; n: number }[]; plan: { value: number; n: number }[] }) => ({
    assessment_median_days: percentile(entry.assessment, 0.5),
    assessment_p90_days: percentile(entry.assessment, 0.9),
    plan_median_days: percentile(entry.plan, 0.5),
    plan_p90_days: percentile(entry.plan, 0.9),
  });
  const figures: ReportFigures = { rows: new Map(), overall: { ...dayFigures(overall) } };
  for (const rowKey of new Set([...counts.rows.keys(), ...days.keys()])) {
    const entry = days.get(rowKey) ?? { assessment: [], plan: [] };
    const count = counts.rows.get(rowKey) ?? { assessed: 0, planned: 0 };
    figures.rows.set(rowKey, { assessed: count.assessed ?? 0, planned: count.planned ?? 0, ...dayFigures(entry) });
  }
  return figures;
}

/**
 * The figures of a report from the summary tables, or null when the selection is not whole months of
 * whole territories.
 */
export async function summaryFigures(db: Db | Tx, name: ReportName, selection: CaseSelection): Promise<ReportFigures | null> {
  const months = wholeMonthsOf(selection);
  if (!months) return null;
  switch (name) {
    case 'caseload':
      return caseload(db, selection, months);
    case 'risk':
      return risk(db, selection, months);
    case 'sources':
      return sources(db, selection, months);
    case 'closures':
      return closures(db, selection, months);
    case 'migration':
      return migration(db, selection, months);
    case 'referrals':
      return referrals(db, selection, months);
    case 'timeliness':
      return timeliness(db, selection, months);
    default:
      return null;
  }
}
