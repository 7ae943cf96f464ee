import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { expectFitsWidth, expectTableMatches, getJson, hasCell, signedInTexts, type Table } from './figures.ts';
import { apiSend } from './fresh-case.ts';
import { screenshotPath, signIn, stamp } from './helpers.ts';

/** Reports on screen and as files, compared with the server's reply for the same filters. */

type Report = Table & {
  name: string;
  title: string;
  privacy: boolean;
  suppressed: boolean;
  territory: { code: string | null; name: string };
};

const REPORT_NAMES = ['caseload', 'risk', 'referrals', 'timeliness', 'sources', 'closures', 'migration'];
/** Surxondaryo, the region of the demo's Shoʻrchi district. */
const REGION = '1722';

test('a report is filtered, shown as a table, and exported to XLSX with the right columns and to CSV', async ({ page }) => {
  await signIn(page, 'admin');
  const { t, locale } = await signedInTexts(page);
  await page.goto('/reports/tables');
  await page.getByLabel(t('reports.report'), { exact: true }).selectOption({ label: t('reports.names.risk') });
  await page.getByLabel(t('territory.region')).selectOption(REGION);
  await page.getByRole('button', { name: t('reports.show') }).click();
  await expect(page).toHaveURL(new RegExp(`name=risk.*territory=${REGION}|territory=${REGION}.*name=risk`));

  const reply = await getJson<Report>(page, `/api/reports/risk?territory=${REGION}`);
  expect(reply.privacy).toBe(false);
  expect(reply.rows.length, 'the region has districts').toBeGreaterThan(0);
  const report = page.getByTestId('report');
  await expect(report.getByRole('heading', { name: reply.title })).toBeVisible();
  await expect(report).toContainText(reply.territory.name);
  await expectTableMatches(page.getByTestId('report-table'), reply, locale);

  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    report.getByRole('link', { name: `${t('dashboards.downloadXlsx')} — ${reply.title}` }).click(),
  ]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await xlsx.path());
  const sheet = workbook.worksheets[0]!;
  // Empty cells read back as missing or as empty text: both are "no figure".
  const width = reply.columns.length + 1;
  const rows: unknown[][] = [];
  sheet.eachRow((row) =>
    rows.push(Array.from({ length: width }, (_, i) => (row.values as unknown[])[i + 1] ?? null).map((v) => (v === '' ? null : v))),
  );
  expect(rows[0]?.[0]).toBe(reply.title);
  const labels = reply.columns.map((column) => column.label);
  const headerAt = rows.findIndex((row) => JSON.stringify(row.slice(1)) === JSON.stringify(labels));
  expect(headerAt, `a header row with ${labels.join(', ')}`).toBeGreaterThan(0);
  for (const [index, row] of reply.rows.entries()) {
    const expected = [row.label, ...reply.columns.map((column) => row.cells[column.key] ?? null)];
    expect(rows[headerAt + 1 + index]).toEqual(expected);
  }

  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    report.getByRole('link', { name: `${t('dashboards.downloadCsv')} — ${reply.title}` }).click(),
  ]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
  const header =
    readFileSync(await csv.path(), 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0] ?? '';
  for (const label of labels) expect(header).toContain(label);

  // Another language: the report is asked for again, its title and columns now in that language.
  try {
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH');
    await page.getByLabel(t('a11y.language')).selectOption({ label: 'English' });
    await saved;
    const english = await getJson<Report>(page, `/api/reports/risk?territory=${REGION}`);
    await expect(report.getByRole('heading', { level: 2 })).toHaveText(english.title);
    expect(english.title).not.toBe(reply.title);
    await expectTableMatches(page.getByTestId('report-table'), english, 'en');
  } finally {
    await apiSend(page, 'PATCH', '/api/me', { locale });
  }
});

test('the analyst’s report shows "<5" where a count is small and says figures are suppressed', async ({ page }) => {
  await signIn(page, 'analyst');
  const { t, locale } = await signedInTexts(page);
  // Whichever report the demo's few families leave with small counts.
  let found: Report | undefined;
  for (const name of REPORT_NAMES) {
    const reply = await getJson<Report>(page, `/api/reports/${name}`);
    expect(reply.privacy).toBe(true);
    if (hasCell(reply, '<5')) {
      found = reply;
      break;
    }
  }
  expect(found, 'a report of the demo data has a small count').toBeDefined();
  const reply = found!;
  expect(reply.suppressed).toBe(true);

  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto('/reports/tables');
  await page.getByLabel(t('reports.report'), { exact: true }).selectOption(reply.name);
  await page.getByRole('button', { name: t('reports.show') }).click();
  await expect(page.getByTestId('report').getByRole('heading', { name: reply.title })).toBeVisible();
  await expect(page.getByTestId('suppressed-note')).toHaveText(t('dashboards.suppressed'));
  const table = page.getByTestId('report-table');
  await expectTableMatches(table, reply, locale);
  const small = reply.rows.find((row) => Object.values(row.cells).includes('<5'));
  if (small) {
    const at = reply.columns.findIndex((column) => small.cells[column.key] === '<5');
    await expect(table.locator(`tr[data-row="${small.key}"] td`).nth(at)).toHaveText('<5');
  }
  // Aggregate figures only: no link to a case or a family anywhere on the page.
  await expect(page.locator('a[href*="/cases/"], a[href*="/families/"]')).toHaveCount(0);
  await expectFitsWidth(page, 360);
});

/** pdf.js, served to the page from the test's own packages: the browser renders the file as a reader would. */
const PDFJS = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/build/pdf.mjs'));
const VIEWER = `<!doctype html><meta charset="utf-8"><canvas id="page"></canvas>
<script type="module">
  import { getDocument, GlobalWorkerOptions } from '/__pdfjs/pdf.mjs';
  GlobalWorkerOptions.workerSrc = '/__pdfjs/pdf.worker.mjs';
  window.renderPdf = async (url) => {
    const doc = await getDocument({ url, useSystemFonts: false, isEvalSupported: false }).promise;
    const page = await doc.getPage(1);
    const viewport = page.getViewport({ scale: 1.5 });
    const canvas = document.getElementById('page');
    canvas.width = viewport.width;
    canvas.height = viewport.height;
    await page.render({ canvas, viewport }).promise;
    const text = [];
    for (let n = 1; n <= doc.numPages; n++) {
      for (const item of (await (await doc.getPage(n)).getTextContent()).items) text.push(item.str);
    }
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 128 && pixels[i + 3] > 0) inked++;
    return { pages: doc.numPages, text: text.join(' '), inked };
  };
</script>`;

test('the case page downloads the case file as a PDF that renders Cyrillic and Latin names', async ({ page }) => {
  await signIn(page, 'worker');
  const { t } = await signedInTexts(page);
  // A family written in Cyrillic with a member written in Latin, with the Uzbek oʻ and gʻ.
  const family = (await apiSend(page, 'POST', '/api/families', {
    districtCode: '1722226',
    address: `Гулистон МФЙ, Навоий кўчаси, ${stamp()}`,
    identificationSource: 'school',
    members: [
      { surname: 'Қурбонова', givenName: 'Гулнора', sex: 'female', relationship: 'head', birthDate: '1988-02-11' },
      { surname: 'Xoʻjayeva', givenName: 'Oʻgʻiloy', sex: 'female', relationship: 'child', birthDate: '2014-06-03' },
    ],
  })) as { id: string };
  const theCase = (await apiSend(page, 'POST', '/api/cases', {
    familyId: family.id,
    identificationSource: 'school',
    reason: 'Maktab xabari: bola darsga kelmayapti.',
  })) as { id: string };

  await page.goto(`/cases/${theCase.id}`);
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: t('caseFile.download') }).click()]);
  expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
  expect(
    readFileSync(await pdf.path())
      .subarray(0, 5)
      .toString('latin1'),
  ).toBe('%PDF-');
  const response = await page.request.get(`/api/cases/${theCase.id}/file.pdf`);
  expect(response.headers()['content-type']).toContain('application/pdf');

  // Rendered in the browser by pdf.js: the first page is drawn, and the names read back in both scripts.
  await page.route('**/__pdfjs/**', (route) => {
    const file = new URL(route.request().url()).pathname.replace('/__pdfjs/', '');
    if (file === 'viewer.html') return route.fulfill({ body: VIEWER, contentType: 'text/html' });
    return route.fulfill({ path: join(PDFJS, basename(file)), contentType: 'text/javascript' });
  });
  await page.goto('/__pdfjs/viewer.html');
  await page.waitForFunction(() => 'renderPdf' in window);
  const rendered = await page.evaluate(
    (url) => (window as unknown as { renderPdf: (u: string) => Promise<{ pages: number; text: string; inked: number }> }).renderPdf(url),
    `/api/cases/${theCase.id}/file.pdf`,
  );
  expect(rendered.pages).toBeGreaterThan(0);
  expect(rendered.inked, 'the first page has text drawn on it').toBeGreaterThan(1000);
  for (const name of ['Қурбонова', 'Гулнора', 'Xoʻjayeva', 'Oʻgʻiloy']) expect(rendered.text).toContain(name);
  await page.locator('#page').screenshot({ path: screenshotPath('case-file-page-1.png') });
});
