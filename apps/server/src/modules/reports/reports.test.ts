import { REPORT_NAMES, type ReportOut, SMALL_CELL, WITHHELD_CELL } from '@hamkor/domain';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, TEST_PASSWORD, useTestServer } from '../../../test/harness.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const SHORCHI = '1722226';

describe('reports', () => {
  const server = useTestServer();
  let admin: Session;
  let analyst: Session;
  let supervisor: Session;
  let worker: Session;
  let manager: Session;
  const get = (session: Session, url: string, headers: Record<string, string> = {}) => server.as(session, { method: 'GET', url, headers });

  beforeAll(async () => {
    [admin, analyst, supervisor, worker] = [
      await server.login('admin'),
      await server.login('analyst'),
      await server.login('supervisor'),
      await server.login('worker'),
    ];
    // A district manager: figures of Shoʻrchi only, in aggregate.
    const created = await server.as(admin, {
      method: 'POST',
      url: '/api/users',
      payload: {
        username: 'shorchi-manager',
        displayName: 'Tuman rahbari',
        password: TEST_PASSWORD,
        organisationId: admin.organisationId,
        roles: ['manager'],
        scope: { level: 'district', territoryCode: SHORCHI },
        locale: 'en',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    manager = await server.login('shorchi-manager');
  });

  /** Open cases' families by risk, counted here without the report's SQL. */
  async function openFamiliesByRisk(where: { region?: string } = {}) {
    const rows = await server.db
      .selectFrom('cases')
      .select(['risk_level', sql<number>`count(DISTINCT family_id)::int`.as('n')])
      .where('closed_at', 'is', null)
      .$if(!!where.region, (qb) => qb.where('region_code', '=', where.region ?? ''))
      .groupBy('risk_level')
      .execute();
    return Object.fromEntries(rows.map((row) => [row.risk_level ?? 'not_assessed', row.n]));
  }

  it('gives the system admin exact national figures, by region, in their language', async () => {
    const response = await get(admin, '/api/reports/risk');
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json() as ReportOut;
    expect(report).toMatchObject({ name: 'risk', groupBy: 'region', drillDown: 'district', privacy: false, suppressed: false });
    expect(report.territory.code).toBeNull();
    expect(report.columns.map((c) => c.key)).toEqual(['low', 'medium', 'high', 'critical', 'not_assessed', 'total']);
    expect(report.columns[0]?.label).toBe('Past');
    expect(report.rows.length).toBeGreaterThanOrEqual(14);
    const expected = await openFamiliesByRisk();
    for (const level of ['low', 'medium', 'high', 'critical', 'not_assessed'])
      expect(report.totals?.[level], level).toBe(expected[level] ?? 0);
    const surxondaryo = report.rows.find((row) => row.key === '1722');
    const inSurxondaryo = await openFamiliesByRisk({ region: '1722' });
    expect(surxondaryo?.cells.total).toBe(Object.values(inSurxondaryo).reduce((a, b) => a + b, 0));
    expect(report.rows.filter((row) => Number(row.cells.total) > 0).length).toBeGreaterThan(1);
  });

  it('drills down from a region to its districts and from a district to its mahallas', async () => {
    const districts = (await get(admin, '/api/reports/caseload?territory=1722')).json() as ReportOut;
    expect(districts.groupBy).toBe('district');
    expect(districts.rows.every((row) => row.key.startsWith('1722'))).toBe(true);
    const shorchi = districts.rows.find((row) => row.key === SHORCHI);
    expect(shorchi?.cells.open).toBeGreaterThan(0);
    const mahallas = (await get(admin, `/api/reports/caseload?territory=${SHORCHI}`)).json() as ReportOut;
    expect(mahallas.groupBy).toBe('mahalla');
    expect(mahallas.drillDown).toBeNull();
    expect(mahallas.rows.map((row) => row.key)).toContain('1722226-001');
    const sum = mahallas.rows.reduce((total, row) => total + Number(row.cells.open), 0);
    expect(sum).toBe(shorchi?.cells.open);
  });

  it('shows the analyst figures only: no names or ids, counts under five as "<5", and totals that do not give them away', async () => {
    const surnames = (await server.db.selectFrom('persons').select('surname').distinct().execute()).map((row) => row.surname);
    for (const name of REPORT_NAMES) {
      const response = await get(analyst, `/api/reports/${name}?territory=1722`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.body).not.toMatch(UUID);
      for (const surname of surnames) expect(response.body).not.toContain(surname);
      const report = response.json() as ReportOut;
      expect(report.privacy).toBe(true);
      const cells = [...report.rows.flatMap((row) => Object.entries(row.cells)), ...Object.entries(report.totals ?? {})];
      for (const [key, cell] of cells) {
        const column = report.columns.find((c) => c.key === key);
        if (column?.kind === 'count' && typeof cell === 'number') expect(cell === 0 || cell >= 5, `${name} ${key} ${cell}`).toBe(true);
      }
      if (cells.some(([, cell]) => cell === SMALL_CELL || cell === WITHHELD_CELL)) expect(report.suppressed).toBe(true);
    }
    const risk = (await get(analyst, '/api/reports/risk?territory=1722')).json() as ReportOut;
    expect(risk.suppressed).toBe(true);
    const shorchi = risk.rows.find((row) => row.key === SHORCHI);
    expect(Object.values(shorchi?.cells ?? {})).toContain(SMALL_CELL);
    // A row with a hidden cell hides at least one more of its cells or its total: no subtraction reveals it.
    for (const row of risk.rows) {
      const hidden = Object.values(row.cells).filter((cell) => typeof cell === 'string').length;
      expect(hidden === 0 || hidden >= 2, JSON.stringify(row)).toBe(true);
    }
  });

  it('gives the supervisor exact figures of the cases they may read', async () => {
    const report = (await get(supervisor, '/api/reports/risk')).json() as ReportOut;
    expect(report.privacy).toBe(false);
    expect(report.rows.map((row) => row.key)).toEqual(['1722']);
    const team = await server.db
      .selectFrom('cases')
      .innerJoin('users', 'users.id', 'cases.assigned_user_id')
      .select(sql<number>`count(DISTINCT cases.family_id)::int`.as('n'))
      .where('users.supervisor_id', '=', supervisor.userId)
      .where('cases.closed_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(report.totals?.total).toBe(team.n);
  });

  it('keeps a district manager to their district: other territories are not found', async () => {
    const own = await get(manager, '/api/reports/sources');
    expect(own.statusCode, own.body).toBe(200);
    const report = own.json() as ReportOut;
    expect(report.territory.code).toBe(SHORCHI);
    expect(report.groupBy).toBe('mahalla');
    expect(report.columns[0]?.label).toBe('Mahalla social worker');
    expect((await get(manager, '/api/reports/sources?territory=1722210')).statusCode).toBe(404);
    expect((await get(manager, '/api/reports/sources?territory=1722')).statusCode).toBe(404);
    expect((await get(manager, '/api/dashboards/manager?territory=1722210')).statusCode).toBe(404);
  });

  it('answers 404 to those without figures and 400 to a bad query', async () => {
    expect((await get(worker, '/api/reports/risk')).statusCode).toBe(404);
    expect((await get(await server.login('agency'), '/api/reports/risk')).statusCode).toBe(404);
    expect((await get(admin, '/api/reports/unknown')).statusCode).toBe(400);
    const badGroup = await get(admin, `/api/reports/risk?territory=${SHORCHI}&groupBy=region`);
    expect(badGroup.statusCode).toBe(400);
    expect(badGroup.json().error.fields[0].path).toBe('groupBy');
    expect((await get(admin, '/api/reports/risk?groupBy=month')).statusCode).toBe(400);
    const backwards = await get(admin, '/api/reports/caseload?from=2026-05-01&to=2026-04-01');
    expect(backwards.statusCode).toBe(400);
    expect((await get(admin, '/api/reports/caseload?territory=1799')).statusCode).toBe(404);
  });

  it('groups by month within the period', async () => {
    const report = (await get(admin, '/api/reports/caseload?groupBy=month&from=2026-01-15&to=2026-03-10')).json() as ReportOut;
    expect(report.rows.map((row) => row.key)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(report.rows[0]?.label).toBe('01.2026');
    // Each month's open cases run on from the start: the last month's are the cases open at the period's end.
    const end = new Date('2026-03-10T19:00:00Z');
    const open = await server.db
      .selectFrom('cases')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('opened_at', '<', end)
      .where((eb) => eb.or([eb('closed_at', 'is', null), eb('closed_at', '>=', end)]))
      .executeTakeFirstOrThrow();
    expect(report.rows.at(-1)?.cells.open).toBe(open.n);
    const opened = await server.db
      .selectFrom('cases')
      .select(sql<number>`count(DISTINCT family_id)::int`.as('n'))
      .where('opened_at', '>=', new Date('2026-01-31T19:00:00Z'))
      .where('opened_at', '<', new Date('2026-02-28T19:00:00Z'))
      .executeTakeFirstOrThrow();
    expect(report.rows[1]?.cells.opened).toBe(opened.n);
  });

  describe('files', () => {
    beforeAll(async () => {
      // Mahalla names that a spreadsheet would run as formulas.
      for (const [index, name] of ['=HYPERLINK("http://x")', '+1+2', '-3', '@SUM(A1)'].entries()) {
        const response = await server.as(admin, {
          method: 'POST',
          url: '/api/territories/mahallas',
          payload: { code: `${SHORCHI}-9${index}`, districtCode: SHORCHI, name: { uz_latn: name } },
        });
        expect(response.statusCode, response.body).toBe(201);
      }
    });

    it('exports CSV with translated headers, formulas escaped, and records the export', async () => {
      const response = await get(admin, `/api/reports/caseload.csv?territory=${SHORCHI}`);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toMatch(/attachment; filename="hamkor-caseload-1722226-.*\.csv"/);
      const lines = response.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toBe('Mahalla,Ochilgan,Yopilgan,Davr oxirida ochiq');
      expect(lines).toContain(`"'=HYPERLINK(""http://x"")",0,0,0`);
      for (const text of ['+1+2', '-3', '@SUM(A1)']) expect(lines).toContain(`'${text},0,0,0`);
      expect(lines.at(-1)).toMatch(/^Jami,/);
      const events = await server.db
        .selectFrom('audit_events')
        .select(['details'])
        .where('action', '=', 'report.export')
        .where('actor_id', '=', admin.userId)
        .execute();
      expect(events.map((e) => e.details)).toContainEqual(
        expect.objectContaining({ report: 'caseload', format: 'csv', territory: SHORCHI }),
      );
    });

    it('negotiates CSV and XLSX from the Accept header too', async () => {
      const csv = await get(admin, '/api/reports/risk', { accept: 'text/csv' });
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const xlsx = await get(admin, '/api/reports/risk', { accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
      expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const json = await get(admin, '/api/reports/risk?format=json', { accept: 'text/csv' });
      expect(json.json().name).toBe('risk');
    });

    it('exports XLSX that opens with its title, the columns in the reader’s language and "<5" for the analyst', async () => {
      const response = await get(analyst, '/api/reports/risk.xlsx?territory=1722');
      expect(response.statusCode, response.body).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      if (!sheet) throw new Error('no sheet');
      expect(sheet.getCell('A1').value).toBe('Уровни риска открытых случаев');
      const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
      const headerRow = [...Array(sheet.rowCount).keys()].map((i) => i + 1).find((i) => values(i)[0] === 'Район');
      expect(headerRow).toBeDefined();
      expect(values(headerRow ?? 0)).toEqual(['Район', 'Низкий', 'Средний', 'Высокий', 'Критический', 'Без оценки', 'Всего']);
      const body = [...Array(sheet.rowCount - (headerRow ?? 0)).keys()].map((i) => values((headerRow ?? 0) + i + 1));
      expect(body.flat()).toContain(SMALL_CELL);
      expect(body.at(-1)?.[0]).toBe('Итого');
      const escaped = await get(admin, `/api/reports/caseload.xlsx?territory=${SHORCHI}`);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(escaped.rawPayload as unknown as ArrayBuffer);
      const labels = book.worksheets[0]?.getColumn(1).values ?? [];
      expect(labels).toContain(`'=HYPERLINK("http://x")`);
      expect(labels).toContain(`'@SUM(A1)`);
    });
  });
});
