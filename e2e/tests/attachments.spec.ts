import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { signIn, stamp, uz } from './helpers.ts';

/** A 1×1 transparent PNG, named as a phone would name a photo. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d2c8a50000000049454e44ae426082',
  'hex',
);

test('a photo of a document is attached to a case through the file input, listed, downloaded and archived', async ({ page }) => {
  await signIn(page, 'worker');
  const csrf = (await page.evaluate(() => sessionStorage.getItem('hamkor.csrf'))) ?? '';
  const family = await page.request.post('/api/families', {
    headers: { 'X-CSRF-Token': csrf },
    data: {
      districtCode: '1722226',
      address: `Navbahor MFY, Bogʻbon koʻchasi, ${stamp()}-uy`,
      identificationSource: 'school',
      members: [{ surname: 'Rahimova', givenName: 'Nodira', birthDate: '1987-05-04', sex: 'female', relationship: 'head' }],
    },
  });
  expect(family.status()).toBe(201);
  const opened = await page.request.post('/api/cases', {
    headers: { 'X-CSRF-Token': csrf },
    data: { familyId: (await family.json()).id, identificationSource: 'school', reason: 'Hujjatlar tiklanishi kerak.' },
  });
  expect(opened.status()).toBe(201);
  const { id } = (await opened.json()) as { id: string };

  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`/cases/${id}`);
  const card = page.getByRole('region', { name: uz('attachments.title') });
  await expect(card.getByText(uz('attachments.empty'))).toBeVisible();
  await card.getByTestId('attachment-input').setInputFiles({ name: 'guvohnoma.png', mimeType: 'image/png', buffer: PNG });
  const item = card.getByRole('listitem').filter({ hasText: 'guvohnoma.png' });
  await expect(item).toContainText(uz('attachments.kind.image'));
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  const [download] = await Promise.all([page.waitForEvent('download'), item.getByRole('link', { name: 'guvohnoma.png' }).click()]);
  expect(download.suggestedFilename()).toBe('guvohnoma.png');
  expect(readFileSync(await download.path()).equals(PNG)).toBe(true);

  await item.getByRole('button', { name: uz('attachments.archiveNamed', { name: 'guvohnoma.png' }) }).click();
  await expect(item).toHaveCount(0);
  await expect(card.getByText(uz('attachments.empty'))).toBeVisible();
});
