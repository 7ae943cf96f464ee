import { CERTIFICATE_WARNING_DAYS, SUPERVISED_WITHIN_MONTHS } from '@hamkor/domain';
import { type RawBuilder, sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { caseIdInReach, inTerritory } from '../../db/reach.ts';
import type { CaseSelection, ReportFigures } from '../reports/repo.ts';
import { STAFF_ROLES } from './repo.ts';

/**
 * The `workforce` report: for each place, the children on the register, the social service staff (account
 * holders who work cases and trainees), those trained in case management, those supervised in the last
 * three months, the open cases and the certificates running out within 90 days; and the rates made of
 * them. Staff belong to their organisation's district; a mahalla row has none (they count as `unknown`).
 * Counts are of people now, so the report is a stock: the period does not change it.
 */
const staffRoles = sql`ARRAY[${sql.join(STAFF_ROLES.map((role) => sql`${role}`))}]::text[]`;

function placeKey(selection: CaseSelection, columns: { region: string; district: string; mahalla: string | null }): RawBuilder<string> {
  if (selection.groupBy === 'region') return sql<string>`${sql.ref(columns.region)}`;
  if (selection.groupBy === 'district') return sql<string>`${sql.ref(columns.district)}`;
  return columns.mahalla ? sql<string>`coalesce(${sql.ref(columns.mahalla)}, 'unknown')` : sql<string>`'unknown'`;
}

/** Where: the territory asked for, the organisation, and for staff counting their own cases the districts those lie in. */
function where(selection: CaseSelection, columns: { region: string; district: string; organisation?: string }): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (selection.territoryCode) parts.push(inTerritory(selection.territoryCode, columns));
  if (selection.organisationId && columns.organisation) parts.push(sql`${sql.ref(columns.organisation)} = ${selection.organisationId}`);
  if (selection.caseFilter)
    parts.push(sql`${sql.ref(columns.district)} IN (SELECT cases.district_code FROM cases WHERE ${caseIdInReach(selection.caseFilter)})`);
  return sql<boolean>`(${sql.join(parts, sql` AND `)})`;
}

const rate = (numerator: number, denominator: number, scale: number): number | null =>
  denominator > 0 ? Math.round((numerator / denominator) * scale * 10) / 10 : null;

function withRates(counts: Record<string, number>): Record<string, number | null> {
  const { children = 0, staff = 0, trained = 0, supervised = 0, open_cases: open = 0 } = counts;
  return {
    ...counts,
    staff_per_10000_children: rate(staff, children, 10_000),
    trained_share: rate(trained, staff, 100),
    supervised_share: rate(supervised, staff, 100),
    cases_per_worker: rate(open, staff, 1),
    cases_per_trained_worker: rate(open, trained, 1),
  };
}

export async function workforceFigures(db: Db | Tx, selection: CaseSelection): Promise<ReportFigures> {
  const at = selection.to;
  const org = { region: 'o.region_code', district: 'o.district_code', mahalla: null, organisation: 'o.organisation_id' };
  const staffKey = placeKey(selection, org);
  // Everyone on the staff: account holders who work cases (their account's organisation) and trainees.
  const staffRows = sql`
    SELECT s.id AS staff_id, u.id AS user_id, o.region_code, o.district_code, o.id AS organisation_id
    FROM users u JOIN organisations o ON o.id = u.organisation_id LEFT JOIN staff s ON s.user_id = u.id
    WHERE u.active AND u.roles && ${staffRoles}
    UNION ALL
    SELECT s.id, NULL, o.region_code, o.district_code, o.id
    FROM staff s JOIN organisations o ON o.id = s.organisation_id
    WHERE s.user_id IS NULL AND s.active`;
  const staff = await sql<{ key: string; staff: number; trained: number; supervised: number; expiring: number }>`
    SELECT ${staffKey} AS key,
      count(*)::int AS staff,
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM training_participants p JOIN training_events e ON e.id = p.event_id
        JOIN training_courses c ON c.id = e.course_id
        WHERE p.staff_id = o.staff_id AND p.attended AND 'case_management' = ANY(c.topics)))::int AS trained,
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM supervision_workers w JOIN supervision_sessions ss ON ss.id = w.session_id
        WHERE w.user_id = o.user_id AND ss.date > (${at}::timestamptz - ${`${SUPERVISED_WITHIN_MONTHS} months`}::interval)::date))::int AS supervised,
      coalesce(sum((SELECT count(*) FROM training_participants p WHERE p.staff_id = o.staff_id
        AND p.certificate_expiry >= current_date AND p.certificate_expiry < current_date + ${CERTIFICATE_WARNING_DAYS}::int)), 0)::int AS expiring
    FROM (${staffRows}) o
    WHERE ${where(selection, org)}
    GROUP BY 1`.execute(db);
  const family = { region: 'f.region_code', district: 'f.district_code', mahalla: 'f.mahalla_code' };
  // Children on the register: members under 18 (by birth date, or birth year when only that is known).
  const children = await sql<{ key: string; n: number }>`
    SELECT ${placeKey(selection, family)} AS key, count(*)::int AS n
    FROM persons p JOIN families f ON f.id = p.family_id
    WHERE p.merged_into IS NULL AND f.merged_into IS NULL AND ${where(selection, family)}
      AND (p.birth_date > (${at}::timestamptz - interval '18 years')::date
        OR (p.birth_date IS NULL AND p.birth_year > extract(year FROM ${at}::timestamptz) - 18))
    GROUP BY 1`.execute(db);
  const caseColumns = {
    region: 'c.region_code',
    district: 'c.district_code',
    mahalla: 'f.mahalla_code',
    organisation: 'c.organisation_id',
  };
  const open = await sql<{ key: string; n: number }>`
    SELECT ${placeKey(selection, caseColumns)} AS key, count(*)::int AS n
    FROM cases c JOIN families f ON f.id = c.family_id
    WHERE c.status <> 'closed' AND ${where(selection, caseColumns)}
      ${selection.caseFilter ? sql`AND c.id IN (SELECT cases.id FROM cases WHERE ${caseIdInReach(selection.caseFilter)})` : sql``}
    GROUP BY 1`.execute(db);

  const counts = new Map<string, Record<string, number>>();
  const row = (key: string) => {
    const value = counts.get(key) ?? { children: 0, staff: 0, trained: 0, supervised: 0, open_cases: 0, certificates_expiring: 0 };
    counts.set(key, value);
    return value;
  };
  for (const r of staff.rows)
    Object.assign(row(r.key), { staff: r.staff, trained: r.trained, supervised: r.supervised, certificates_expiring: r.expiring });
  for (const r of children.rows) row(r.key).children = r.n;
  for (const r of open.rows) row(r.key).open_cases = r.n;
  const total: Record<string, number> = {};
  for (const value of counts.values()) for (const [k, v] of Object.entries(value)) total[k] = (total[k] ?? 0) + v;
  return {
    rows: new Map([...counts].map(([key, value]) => [key, withRates(value)])),
    overall: withRates(total),
  };
}
