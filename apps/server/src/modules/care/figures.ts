import type { Criterion, Reach } from '@hamkor/domain';
import { type RawBuilder, sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { caseIdsInReach, inReachSql, inTerritory, type ReachColumns } from '../../db/reach.ts';
import type { CaseSelection, ReportFigures } from '../reports/repo.ts';

/**
 * The `care`, `gatekeeping` and `reintegration` reports, counted from the children's arrangements. A child is
 * counted where their family lives (the person's copied district); staff without a territorial scope count
 * the children of the families and cases they reach. Small numbers are hidden by `reportTable`, as for every report.
 */
const TERRITORY = { region: 'p.region_code', district: 'p.district_code' };
const RESIDENTIAL = ['mehribonlik_home', 'baby_home', 'boarding_school', 'muruvvat_home', 'transit_centre'];

/** A child's own columns, for the criteria of the one reach-to-SQL translation (db/reach.ts). */
const CHILD_COLUMNS: ReachColumns = {
  organisation: 'p.organisation_id',
  region: 'p.region_code',
  district: 'p.district_code',
  person: 'p.id',
};
/** Criteria that name cases (a worker's own, a supervisor's team): judged on the arrangement's case. */
const BY_CASE: ReadonlySet<Criterion['kind']> = new Set(['assigned', 'supervised']);

/** The arrangements within a reach: the child by place, organisation or placement; the case for a worker's or team's. */
function inReach(reach: Reach): RawBuilder<boolean> {
  const byCase = reach.filter((criterion) => BY_CASE.has(criterion.kind));
  const byChild = reach.filter((criterion) => !BY_CASE.has(criterion.kind));
  const parts: RawBuilder<boolean>[] = [];
  if (byChild.length) parts.push(inReachSql(byChild, CHILD_COLUMNS));
  if (byCase.length) parts.push(sql<boolean>`ca.case_id IN (${caseIdsInReach(byCase)})`);
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` OR `)})` : sql<boolean>`false`;
}

function conditions(selection: CaseSelection): RawBuilder<boolean> {
  const parts: RawBuilder<boolean>[] = [sql<boolean>`true`];
  if (selection.caseFilter) parts.push(inReach(selection.caseFilter));
  if (selection.territoryCode) parts.push(inTerritory(selection.territoryCode, TERRITORY));
  if (selection.organisationId) parts.push(sql<boolean>`p.organisation_id = ${selection.organisationId}`);
  return sql<boolean>`(${sql.join(parts, sql` AND `)})`;
}

function groupKey(selection: CaseSelection, month: RawBuilder<unknown>): RawBuilder<string> {
  switch (selection.groupBy) {
    case 'region':
      return sql<string>`p.region_code`;
    case 'district':
      return sql<string>`p.district_code`;
    case 'mahalla':
      return sql<string>`coalesce(f.mahalla_code, 'unknown')`;
    case 'month':
      return sql<string>`to_char(${month}, 'YYYY-MM')`;
    default:
      return sql<string>`'unknown'`;
  }
}

async function figures(db: Db | Tx, query: RawBuilder<Record<string, unknown>>, columns: string[]): Promise<ReportFigures> {
  const { rows } = await query.execute(db);
  const out: ReportFigures = { rows: new Map(), overall: {} };
  for (const row of rows) {
    const values: Record<string, number | null> = {};
    for (const column of columns) values[column] = row[column] === null || row[column] === undefined ? null : Number(row[column]);
    out.rows.set(String(row.key), values);
  }
  return out;
}

const day = (moment: Date) => moment.toISOString().slice(0, 10);

/** Children in residential care (or the transit centre) at the end of the period, by type of care. */
export async function careFigures(db: Db | Tx, selection: CaseSelection): Promise<ReportFigures> {
  const end = day(selection.to);
  const query = sql<Record<string, unknown>>`
    SELECT ${groupKey(selection, sql`ca.start_date`)} AS key,
      ${sql.join(RESIDENTIAL.map((type) => sql`count(DISTINCT ca.person_id) FILTER (WHERE ca.type = ${type})::int AS ${sql.ref(type)}`))}
    FROM care_arrangements ca JOIN persons p ON p.id = ca.person_id JOIN families f ON f.id = p.family_id
    WHERE ${conditions(selection)} AND ca.type IN (${sql.join(RESIDENTIAL)})
      AND ca.start_date < ${end}::date AND (ca.end_date IS NULL OR ca.end_date >= ${end}::date)
    GROUP BY 1`;
  return figures(db, query, RESIDENTIAL);
}

/**
 * Placements outside the family that started within the period, with an approved gatekeeping decision and
 * as emergencies; and placements avoided: gatekeeping requests the supervisor returned within the period.
 */
export async function gatekeepingFigures(db: Db | Tx, selection: CaseSelection): Promise<ReportFigures> {
  const [from, to] = [day(selection.from), day(selection.to)];
  const placements = sql<Record<string, unknown>>`
    SELECT ${groupKey(selection, sql`ca.start_date`)} AS key,
      count(*) FILTER (WHERE NOT ca.emergency)::int AS placements_gatekept,
      count(*) FILTER (WHERE ca.emergency)::int AS placements_emergency
    FROM care_arrangements ca JOIN persons p ON p.id = ca.person_id JOIN families f ON f.id = p.family_id
    WHERE ${conditions(selection)} AND ca.type IN (${sql.join(RESIDENTIAL)})
      AND ca.start_date >= ${from}::date AND ca.start_date < ${to}::date
    GROUP BY 1`;
  const avoided = sql<Record<string, unknown>>`
    SELECT ${groupKey(selection, sql`a.decided_at AT TIME ZONE 'Asia/Tashkent'`)} AS key, count(*)::int AS placements_avoided
    FROM approvals a JOIN persons p ON p.id::text = a.payload->>'childId' JOIN families f ON f.id = p.family_id
      LEFT JOIN care_arrangements ca ON ca.gatekeeping_approval_id = a.id
    WHERE ${conditions(selection)} AND a.kind = 'gatekeeping' AND a.status = 'returned'
      AND a.decided_at >= ${selection.from} AND a.decided_at < ${selection.to}
    GROUP BY 1`;
  const out = await figures(db, placements, ['placements_gatekept', 'placements_emergency']);
  const more = await figures(db, avoided, ['placements_avoided']);
  for (const [key, values] of more.rows) out.rows.set(key, { ...(out.rows.get(key) ?? {}), ...values });
  return out;
}

/** Returns home from residential care within the period, and the 12-month outcomes recorded for them. */
export async function reintegrationFigures(db: Db | Tx, selection: CaseSelection): Promise<ReportFigures> {
  const [from, to] = [day(selection.from), day(selection.to)];
  const query = sql<Record<string, unknown>>`
    SELECT ${groupKey(selection, sql`ca.start_date`)} AS key,
      count(*)::int AS returned_home,
      count(*) FILTER (WHERE ca.outcome = 'stable_at_home')::int AS stable_at_home,
      count(*) FILTER (WHERE ca.outcome = 'returned_to_care')::int AS returned_to_care
    FROM care_arrangements ca JOIN persons p ON p.id = ca.person_id JOIN families f ON f.id = p.family_id
    WHERE ${conditions(selection)} AND ca.type IN ('parents', 'kinship')
      AND ca.start_date >= ${from}::date AND ca.start_date < ${to}::date
      AND EXISTS (SELECT 1 FROM care_arrangements before WHERE before.person_id = ca.person_id
        AND before.end_date = ca.start_date AND before.type IN (${sql.join(RESIDENTIAL)}))
    GROUP BY 1`;
  return figures(db, query, ['returned_home', 'stable_at_home', 'returned_to_care']);
}
