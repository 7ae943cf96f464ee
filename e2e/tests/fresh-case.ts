import { expect, type Page } from '@playwright/test';
import { stamp } from './helpers.ts';

/**
 * A family and a case of its own for a test, registered through the API by the signed-in worker, so the
 * test does not lean on demo records that others change. The case is the worker's, in intake.
 */
export async function freshCase(page: Page, surname: string): Promise<{ id: string; number: string }> {
  const csrf = (await page.evaluate(() => sessionStorage.getItem('hamkor.csrf'))) ?? '';
  const headers = { 'X-CSRF-Token': csrf };
  const family = await page.request.post('/api/families', {
    headers,
    data: {
      districtCode: '1722226',
      mahallaCode: '1722226-003',
      address: `Bogʻishamol MFY, ${stamp()}-uy`,
      identificationSource: 'mahalla_seven',
      members: [
        { surname, givenName: 'Gulnora', sex: 'female', relationship: 'head', birthDate: '1988-06-14' },
        { surname, givenName: 'Sardor', sex: 'male', relationship: 'child', birthDate: '2016-02-03' },
      ],
    },
  });
  expect(family.status(), await family.text()).toBe(201);
  const opened = await page.request.post('/api/cases', {
    headers,
    data: {
      familyId: ((await family.json()) as { id: string }).id,
      identificationSource: 'mahalla_seven',
      reason: 'Mahalla yettiligi xabari',
    },
  });
  expect(opened.status(), await opened.text()).toBe(201);
  return (await opened.json()) as { id: string; number: string };
}

/** A write through the API as the signed-in user (for the steps a test is not about). */
export async function apiSend(page: Page, method: 'POST' | 'PATCH', url: string, data: object) {
  const csrf = (await page.evaluate(() => sessionStorage.getItem('hamkor.csrf'))) ?? '';
  const response = await page.request.fetch(url, { method, headers: { 'X-CSRF-Token': csrf }, data });
  expect(response.status(), await response.text()).toBeLessThan(300);
  return response.json();
}

/** Moves a case on through the API, naming the version it has now, as the case page does. */
export async function transitionCase(page: Page, caseId: string, to: string) {
  const current = await page.request.get(`/api/cases/${caseId}`);
  expect(current.status(), await current.text()).toBe(200);
  const { version } = (await current.json()) as { version: number };
  return apiSend(page, 'POST', `/api/cases/${caseId}/transition`, { to, version });
}
