import {
  addDays,
  LOCALES,
  lastCompleteMonthEnd,
  type ReportOut,
  SMALL_CELL,
  startOfTashkentDay,
  tashkentDate,
  WITHHELD_CELL,
} from '@hamkor/domain';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useTestServer } from '../../../test/harness.ts';
import { translator } from '../../lib/i18n.ts';

const REGION = '1722';

/**
 * The differencing attack of an aggregate-only reader: two reports whose periods differ by one day, in
 * which the only change is one case closed that day. Before, the district's closed count went from 0 to
 * "<5" while the region's total went up by exactly one, and grouped by mahalla the family stood out.
 */
describe('figures of aggregate-only readers cannot be worked out by differencing', () => {
  const server = useTestServer();
  let admin: Session;
  let analyst: Session;
  // A day of the last complete month, so that the rule on running months does not decide the test alone.
  const closedOn = `${lastCompleteMonthEnd(tashkentDate(new Date())).slice(0, 7)}-15`;
  const dayBefore = addDays(closedOn, -1);
  const from = `${addDays(closedOn, -200).slice(0, 7)}-01`;
  let district = '';

  const report = async (session: Session, query: string) => {
    const response = await server.as(session, { method: 'GET', url: `/api/reports/caseload?${query}` });
    expect(response.statusCode, response.body).toBe(200);
    const { generatedAt: _at, ...rest } = response.json() as ReportOut;
    return rest;
  };
  const byDistrict = (session: Session, to: string) => report(session, `territory=${REGION}&groupBy=district&from=${from}&to=${to}`);

  beforeAll(async () => {
    [admin, analyst] = [await server.login('admin'), await server.login('analyst')];
    // One open case of a family with no other case, closed on `closedOn` and on no other day.
    const only = await server.db
      .selectFrom('cases')
      .select(['id', 'district_code'])
      .where('closed_at', 'is', null)
      .where('region_code', '=', REGION)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('cases as other')
              .select('other.id')
              .whereRef('other.family_id', '=', 'cases.family_id')
              .whereRef('other.id', '<>', 'cases.id'),
          ),
        ),
      )
      .orderBy('id')
      .executeTakeFirstOrThrow();
    district = only.district_code;
    await server.db
      .updateTable('cases')
      .set({
        status: 'closed',
        opened_at: startOfTashkentDay(addDays(closedOn, -100)),
        closed_at: new Date(startOfTashkentDay(closedOn).getTime() + 10 * 3600_000),
        closure_reason: 'goals_achieved',
      })
      .where('id', '=', only.id)
      .execute();
    // No other case of that district closes in the period, so the district shows the one closing alone.
    await server.db
      .updateTable('cases')
      .set({ closed_at: startOfTashkentDay(addDays(from, -1)) })
      .where('district_code', '=', district)
      .where('id', '<>', only.id)
      .where('closed_at', '>=', startOfTashkentDay(from))
      .execute();
  });

  it('the data make the attack possible: exact figures a day apart differ by the one closing', async () => {
    const [before, after] = [await byDistrict(admin, dayBefore), await byDistrict(admin, closedOn)];
    const closed = (r: typeof before) => r.rows.find((row) => row.key === district)?.cells.closed;
    expect([closed(before), closed(after)]).toEqual([0, 1]);
    expect(Number(after.totals?.closed) - Number(before.totals?.closed)).toBe(1);
  });

  it('gives the analyst the same answer for both days: whole months, the running month left out', async () => {
    const [before, after] = [await byDistrict(analyst, dayBefore), await byDistrict(analyst, closedOn)];
    expect(after).toEqual(before);
    expect(after.from).toBe(from);
    expect(after.to).toBe(lastCompleteMonthEnd(tashkentDate(new Date())));
    // Asking again gives the same figures: the noise is the cell's own, not a new draw.
    expect(await byDistrict(analyst, closedOn)).toEqual(after);
  });

  it('gives the analyst grouped by mahalla the same answer for both days, and the family does not stand out', async () => {
    const query = (to: string) => `territory=${district}&groupBy=mahalla&from=${from}&to=${to}`;
    const [before, after] = [await report(analyst, query(dayBefore)), await report(analyst, query(closedOn))];
    expect(after).toEqual(before);
    const closed = after.rows.map((row) => row.cells.closed).filter((cell) => cell !== 0);
    expect(closed.every((cell) => cell === SMALL_CELL || cell === WITHHELD_CELL)).toBe(true);
  });

  it('perturbs each published count by at most two, keeping zeros', async () => {
    const exact = await byDistrict(admin, lastCompleteMonthEnd(tashkentDate(new Date())));
    const published = await byDistrict(analyst, closedOn);
    const shown = published.rows.flatMap((row) =>
      Object.entries(row.cells).map(([column, cell]) => [cell, exact.rows.find((r) => r.key === row.key)?.cells[column]] as const),
    );
    // Every shown count is within two of the true one, zero stays zero, and some differ.
    for (const [cell, truth] of shown) {
      if (typeof cell !== 'number') continue;
      expect(Math.abs(cell - Number(truth))).toBeLessThanOrEqual(2);
      if (truth === 0) expect(cell).toBe(0);
    }
    expect(shown.some(([cell, truth]) => typeof cell === 'number' && cell !== truth)).toBe(true);
  });

  it('publishes totals that agree with the published cells', async () => {
    for (const grouping of ['district', 'mahalla', 'month']) {
      const territory = grouping === 'mahalla' ? district : REGION;
      const table = await report(analyst, `territory=${territory}&groupBy=${grouping}&from=${from}&to=${closedOn}`);
      for (const column of ['opened', 'closed', 'open']) {
        const cells = table.rows.map((row) => row.cells[column]);
        const total = table.totals?.[column];
        if (typeof total !== 'number') continue;
        const shownSum = cells.reduce<number>((sum, cell) => sum + (typeof cell === 'number' ? cell : 0), 0);
        const small = cells.filter((cell) => cell === SMALL_CELL).length;
        const withheld = cells.filter((cell) => cell === WITHHELD_CELL).length;
        // What is hidden is the difference: each "<5" between 1 and 4, each "x" any count.
        expect(total - shownSum, `${grouping} ${column}`).toBeGreaterThanOrEqual(small);
        if (withheld === 0) expect(total - shownSum, `${grouping} ${column}`).toBeLessThanOrEqual(4 * small);
      }
    }
  });

  it('says in an exported file which months it covers and that its counts are perturbed', async () => {
    const notes = LOCALES.map((locale) => translator(locale)('reports.perturbationNote'));
    const firstColumn = async (session: Session) => {
      const response = await server.as(session, {
        method: 'GET',
        url: `/api/reports/caseload.xlsx?territory=${REGION}&groupBy=district&from=${from}&to=${closedOn}`,
      });
      expect(response.statusCode, response.body).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      return { name: response.headers['content-disposition'], cells: (book.worksheets[0]?.getColumn(1).values ?? []).map(String) };
    };
    const published = await firstColumn(analyst);
    expect(published.name).toContain(`-${from}-${lastCompleteMonthEnd(tashkentDate(new Date()))}.xlsx`);
    expect(published.cells.some((cell) => notes.includes(cell))).toBe(true);
    expect((await firstColumn(admin)).cells.some((cell) => notes.includes(cell))).toBe(false);
  });

  it('keeps exact figures for the supervisor, within their reach', async () => {
    const supervisor = await server.login('supervisor');
    const response = await server.as(supervisor, { method: 'GET', url: `/api/reports/caseload?from=${from}&to=${dayBefore}` });
    const out = response.json() as ReportOut;
    expect(out).toMatchObject({ privacy: false, suppressed: false, from, to: dayBefore });
    for (const row of out.rows) for (const cell of Object.values(row.cells)) expect(typeof cell).toBe('number');
    // The system admin's exact figures for the day before and the day itself still differ by the closing.
    const admins = await report(admin, `territory=${district}&from=${from}&to=${closedOn}`);
    expect(admins.totals?.closed).toBe(1);
  });
});
