import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  addDays,
  CLOSURE_REASONS,
  REFERRAL_STATUSES,
  type ReportName,
  RISK_LEVELS,
  referralDue,
  startOfTashkentDay,
  tashkentDate,
  URGENCIES,
} from '@hamkor/domain';
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../../../test/harness.ts';
import { CASE_FIGURES, type CaseSelection, type ReportFigures } from './repo.ts';
import { monthsOf } from './service.ts';
import { summaryFigures } from './summaries.ts';

/**
 * The summary figures are kept by triggers in the transaction of each write. After random sequences of
 * writes to everything a figure reads, (1) the table equals a recount from the base tables, and (2) every
 * report read from it equals the same report counted from the cases.
 */
describe('summary figures', () => {
  const server = useTestServer();
  let caseIds: string[] = [];
  let familyIds: string[] = [];
  let personIds: string[] = [];
  let referralIds: string[] = [];
  let assessmentIds: string[] = [];
  let mahallas: { code: string }[] = [];
  let caseColumns: string[] = [];
  let assessmentColumns: string[] = [];

  beforeAll(async () => {
    const db = server.db;
    caseIds = (await db.selectFrom('cases').select('id').orderBy('id').execute()).map((row) => row.id);
    familyIds = (await db.selectFrom('families').select('id').orderBy('id').execute()).map((row) => row.id);
    personIds = (await db.selectFrom('persons').select('id').orderBy('id').limit(200).execute()).map((row) => row.id);
    referralIds = (await db.selectFrom('referrals').select('id').orderBy('id').execute()).map((row) => row.id);
    assessmentIds = (await db.selectFrom('assessments').select('id').orderBy('id').execute()).map((row) => row.id);
    mahallas = await db.selectFrom('mahallas').select('code').orderBy('code').limit(20).execute();
    const { rows } = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns WHERE table_name = 'cases' AND table_schema = current_schema()`.execute(db);
    caseColumns = rows.map((row) => row.column_name).filter((name) => !['id', 'number', 'family_id'].includes(name));
    const assessment = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns WHERE table_name = 'assessments' AND table_schema = current_schema()`.execute(db);
    assessmentColumns = assessment.rows
      .map((row) => row.column_name)
      .filter((name) => !['id', 'case_id', 'child_id', 'submitted_at'].includes(name));
    expect(caseIds.length).toBeGreaterThan(10);
  });

  const pick = <T>(list: readonly T[], index: number): T => list[index % list.length] as T;
  // A moment within the last three years.
  const moment = (days: number) => new Date(Date.now() - days * 86_400_000);

  type Op = { kind: number; a: number; b: number; days: number };
  const op = fc.record({
    kind: fc.integer({ min: 0, max: 12 }),
    a: fc.nat(),
    b: fc.nat(),
    days: fc.integer({ min: 0, max: 1000 }),
  });

  async function apply(trx: typeof server.db, { kind, a, b, days }: Op) {
    const caseId = pick(caseIds, a);
    switch (kind) {
      case 0: // close a case on some day, for some reason
        await sql`UPDATE cases SET status = 'closed', closed_at = greatest(opened_at + interval '1 day', ${moment(days)}::timestamptz),
          closure_reason = ${pick(CLOSURE_REASONS, b)} WHERE id = ${caseId}`.execute(trx);
        return;
      case 1: // reopen it
        await sql`UPDATE cases SET status = 'implementation', closed_at = NULL, closure_reason = NULL WHERE id = ${caseId}`.execute(trx);
        return;
      case 2: // a new risk, or none
        await sql`UPDATE cases SET risk_level = ${b % 5 === 4 ? null : pick(RISK_LEVELS, b)} WHERE id = ${caseId}`.execute(trx);
        return;
      case 3: // opened on another day
        await sql`UPDATE cases SET opened_at = ${moment(days)}, closed_at = CASE WHEN closed_at IS NULL THEN NULL ELSE greatest(closed_at, ${moment(days)}::timestamptz) END
          WHERE id = ${caseId}`.execute(trx);
        return;
      case 4: // moved to another family
        await sql`UPDATE cases SET family_id = ${pick(familyIds, b)} WHERE id = ${caseId}`.execute(trx);
        return;
      case 5: {
        // another case of a family, opened on some day
        const id = crypto.randomUUID();
        const columns = sql.join(caseColumns.map((name) => sql.ref(name)));
        await sql`INSERT INTO cases (id, number, family_id, ${columns})
          SELECT ${id}, ${`P-${id}`}, ${pick(familyIds, b)}, ${columns} FROM cases WHERE id = ${caseId}`.execute(trx);
        await sql`UPDATE cases SET opened_at = ${moment(days)}, closed_at = NULL, status = 'intake' WHERE id = ${id}`.execute(trx);
        caseIds.push(id);
        return;
      }
      case 6: // a member leaves for abroad, or comes home
        await sql`UPDATE persons SET whereabouts_status = ${b % 2 ? 'abroad' : 'present'} WHERE id = ${pick(personIds, a)}`.execute(trx);
        return;
      case 7: {
        // a referral answered, done, declined, or still waiting
        if (referralIds.length === 0) return;
        const status = pick(['sent', 'accepted', 'declined', 'in_progress', 'completed'] as const, b);
        await sql`UPDATE referrals SET status = ${status}, sent_at = ${moment(days)}, urgency = ${pick(URGENCIES, days)},
          accepted_at = CASE WHEN ${status} IN ('accepted', 'in_progress', 'completed') THEN ${moment(Math.max(0, days - 3))}::timestamptz END
          WHERE id = ${pick(referralIds, a)}`.execute(trx);
        return;
      }
      case 8: // an assessment submitted some days after opening, or back to a draft
        if (assessmentIds.length === 0) return;
        await sql`UPDATE assessments SET submitted_at = CASE WHEN ${b % 3} = 0 THEN NULL
          ELSE (SELECT opened_at FROM cases WHERE cases.id = assessments.case_id) + make_interval(secs => ${(days % 90) * 86_400 + (b % 86_400)})::interval END
          WHERE id = ${pick(assessmentIds, a)}`.execute(trx);
        return;
      case 11: {
        // a readiness assessment of a child's return home, submitted: not the case's (family) assessment
        if (assessmentIds.length === 0) return;
        const columns = sql.join(assessmentColumns.map((name) => sql.ref(name)));
        const template = sql.join(assessmentColumns.map((name) => sql.ref(`template.${name}`)));
        await sql`INSERT INTO assessments (id, case_id, child_id, submitted_at, ${columns})
          SELECT ${crypto.randomUUID()}, cases.id, (SELECT persons.id FROM persons WHERE persons.family_id = cases.family_id ORDER BY persons.id LIMIT 1),
            cases.opened_at + make_interval(secs => ${(days % 90) * 86_400 + (b % 86_400)}), ${template}
          FROM assessments template, cases WHERE template.id = ${pick(assessmentIds, b)} AND cases.id = ${caseId}`.execute(trx);
        return;
      }
      case 12: // the case transferred to another district (of another case)
        await sql`UPDATE cases SET (region_code, district_code) = (SELECT other.region_code, other.district_code FROM cases other WHERE other.id = ${pick(caseIds, b)})
          WHERE id = ${caseId}`.execute(trx);
        return;
      case 9: // the family moves to another mahalla
        if (mahallas.length === 0) return;
        await sql`UPDATE families SET mahalla_code = ${pick(mahallas, b).code} WHERE id = ${pick(familyIds, a)}`.execute(trx);
        return;
      default: // identified by someone else
        await sql`UPDATE cases SET identification_source = (SELECT identification_source FROM cases ORDER BY random() LIMIT 1) WHERE id = ${caseId}`.execute(
          trx,
        );
    }
  }

  const recount = async () => {
    const { rows } = await sql<{ k: string; n: number }>`
      SELECT concat_ws('|', f.level, f.region, f.district, f.place, f.measure, f.dim, f.m1, f.m2) AS k, sum(f.n)::int AS n
      FROM (SELECT DISTINCT family_id FROM cases) families CROSS JOIN LATERAL family_figures(families.family_id) f
      GROUP BY 1 HAVING sum(f.n) <> 0 ORDER BY 1`.execute(server.db);
    return rows;
  };
  const kept = async () => {
    const { rows } = await sql<{ k: string; n: number }>`
      SELECT concat_ws('|', level, region, district, place, measure, dim, m1, m2) AS k, n
      FROM figures WHERE n <> 0 ORDER BY 1`.execute(server.db);
    return rows;
  };
  /** The open referrals with the moment each falls due: as the triggers keep them, and counted afresh. */
  const keptOpen = async () =>
    (await sql<Record<string, unknown>>`SELECT * FROM open_referrals ORDER BY referral_id`.execute(server.db)).rows;
  const recountOpen = async () =>
    (
      await sql<Record<string, unknown>>`
        SELECT referrals.id AS referral_id, referrals.case_id, cases.family_id, cases.region_code, cases.district_code,
          referrals.category, referrals.sent_at, referral_due_at(referrals.status, referrals.urgency, referrals.sent_at, referrals.accepted_at) AS due_at
        FROM referrals JOIN cases ON cases.id = referrals.case_id
        WHERE referrals.status IN ('sent', 'accepted', 'in_progress') AND (referrals.status = 'sent' OR referrals.accepted_at IS NOT NULL)
        ORDER BY referrals.id`.execute(server.db)
    ).rows;

  /** Figures as a report shows them: a missing row is a row of zeros, a missing day figure none. */
  const normal = (figures: ReportFigures, columns: readonly string[]) => {
    const out: Record<string, Record<string, number | null>> = {};
    for (const [key, row] of figures.rows) {
      const values = columns.map((column) => row[column] ?? null);
      if (values.every((value) => value === null || value === 0)) continue;
      out[key] = Object.fromEntries(columns.map((column) => [column, row[column] ?? (column.endsWith('_days') ? null : 0)]));
    }
    return out;
  };

  /** The reports kept in the summary table; the others (tracing, care, workforce…) are counted from their records. */
  const COLUMNS: Partial<Record<ReportName, string[]>> = {
    caseload: ['opened', 'closed', 'open'],
    risk: [...RISK_LEVELS, 'not_assessed'],
    sources: [],
    closures: [...CLOSURE_REASONS],
    migration: ['families', 'families_migration', 'persons_abroad'],
    referrals: ['sent', 'accepted', 'declined', 'completed', 'overdue'],
    timeliness: ['assessed', 'assessment_median_days', 'assessment_p90_days', 'planned', 'plan_median_days', 'plan_p90_days'],
  };

  async function compareReports() {
    const today = tashkentDate(new Date());
    const region = (await server.db.selectFrom('cases').select('region_code').limit(1).executeTakeFirstOrThrow()).region_code;
    const district = (await server.db.selectFrom('cases').select('district_code').limit(1).executeTakeFirstOrThrow()).district_code;
    const sources = await sql<{ s: string }>`SELECT DISTINCT identification_source AS s FROM cases`.execute(server.db);
    COLUMNS.sources = sources.rows.map((row) => row.s);
    const periods = [
      { from: `${addDays(today, -365).slice(0, 7)}-01`, to: today },
      { from: `${addDays(today, -900).slice(0, 7)}-01`, to: `${addDays(`${addDays(today, -200).slice(0, 7)}-01`, -1)}` },
    ];
    const selections: Pick<CaseSelection, 'territoryCode' | 'groupBy'>[] = [
      { territoryCode: null, groupBy: 'region' },
      { territoryCode: null, groupBy: 'month' },
      { territoryCode: region, groupBy: 'district' },
      { territoryCode: district, groupBy: 'mahalla' },
      { territoryCode: district, groupBy: 'month' },
      { territoryCode: null, groupBy: 'category' },
    ];
    for (const period of periods)
      for (const chosen of selections)
        for (const name of Object.keys(COLUMNS) as ReportName[]) {
          if (chosen.groupBy === 'category' && name !== 'referrals') continue;
          if (chosen.groupBy === 'month' && ['risk', 'migration'].includes(name)) continue;
          const selection: CaseSelection = {
            caseFilter: null,
            organisationId: null,
            ...chosen,
            from: startOfTashkentDay(period.from),
            to: startOfTashkentDay(addDays(period.to, 1)),
            months: monthsOf(period),
          };
          const summary = await summaryFigures(server.db, name, selection);
          // A district's mahallas are counted from its cases.
          if (chosen.groupBy === 'mahalla') {
            expect(summary).toBeNull();
            continue;
          }
          expect(summary, `${name} ${JSON.stringify(chosen)} ${period.from}`).not.toBeNull();
          const counted = await CASE_FIGURES[name](server.db, selection);
          const label = `${name} by ${chosen.groupBy} in ${chosen.territoryCode ?? 'the country'}, ${period.from}–${period.to}`;
          const countedRows = normal(counted, COLUMNS[name] ?? []);
          expect(normal(summary as ReportFigures, COLUMNS[name] ?? []), label).toEqual(countedRows);
          if (name === 'timeliness')
            for (const column of (COLUMNS.timeliness ?? []).filter((c) => c.endsWith('_days')))
              expect((summary as ReportFigures).overall[column] ?? null, `${label}: ${column} overall`).toEqual(
                counted.overall[column] ?? null,
              );
        }
  }

  it('starts equal to a recount, and every report from it equals the one counted from the cases', async () => {
    expect(await kept()).toEqual(await recount());
    expect((await kept()).length).toBeGreaterThan(0);
    expect(await keptOpen()).toEqual(await recountOpen());
    expect((await keptOpen()).length).toBeGreaterThan(0);
    await compareReports();
  });

  it('stays equal after random sequences of writes, one or several to a transaction', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }), async (transactions) => {
        for (const ops of transactions)
          await server.db.transaction().execute(async (trx) => {
            for (const one of ops) await apply(trx, one);
          });
        expect(await kept()).toEqual(await recount());
        expect(await keptOpen()).toEqual(await recountOpen());
      }),
      { numRuns: 15 },
    );
    await compareReports();
  });

  it('0034 corrects the figures of a database whose readiness assessments counted as assessed', async () => {
    const migrations = fileURLToPath(new URL('../../db/migrations/', import.meta.url));
    const first = readFileSync(`${migrations}0021_figures.sql`, 'utf8');
    const start = first.indexOf('CREATE FUNCTION family_figures(');
    const oldFunction = first.slice(start, first.indexOf('$$;', start) + 3).replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION');
    const fixed = await recount();
    await server.db.transaction().execute(async (trx) => {
      await sql.raw(oldFunction).execute(trx);
      await sql`SELECT figures_rebuild()`.execute(trx);
    });
    // As the figures were before 0034: the readiness assessments of the demo made some cases assessed.
    expect(await kept()).not.toEqual(fixed);
    await server.db.transaction().execute(async (trx) => {
      await sql.raw(readFileSync(`${migrations}0034_timeliness_family_assessment.sql`, 'utf8')).execute(trx);
    });
    expect(await kept()).toEqual(fixed);
    expect(await recount()).toEqual(fixed);
  });

  it('takes back what a rolled-back transaction wrote', async () => {
    const before = await kept();
    const open = await keptOpen();
    await expect(
      server.db.transaction().execute(async (trx) => {
        await apply(trx, { kind: 0, a: 1, b: 2, days: 40 });
        await apply(trx, { kind: 2, a: 3, b: 1, days: 0 });
        await apply(trx, { kind: 7, a: 0, b: 0, days: 30 });
        await apply(trx, { kind: 12, a: 1, b: 5, days: 0 });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await kept()).toEqual(before);
    expect(await keptOpen()).toEqual(open);
  });

  it('rebuilds to the same figures (npx hamkor summaries rebuild)', async () => {
    const before = await kept();
    await sql`UPDATE figures SET n = n + 7 WHERE measure = 'opened'`.execute(server.db);
    expect(await kept()).not.toEqual(before);
    const open = await keptOpen();
    await sql`DELETE FROM open_referrals WHERE referral_id IN (SELECT referral_id FROM open_referrals LIMIT 3)`.execute(server.db);
    await sql`UPDATE open_referrals SET due_at = due_at + interval '1 day'`.execute(server.db);
    expect(await keptOpen()).not.toEqual(open);
    await sql`SELECT * FROM summaries_rebuild()`.execute(server.db);
    expect(await kept()).toEqual(before);
    expect(await keptOpen()).toEqual(open);
  });

  it('moves the open referrals of a case transferred to another district, or to another family', async () => {
    type Row = { case_id: string; district_code: string; family_id: string };
    const [open] = (await sql<Row>`SELECT case_id, district_code, family_id FROM open_referrals LIMIT 1`.execute(server.db)).rows;
    if (!open) throw new Error('the demo has no open referral');
    const elsewhere = await server.db
      .selectFrom('cases')
      .select(['id', 'district_code'])
      .where('district_code', '<>', open.district_code)
      .executeTakeFirstOrThrow();
    const family = await server.db.selectFrom('families').select('id').where('id', '<>', open.family_id).executeTakeFirstOrThrow();
    const rows = async () =>
      (await sql<Row>`SELECT case_id, district_code, family_id FROM open_referrals WHERE case_id = ${open.case_id}`.execute(server.db))
        .rows;
    await apply(server.db, { kind: 12, a: caseIds.indexOf(open.case_id), b: caseIds.indexOf(elsewhere.id), days: 0 });
    const moved = await rows();
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.every((row) => row.district_code === elsewhere.district_code && row.family_id === open.family_id)).toBe(true);
    await apply(server.db, { kind: 4, a: caseIds.indexOf(open.case_id), b: familyIds.indexOf(family.id), days: 0 });
    expect((await rows()).every((row) => row.district_code === elsewhere.district_code && row.family_id === family.id)).toBe(true);
    expect(await keptOpen()).toEqual(await recountOpen());
  });

  it('keeps the moment a referral falls due as the domain computes it', async () => {
    // Days of 24 hours, whatever the server's time zone: these cross the clock changes of a zone that has them.
    const sent = new Date('2026-03-28T21:30:00Z');
    const accepted = new Date('2026-10-24T23:15:00Z');
    await server.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL TIME ZONE 'Europe/Berlin'`.execute(trx);
      for (const status of REFERRAL_STATUSES)
        for (const urgency of URGENCIES)
          for (const acceptedAt of [accepted, null]) {
            const { rows } = await sql<{ due: Date | null }>`
              SELECT referral_due_at(${status}, ${urgency}, ${sent}, ${acceptedAt}::timestamptz) AS due`.execute(trx);
            const due = rows[0]?.due ?? null;
            expect(due === null ? null : new Date(due).toISOString(), `${status} ${urgency} ${acceptedAt}`).toBe(
              referralDue({ status, urgency, sentAt: sent, acceptedAt }).dueAt,
            );
          }
    });
  });
});

describe('percentiles from counted days', () => {
  const server = useTestServer();

  it('equal percentile_cont in the database rounded to a tenth, for days before and after opening', async () => {
    const { percentile } = await import('./summaries.ts');
    // Days to a tenth, many equal (a day's cases), some negative (an assessment dated before a later opening).
    const tenths = fc.integer({ min: -3000, max: 3000 }).map((n) => n / 10);
    const days = fc.array(fc.oneof(tenths, fc.constantFrom(-24.5, -24.4, -1.6, -0.1, 0, 4.3, 4.4, 45.8, 45.9)), {
      minLength: 1,
      maxLength: 60,
    });
    await fc.assert(
      fc.asyncProperty(days, fc.constantFrom(0.5, 0.9), async (values, p) => {
        const { rows } = await sql<{ value: number }>`
          SELECT round(percentile_cont(${p}::float8) WITHIN GROUP (ORDER BY v)::numeric, 1)::float8 AS value
          FROM unnest(${values.map((v) => v.toFixed(1))}::numeric[]) AS t (v)`.execute(server.db);
        const counted = new Map<number, number>();
        for (const value of values) counted.set(value, (counted.get(value) ?? 0) + 1);
        expect(
          percentile(
            [...counted].map(([value, n]) => ({ value, n })),
            p,
          ),
        ).toBe(rows[0]?.value);
      }),
      { numRuns: 300 },
    );
    // Found so: the median of these is 0.6499999999999…, which the database rounds to 0.6, not a tie to round away.
    expect(
      percentile(
        [
          { value: -12.5, n: 1 },
          { value: -11.8, n: 1 },
          { value: 13.1, n: 1 },
          { value: 16.4, n: 1 },
        ],
        0.5,
      ),
    ).toBe(0.6);
  });

  it('interpolates and rounds as PostgreSQL does', async () => {
    const { percentile } = await import('./summaries.ts');
    expect(percentile([], 0.5)).toBeNull();
    expect(
      percentile(
        [
          { value: 1, n: 1 },
          { value: 2, n: 1 },
        ],
        0.5,
      ),
    ).toBe(1.5);
    // A tie of the decimal value rounds away from zero even where binary arithmetic lands just below it.
    expect(
      percentile(
        [
          { value: 4.3, n: 1 },
          { value: 4.4, n: 1 },
        ],
        0.5,
      ),
    ).toBe(4.4);
    expect(
      percentile(
        [
          { value: 77.9, n: 1 },
          { value: 78, n: 1 },
        ],
        0.5,
      ),
    ).toBe(78);
    expect(
      percentile(
        [
          { value: 10, n: 9 },
          { value: 20, n: 1 },
        ],
        0.9,
      ),
    ).toBe(11);
  });
});
