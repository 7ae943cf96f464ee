import { CLOSURE_REASONS, type Reach, type ReportGrouping, type ReportName, RISK_LEVELS, schemas, territoryLevel } from '@hamkor/domain';
import { type RawBuilder, sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { caseIdInReach, inTerritory } from '../../db/reach.ts';
import { careFigures, gatekeepingFigures, reintegrationFigures } from '../care/figures.ts';
import { tracingFigures } from '../tracing/report.ts';
import { workforceFigures } from '../workforce/report.ts';
import { summaryFigures } from './summaries.ts';

/**
 * The SQL of the reports and of the manager's dashboard. Every query reads the cases of one selection (a
 * territory or the cases a user may read, a period, an organisation) in one pass, grouped by territory,
 * month or service category, and counts distinct families. Nothing here returns a name or a record id.
 * The functions are exported one by one so that the benchmark can time each.
 */

/** Which cases: the reader's reach, the territory and organisation asked for, the period [from, to). */
export type CaseSelection = {
  /** Staff without a territorial scope: only the cases they may read. */
  caseFilter: Reach | null;
  /** A region (4 digits) or district (7 digits); null: the whole country. */
  territoryCode: string | null;
  organisationId: string | null;
  from: Date;
  to: Date;
  groupBy: ReportGrouping;
  /** The months of the period (for `groupBy: 'month'`): key `YYYY-MM` and the moments they start and end. */
  months: { key: string; start: Date; end: Date }[];
};

/** Figures per group key, plus figures over all groups (only the day columns use them). */
export type ReportFigures = { rows: Map<string, Record<string, number | null>>; overall: Record<string, number | null> };

type Figures = Record<string, number | null>;

/** Where the cases are: the reader's reach, the territory and the organisation. */
function caseConditions(selection: CaseSelection): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (selection.caseFilter) parts.push(caseIdInReach(selection.caseFilter));
  const territory = selection.territoryCode;
  if (territory) parts.push(inTerritory(territory, { region: 'cases.region_code', district: 'cases.district_code' }));
  if (selection.organisationId) parts.push(sql`cases.organisation_id = ${selection.organisationId}`);
  return sql<boolean>`(${sql.join(parts, sql` AND `)})`;
}

/** The calendar month in Tashkent (UTC+5 all year) of a moment column. */
const monthOf = (column: RawBuilder<unknown>) => sql<string>`to_char((${column} AT TIME ZONE 'UTC') + interval '5 hours', 'YYYY-MM')`;

/** The group key of a case row; months are those of `dated` (when the case was opened, closed…). */
function groupKey(selection: CaseSelection, dated: RawBuilder<unknown>): RawBuilder<string> {
  switch (selection.groupBy) {
    case 'region':
      return sql<string>`cases.region_code`;
    case 'district':
      return sql<string>`cases.district_code`;
    case 'mahalla':
      return sql<string>`coalesce(families.mahalla_code, 'unknown')`;
    case 'month':
      return monthOf(dated);
    case 'category':
      return sql<string>`'unknown'`;
  }
}

/** The join mahalla rows need: the mahalla is the family's. */
const familyJoin = (selection: CaseSelection) =>
  selection.groupBy === 'mahalla' ? sql`JOIN families ON families.id = cases.family_id` : sql``;

const openAt = (moment: Date) => sql<boolean>`(cases.opened_at < ${moment} AND (cases.closed_at IS NULL OR cases.closed_at >= ${moment}))`;
const within = (column: RawBuilder<unknown>, selection: CaseSelection) =>
  sql<boolean>`(${column} >= ${selection.from} AND ${column} < ${selection.to})`;
const families = (condition: RawBuilder<boolean>) => sql<number>`count(DISTINCT cases.family_id) FILTER (WHERE ${condition})::int`;

function collect(rows: readonly Record<string, unknown>[], columns: readonly string[]): ReportFigures {
  const out: ReportFigures = { rows: new Map(), overall: {} };
  for (const row of rows) {
    const figures: Figures = {};
    for (const column of columns) figures[column] = row[column] === null || row[column] === undefined ? null : Number(row[column]);
    if (row.overall) out.overall = figures;
    else out.rows.set(String(row.key), figures);
  }
  return out;
}

/** Cases opened and closed within the period and open at its end, by territory; by month, each month's. */
export async function caseloadFigures(db: Db | Tx, selection: CaseSelection): Promise<ReportFigures> {
  const columns = ['opened', 'closed', 'open'];
  if (selection.groupBy === 'month') return caseloadByMonth(db, selection);
  const key = groupKey(selection, sql`cases.opened_at`);
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${key} AS key,
      ${families(within(sql`cases.opened_at`, selection))} AS opened,
      ${families(within(sql`cases.closed_at`, selection))} AS closed,
      ${families(openAt(selection.to))} AS open
    FROM cases ${familyJoin(selection)}
    WHERE ${caseConditions(selection)}
      AND cases.opened_at < ${selection.to} AND (cases.closed_at IS NULL OR cases.closed_at >= ${selection.from})
    GROUP BY 1`.execute(db);
  return collect(rows, columns);
}

/**
 * Each month: families whose case opened and closed in it, and cases open at its end. The open count runs
 * on from the cases open when the period starts, plus those opened, minus those closed month by month
 * (one pass over the cases, not one per month); it counts cases, so a family with two cases open at once
 * counts twice there.
 */
async function caseloadByMonth(db: Db | Tx, selection: CaseSelection): Promise<ReportFigures> {
  const { rows } = await sql<{ kind: 'opened' | 'closed' | 'before'; key: string; families: number; cases: number }>`
    WITH selected AS (
      SELECT cases.family_id, cases.opened_at, cases.closed_at FROM cases
      WHERE ${caseConditions(selection)}
        AND cases.opened_at < ${selection.to} AND (cases.closed_at IS NULL OR cases.closed_at >= ${selection.from})
    )
    SELECT 'opened' AS kind, ${monthOf(sql`opened_at`)} AS key, count(DISTINCT family_id)::int AS families, count(*)::int AS cases
    FROM selected WHERE opened_at >= ${selection.from} GROUP BY 2
    UNION ALL
    SELECT 'closed', ${monthOf(sql`closed_at`)}, count(DISTINCT family_id)::int, count(*)::int
    FROM selected WHERE closed_at < ${selection.to} GROUP BY 2
    UNION ALL
    SELECT 'before', '', 0, count(*)::int FROM selected WHERE opened_at < ${selection.from}`.execute(db);
  const figures: ReportFigures = { rows: new Map(), overall: {} };
  const of = (kind: string, key: string) => rows.find((row) => row.kind === kind && row.key === key);
  let open = of('before', '')?.cases ?? 0;
  for (const month of selection.months) {
    const opened = of('opened', month.key);
    const closed = of('closed', month.key);
    open += (opened?.cases ?? 0) - (closed?.cases ?? 0);
    figures.rows.set(month.key, { opened: opened?.families ?? 0, closed: closed?.families ?? 0, open });
  }
  return figures;
}

/** Cases open at the end of the period, by their risk level (none yet: not assessed). */
export async function riskFigures(db: Db | Tx, selection: CaseSelection): Promise<ReportFigures> {
  const key = groupKey(selection, sql`cases.opened_at`);
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${key} AS key,
      ${sql.join(RISK_LEVELS.map((level) => sql`${families(sql`cases.risk_level = ${level}`)} AS ${sql.ref(level)}`))},
      ${families(sql`cases.risk_level IS NULL`)} AS not_assessed
    FROM cases ${familyJoin(selection)}
    WHERE ${caseConditions(selection)} AND ${openAt(selection.to)}
    GROUP BY 1`.execute(db);
  return collect(rows, [...RISK_LEVELS, 'not_assessed']);
}

/** Cases opened within the period, by who identified the family. */
export async function sourceFigures(db: Db | Tx, selection: CaseSelection): Promise<ReportFigures> {
  const key = groupKey(selection, sql`cases.opened_at`);
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${key} AS key,
      ${sql.join(schemas.IDENTIFICATION_SOURCES.map((source) => sql`${families(sql`cases.identification_source = ${source}`)} AS ${sql.ref(source)}`))}
    FROM cases ${familyJoin(selection)}
    WHERE ${caseConditions(selection)} AND ${within(sql`cases.opened_at`, selection)}
    GROUP BY 1`.execute(db);
  return collect(rows, [...schemas.IDENTIFICATION_SOURCES]);
}

/** Cases closed within the period, by reason. */
export async function closureFigures(db: Db | Tx, selection: CaseSelection): Promise<ReportFigures> {
  const key = groupKey(selection, sql`cases.closed_at`);
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${key} AS key,
      ${sql.join(CLOSURE_REASONS.map((reason) => sql`${families(sql`cases.closure_reason = ${reason}`)} AS ${sql.ref(reason)}`))}
    FROM cases ${familyJoin(selection)}
    WHERE ${caseConditions(selection)} AND ${within(sql`cases.closed_at`, selection)}
    GROUP BY 1`.execute(db);
  return collect(rows, [...CLOSURE_REASONS]);
}

/** Families with a case open at the end of the period; those with a member abroad; the members abroad. */
export async function migrationFigures(db: Db | Tx, selection: CaseSelection): Promise<ReportFigures> {
  const key = groupKey(selection, sql`cases.opened_at`);
  const { rows } = await sql<Record<string, unknown>>`
    WITH selected AS (
      SELECT DISTINCT ${key} AS key, cases.family_id
      FROM cases ${familyJoin(selection)}
      WHERE ${caseConditions(selection)} AND ${openAt(selection.to)}
    ),
    -- Members abroad per family: a small partial index (0008_reporting.sql) holds just them.
    abroad AS (
      SELECT persons.family_id, count(*)::int AS persons
      FROM persons
      WHERE persons.whereabouts_status = 'abroad' AND persons.merged_into IS NULL
      GROUP BY persons.family_id
    )
    SELECT selected.key,
      count(*)::int AS families,
      count(abroad.family_id)::int AS families_migration,
      coalesce(sum(abroad.persons), 0)::int AS persons_abroad
    FROM selected LEFT JOIN abroad ON abroad.family_id = selected.family_id
    GROUP BY selected.key`.execute(db);
  return collect(rows, ['families', 'families_migration', 'persons_abroad']);
}

/**
 * Cases opened within the period: how many had a family assessment submitted, and days from opening to the
 * first one (median, 90th percentile); the same for the first plan submitted. The day figures over all
 * rows come in `overall` (a median is not a sum of medians).
 */
export async function timelinessFigures(db: Db | Tx, selection: CaseSelection): Promise<ReportFigures> {
  const key = groupKey(selection, sql`cases.opened_at`);
  // Each case's days to a tenth, as the summary figures keep them (0021_figures.sql).
  const days = (column: string) => sql`round((extract(epoch FROM (${sql.ref(column)} - selected.opened_at)) / 86400.0)::numeric, 1)`;
  const { rows } = await sql<Record<string, unknown>>`
    WITH selected AS (
      -- Each case with its first submitted assessment and plan: joins the planner can hash for a country
      -- or walk by index for a district.
      SELECT cases.id, cases.family_id, cases.opened_at, ${key} AS key,
        min(assessments.submitted_at) AS assessed_at, min(plans.submitted_at) AS planned_at
      FROM cases ${familyJoin(selection)}
        -- The family assessment: a readiness assessment (of one child's return, child_id set) is not the case's.
        LEFT JOIN assessments ON assessments.case_id = cases.id AND assessments.child_id IS NULL AND assessments.submitted_at IS NOT NULL
        LEFT JOIN plans ON plans.case_id = cases.id AND plans.submitted_at IS NOT NULL
      WHERE ${caseConditions(selection)} AND ${within(sql`cases.opened_at`, selection)}
      GROUP BY cases.id, cases.family_id, cases.opened_at, 4
    )
    SELECT selected.key, GROUPING(selected.key) = 1 AS overall,
      count(DISTINCT selected.family_id) FILTER (WHERE selected.assessed_at IS NOT NULL)::int AS assessed,
      round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ${days('selected.assessed_at')})::numeric, 1)::float8 AS assessment_median_days,
      round(percentile_cont(0.9) WITHIN GROUP (ORDER BY ${days('selected.assessed_at')})::numeric, 1)::float8 AS assessment_p90_days,
      count(DISTINCT selected.family_id) FILTER (WHERE selected.planned_at IS NOT NULL)::int AS planned,
      round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ${days('selected.planned_at')})::numeric, 1)::float8 AS plan_median_days,
      round(percentile_cont(0.9) WITHIN GROUP (ORDER BY ${days('selected.planned_at')})::numeric, 1)::float8 AS plan_p90_days
    FROM selected
    GROUP BY GROUPING SETS ((selected.key), ())`.execute(db);
  return collect(rows, ['assessed', 'assessment_median_days', 'assessment_p90_days', 'planned', 'plan_median_days', 'plan_p90_days']);
}

/** A referral past the moment its next answer was due (0037_open_referrals.sql, the domain's `referralDue`). */
const overdueReferral = sql<boolean>`(referral_due_at(referrals.status, referrals.urgency, referrals.sent_at, referrals.accepted_at) < now())`;

/** Referrals of the selected cases sent within the period, by what became of them (families referred). */
export async function referralFigures(db: Db | Tx, selection: CaseSelection): Promise<ReportFigures> {
  const key =
    selection.groupBy === 'category' ? sql<string>`coalesce(referrals.category, 'unknown')` : groupKey(selection, sql`referrals.sent_at`);
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${key} AS key,
      count(DISTINCT cases.family_id)::int AS sent,
      ${families(sql`referrals.accepted_at IS NOT NULL`)} AS accepted,
      ${families(sql`referrals.status = 'declined'`)} AS declined,
      ${families(sql`referrals.status = 'completed'`)} AS completed,
      ${families(overdueReferral)} AS overdue
    FROM referrals JOIN cases ON cases.id = referrals.case_id ${familyJoin(selection)}
    WHERE ${caseConditions(selection)} AND ${within(sql`referrals.sent_at`, selection)}
    GROUP BY 1`.execute(db);
  return collect(rows, ['sent', 'accepted', 'declined', 'completed', 'overdue']);
}

/** The figures of a report counted from the cases themselves (any selection). */
export const CASE_FIGURES: { readonly [N in ReportName]: (db: Db | Tx, selection: CaseSelection) => Promise<ReportFigures> } = {
  caseload: caseloadFigures,
  risk: riskFigures,
  referrals: referralFigures,
  timeliness: timelinessFigures,
  sources: sourceFigures,
  closures: closureFigures,
  migration: migrationFigures,
  workforce: workforceFigures,
  tracing: tracingFigures,
  care: careFigures,
  gatekeeping: gatekeepingFigures,
  reintegration: reintegrationFigures,
};

/**
 * The figures of a report: from the summary table when the selection is whole months of whole
 * territories (the dashboards' and most reports'), otherwise from the cases.
 */
export const FIGURES: { readonly [N in ReportName]: (db: Db | Tx, selection: CaseSelection) => Promise<ReportFigures> } =
  Object.fromEntries(
    (Object.keys(CASE_FIGURES) as ReportName[]).map((name) => [
      name,
      async (db: Db | Tx, selection: CaseSelection) => (await summaryFigures(db, name, selection)) ?? CASE_FIGURES[name](db, selection),
    ]),
  ) as { readonly [N in ReportName]: (db: Db | Tx, selection: CaseSelection) => Promise<ReportFigures> };

/** The names of territories, in the reader's language (falling back to Uzbek Latin). */
export async function territoryNames(
  db: Db | Tx,
  level: 'region' | 'district' | 'mahalla',
  within: string | null,
  nameColumn: 'name_uz_latn' | 'name_uz_cyrl' | 'name_ru' | 'name_en' | 'name_kaa',
): Promise<{ code: string; name: string }[]> {
  const name = sql<string>`coalesce(${sql.ref(nameColumn)}, name_uz_latn)`;
  if (level === 'region')
    return db
      .selectFrom('regions')
      .select(['code', name.as('name')])
      .orderBy('code')
      .execute();
  if (level === 'district')
    return db
      .selectFrom('districts')
      .select(['code', name.as('name')])
      .$if(!!within, (qb) => qb.where('region_code', '=', within ?? ''))
      .orderBy('code')
      .execute();
  return db
    .selectFrom('mahallas')
    .select(['code', name.as('name')])
    .$if(!!within, (qb) => qb.where(inTerritory(within ?? '', { region: 'region_code', district: 'district_code' })))
    .where('active', '=', true)
    .orderBy('code')
    .execute();
}

/** The name of one territory (a region or district), or undefined when there is no such code. */
export async function territoryName(
  db: Db | Tx,
  code: string,
  nameColumn: 'name_uz_latn' | 'name_uz_cyrl' | 'name_ru' | 'name_en' | 'name_kaa',
): Promise<string | undefined> {
  const name = sql<string>`coalesce(${sql.ref(nameColumn)}, name_uz_latn)`;
  const row =
    territoryLevel(code) === 'region'
      ? await db.selectFrom('regions').select(name.as('name')).where('code', '=', code).executeTakeFirst()
      : await db.selectFrom('districts').select(name.as('name')).where('code', '=', code).executeTakeFirst();
  return row?.name;
}
