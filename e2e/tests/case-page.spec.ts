import { expect, test } from '@playwright/test';
import { signIn, uz } from './helpers.ts';

/**
 * A worker's case page: the header says what waits for approval (an assessment's risk before the
 * supervisor decides), and the page asks the server nothing twice and nothing the worker may not read.
 */
test('the case header shows a pending assessment and its risk; the page asks no users list and the instruments once', async ({ page }) => {
  await signIn(page, 'worker');
  const csrf = (await page.evaluate(() => sessionStorage.getItem('hamkor.csrf'))) ?? '';
  const call = async (method: 'POST' | 'PATCH' | 'GET', url: string, data?: object) => {
    const response = await page.request.fetch(url, { method, headers: { 'X-CSRF-Token': csrf }, ...(data && { data }) });
    expect(response.ok(), `${method} ${url}: ${await response.text()}`).toBe(true);
    return response.json();
  };
  const family = await call('POST', '/api/families', {
    districtCode: '1722226',
    address: `Navbahor MFY, Bogʻ koʻchasi, ${Date.now().toString(36)}-uy`,
    identificationSource: 'school',
    members: [{ surname: 'Rahimova', givenName: 'Gulnora', birthDate: '1987-04-02', sex: 'female', relationship: 'head' }],
  });
  const opened = await call('POST', '/api/cases', {
    familyId: family.id,
    identificationSource: 'school',
    reason: 'Bola maktabga bormaydi',
  });
  await call('POST', `/api/cases/${opened.id}/transition`, { to: 'assessment', version: opened.version });
  const started = await call('POST', `/api/cases/${opened.id}/assessments`, {});
  const instruments = await call('GET', '/api/instruments');
  type Def = { domains: { questions: { key: string; answers: { key: string; score: number; immediateDanger?: boolean }[] }[] }[] };
  const def = instruments.items.find((i: { id: string }) => i.id === started.instrumentId).definition as Def;
  const answers = Object.fromEntries(
    def.domains.flatMap((d) =>
      d.questions.map((q) => [q.key, q.answers.filter((a) => !a.immediateDanger).sort((a, b) => b.score - a.score)[0]?.key]),
    ),
  );
  const saved = await call('PATCH', `/api/assessments/${started.id}`, { version: started.version, answers });
  const submitted = await call('POST', `/api/assessments/${started.id}/submit`, { version: saved.version });

  const asked: string[] = [];
  const refused: string[] = [];
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (!path.startsWith('/api/')) return;
    asked.push(path);
    if (response.status() >= 400) refused.push(`${response.status()} ${path}`);
  });
  await page.goto(`/cases/${opened.id}`);
  const pending = page.getByTestId('pending-approval');
  await expect(pending).toHaveText(
    uz('cases.pendingHeaderRisk', { kind: uz('enum.approvalKind.assessment'), risk: uz(`enum.risk.${submitted.riskLevel}`) }),
  );
  await expect(page.getByTestId('timeline').locator('li').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(asked.filter((path) => path === '/api/users')).toEqual([]);
  expect(asked.filter((path) => path === '/api/instruments')).toHaveLength(1);
  expect(refused).toEqual([]);
});

test('the review of an assessment says what is not answered, and shows no risk level for one with no answers', async ({ page }) => {
  await signIn(page, 'worker');
  const csrf = (await page.evaluate(() => sessionStorage.getItem('hamkor.csrf'))) ?? '';
  const call = async (method: 'POST' | 'PATCH', url: string, data: object) => {
    const response = await page.request.fetch(url, { method, headers: { 'X-CSRF-Token': csrf }, data });
    expect(response.ok(), `${method} ${url}: ${await response.text()}`).toBe(true);
    return response.json();
  };
  const family = await call('POST', '/api/families', {
    districtCode: '1722226',
    address: `Navbahor MFY, Tut koʻchasi, ${Date.now().toString(36)}-uy`,
    identificationSource: 'school',
    members: [{ surname: 'Ergasheva', givenName: 'Shahlo', birthDate: '1989-08-08', sex: 'female', relationship: 'head' }],
  });
  const opened = await call('POST', '/api/cases', { familyId: family.id, identificationSource: 'school', reason: 'Tekshiruv' });
  await call('POST', `/api/cases/${opened.id}/transition`, { to: 'assessment', version: opened.version });
  const started = await call('POST', `/api/cases/${opened.id}/assessments`, {});
  const review = async () => {
    await page.goto(`/cases/${opened.id}/assessments/${started.id}`);
    await page
      .getByRole('navigation', { name: uz('assessments.steps') })
      .getByRole('button', { name: uz('assessments.review.title') })
      .click();
    await expect(page.getByRole('heading', { level: 2, name: uz('assessments.review.title') })).toBeVisible();
  };
  await review();
  await expect(page.getByTestId('assessment-empty')).toHaveText(uz('assessments.review.empty'));
  await expect(page.getByTestId('computed-risk')).toHaveCount(0);
  await expect(page.getByRole('button', { name: uz('assessments.submit') })).toBeDisabled();

  await call('PATCH', `/api/assessments/${started.id}`, { version: started.version, answers: { 'safety.violence': 'none' } });
  await review();
  await expect(page.getByTestId('assessment-missing')).toContainText('Xavfsizlik va himoya (1/');
  await expect(page.getByTestId('computed-risk')).toBeVisible();
});
