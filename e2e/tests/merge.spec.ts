import { expect, test } from '@playwright/test';
import { signIn, uz } from './helpers.ts';

type Family = { id: string; members: { id: string }[] };

test('a supervisor merges a duplicate family, then a duplicate person', async ({ page }) => {
  await signIn(page, 'supervisor');
  const csrf = await page.evaluate(() => sessionStorage.getItem('hamkor.csrf'));
  const register = async (surname: string, givenName: string, address: string) => {
    const response = await page.request.post('/api/families', {
      headers: { 'X-CSRF-Token': csrf ?? '' },
      data: {
        districtCode: '1722226',
        address,
        identificationSource: 'mahalla_seven',
        members: [{ surname, givenName, birthDate: '1994-07-01', sex: 'female', relationship: 'head' }],
      },
    });
    expect(response.status()).toBe(201);
    return (await response.json()) as Family;
  };
  // The same woman registered twice, once in Latin and once in Cyrillic letters.
  const kept = await register('Merganova', 'Xurshida', 'Yangiobod MFY, Bogʻ koʻchasi, 5-uy');
  await register('Мерганова', 'Хуршида', 'Янгиобод МФЙ, Боғ кўчаси, 5-уй');

  await page.goto(`/families/${kept.id}`);
  await page.getByRole('button', { name: uz('families.merge.family') }).click();
  let dialog = page.getByRole('dialog', { name: uz('families.merge.family') });
  await dialog.getByLabel(uz('families.merge.findFamily')).fill('Merganova');
  await expect(dialog.getByText(uz('families.merge.thisFamily'))).toBeVisible();
  await dialog.getByRole('button', { name: uz('families.merge.chooseNamed', { name: 'Мерганова Хуршида' }) }).click();
  await expect(dialog).toContainText('Янгиобод МФЙ, Боғ кўчаси, 5-уй');
  await dialog.getByRole('button', { name: uz('families.merge.confirm') }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: uz('families.merge.familyDone', { members: 2 }) })).toBeVisible();
  await expect(page.getByRole('article')).toHaveCount(2);

  // Both records of her are now in one family: merge the persons too.
  await page.getByRole('button', { name: uz('families.merge.personNamed', { name: 'Merganova Xurshida' }) }).click();
  dialog = page.getByRole('dialog', { name: uz('families.merge.person') });
  await dialog.getByLabel(uz('families.merge.findPerson')).fill('Мерганова Хуршида');
  await expect(dialog.getByText(uz('families.merge.thisPerson'))).toBeVisible();
  await dialog.getByRole('button', { name: uz('families.merge.chooseNamed', { name: 'Мерганова Хуршида' }) }).click();
  await dialog.getByRole('button', { name: uz('families.merge.confirm') }).click();
  await expect(page.getByRole('status').filter({ hasText: uz('families.merge.personDone', { name: 'Merganova Xurshida' }) })).toBeVisible();
  await expect(page.getByRole('article')).toHaveCount(1);
});

test('a social worker is not offered merging', async ({ page }) => {
  await signIn(page, 'worker');
  const found = (await (await page.request.get('/api/persons?q=Boboyev Hamza')).json()) as { items: { familyId: string }[] };
  await page.goto(`/families/${found.items[0]!.familyId}`);
  await expect(page.getByRole('button', { name: uz('families.household.edit') })).toBeVisible();
  await expect(page.getByRole('button', { name: uz('families.merge.family') })).toHaveCount(0);
  await expect(page.getByRole('button', { name: uz('families.merge.person') })).toHaveCount(0);
});
