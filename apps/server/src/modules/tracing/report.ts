import type { Criterion } from '@hamkor/domain';
import { type RawBuilder, sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { inTerritory } from '../../db/reach.ts';
import type { CaseSelection, ReportFigures } from '../reports/repo.ts';

/**
 * The `tracing` report: requests open at the end of the period, those verified and reunified within it,
 * and the median days from the request to each. Requests are counted by where the organisation holding
 * them works; staff without a territorial scope count their own organisation's (a team's, its supervisor's).
 */
const COLUMNS = ['tracing_open', 'tracing_verified', 'verification_median_days', 'tracing_reunified', 'reunification_median_days'];

const TERRITORY = { region: 't.region_code', district: 't.district_code' };

function criterionSql(criterion: Criterion): RawBuilder<boolean> {
  switch (criterion.kind) {
    case 'everything':
      return sql<boolean>`true`;
    case 'organisation':
    case 'supervised':
      return sql<boolean>`t.organisation_id = ${criterion.organisationId}`;
    case 'territory':
      return inTerritory(criterion.code, TERRITORY);
    case 'districts':
      return criterion.codes.length ? sql<boolean>`t.district_code IN (${sql.join(criterion.codes)})` : sql<boolean>`false`;
    case 'assigned':
      return sql<boolean>`t.created_by = ${criterion.userId}`;
    default:
      return sql<boolean>`false`;
  }
}

function conditions(selection: CaseSelection): RawBuilder<boolean> {
  const parts: RawBuilder<boolean>[] = [sql<boolean>`true`];
  if (selection.caseFilter) {
    const any = selection.caseFilter.map(criterionSql);
    parts.push(any.length ? sql<boolean>`(${sql.join(any, sql` OR `)})` : sql<boolean>`false`);
  }
  if (selection.territoryCode) parts.push(inTerritory(selection.territoryCode, TERRITORY));
  if (selection.organisationId) parts.push(sql<boolean>`t.organisation_id = ${selection.organisationId}`);
  return sql<boolean>`(${sql.join(parts, sql` AND `)})`;
}

function groupKey(selection: CaseSelection): RawBuilder<string> {
  switch (selection.groupBy) {
    case 'region':
      return sql<string>`t.region_code`;
    case 'district':
      return sql<string>`t.district_code`;
    case 'month':
      return sql<string>`to_char((t.created_at AT TIME ZONE 'UTC') + interval '5 hours', 'YYYY-MM')`;
    default:
      // Requests have no mahalla or service category.
      return sql<string>`'unknown'`;
  }
}

export async function tracingFigures(db: Db | Tx, selection: CaseSelection): Promise<ReportFigures> {
  const { from, to } = selection;
  const within = (column: string) => sql<boolean>`(${sql.ref(column)} >= ${from} AND ${sql.ref(column)} < ${to})`;
  const days = (column: string) => sql`round((extract(epoch FROM (${sql.ref(column)} - t.created_at)) / 86400.0)::numeric, 1)`;
  const median = (column: string) =>
    sql`round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ${days(column)}) FILTER (WHERE ${within(column)}))::numeric, 1)::float8`;
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${groupKey(selection)} AS key, GROUPING(${groupKey(selection)}) = 1 AS overall,
      count(*) FILTER (WHERE (t.closed_at IS NULL OR t.closed_at >= ${to}) AND (t.reunified_at IS NULL OR t.reunified_at >= ${to}))::int AS tracing_open,
      count(*) FILTER (WHERE ${within('t.verified_at')})::int AS tracing_verified,
      ${median('t.verified_at')} AS verification_median_days,
      count(*) FILTER (WHERE ${within('t.reunified_at')})::int AS tracing_reunified,
      ${median('t.reunified_at')} AS reunification_median_days
    FROM tracing_requests t
    WHERE ${conditions(selection)} AND t.created_at < ${to} AND (t.closed_at IS NULL OR t.closed_at >= ${from})
    GROUP BY GROUPING SETS ((1), ())`.execute(db);
  const out: ReportFigures = { rows: new Map(), overall: {} };
  for (const row of rows) {
    const figures: Record<string, number | null> = {};
    for (const column of COLUMNS) figures[column] = row[column] === null || row[column] === undefined ? null : Number(row[column]);
    if (row.overall) out.overall = figures;
    else out.rows.set(String(row.key), figures);
  }
  return out;
}
