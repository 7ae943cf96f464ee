import { expect, test } from '@playwright/test';
import { mainNav, screenshotPath, signIn, stamp, ui, uz } from './helpers.ts';

test('an administrator adds a service to the directory and edits it; a worker finds it by district and category', async ({
  page,
  browser,
}) => {
  const name = `Oilaviy maslahat ${stamp()}`;
  await signIn(page, 'admin');
  await mainNav(page)
    .getByRole('link', { name: uz('nav.directory') })
    .click();
  await expect(page).toHaveURL(/\/directory$/);
  await page.getByRole('button', { name: uz('directory.new') }).click();
  const dialog = page.getByRole('dialog', { name: uz('directory.new') });
  const organisation = dialog.getByLabel(uz('directory.organisation'));
  const ngo = organisation.locator('option').filter({ hasText: 'Oila va bola' }).first();
  await organisation.selectOption((await ngo.getAttribute('value')) ?? '');
  await dialog.getByLabel(uz('directory.name')).fill(name);
  await dialog.getByLabel(uz('directory.category')).selectOption('psychosocial');
  await dialog.getByLabel(uz('directory.description')).fill('Er-xotin va ota-ona uchun bepul maslahatlar.');
  await dialog.getByLabel(uz('directory.contactPhone')).fill('+998 91 234 56 78');
  // A name is required: the server says so on the field and nothing is saved.
  await dialog.getByLabel(uz('directory.name')).fill('');
  await dialog.getByRole('button', { name: uz('common.create') }).click();
  await expect(dialog.getByLabel(uz('directory.name'))).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByLabel(uz('directory.name')).fill(name);
  await dialog.getByRole('button', { name: uz('common.create') }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toHaveText(uz('directory.created', { name }));

  await page.getByLabel(uz('directory.search')).fill(name);
  const row = page.getByTestId('service').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: uz('directory.editNamed', { name }) }).click();
  const edit = page.getByRole('dialog', { name: uz('directory.edit') });
  await edit.getByLabel(uz('directory.contactName')).fill('Dilnoza Karimova');
  await edit.getByRole('button', { name: uz('common.save') }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText('Dilnoza Karimova');

  // A worker searches Shoʻrchi for psychosocial support: the new service is there, the employment centre is not; they cannot edit.
  const worker = await (await browser.newContext()).newPage();
  await signIn(worker, 'worker');
  await worker.goto('/directory');
  await worker.getByLabel(uz('territory.region')).selectOption('1722');
  await worker.getByLabel(uz('territory.district')).selectOption('1722226');
  await worker.getByLabel(uz('directory.category')).selectOption('psychosocial');
  await expect(worker.getByTestId('service').filter({ hasText: name })).toHaveCount(1);
  await expect(worker.getByTestId('service').filter({ hasText: 'bandlikka' })).toHaveCount(0);
  await expect(worker.getByRole('button', { name: uz('common.edit') })).toHaveCount(0);
  await expect(worker.getByRole('button', { name: uz('directory.new') })).toHaveCount(0);
});

test.describe('on a 360 px phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('the directory and the referral form fit the width and work with the keyboard', async ({ page }) => {
    await signIn(page, 'worker');
    await page.goto('/directory');
    const category = page.getByLabel(uz('directory.category'));
    await category.focus();
    await category.selectOption('civil_registry');
    await expect(page.getByTestId('service').first()).toContainText(uz('directory.categories.civil_registry'));
    await page.screenshot({ path: screenshotPath('directory-360.png') });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    const found = (await (await page.request.get('/api/cases', { params: { q: 'Tursunova', limit: 10 } })).json()) as {
      items: { id: string; status: string }[];
    };
    const caseId = found.items.find((item) => item.status !== 'closed')?.id ?? '';
    await page.goto(`/referrals/new?case=${caseId}`);
    await page.getByLabel(uz('directory.category')).selectOption('civil_registry');
    // Tab to the first service's choose button and press it with the keyboard.
    const choose = page
      .getByTestId('service')
      .first()
      .getByRole('button', { name: new RegExp(uz('referrals.form.choose')) });
    await choose.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: uz('referrals.form.change') })).toBeVisible();
    await page.screenshot({ path: screenshotPath('referral-form-360.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });
});

test('in Uzbek Cyrillic the directory and the referral form name organisations and services in Cyrillic', async ({ page, browser }) => {
  const cy = ui('uz-Cyrl');
  // An administrator names a new service in Cyrillic too, in the folded part of the form.
  const latin = `Oilaviy mediatsiya ${stamp()}`;
  const cyrillic = `Оилавий медиация ${latin.split(' ').at(-1)}`;
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, 'admin');
  await admin.goto('/directory');
  await admin.getByRole('button', { name: uz('directory.new') }).click();
  const dialog = admin.getByRole('dialog', { name: uz('directory.new') });
  const organisation = dialog.getByLabel(uz('directory.organisation'));
  const inson = organisation.locator('option').filter({ hasText: 'Shoʻrchi tumani «Inson»' }).first();
  await organisation.selectOption((await inson.getAttribute('value')) ?? '');
  await dialog.getByLabel(uz('directory.name'), { exact: true }).fill(latin);
  await dialog.getByText(uz('directory.otherNames')).click();
  await dialog.getByLabel(uz('directory.nameIn.uz_cyrl')).fill(cyrillic);
  await dialog.getByLabel(uz('directory.category')).selectOption('psychosocial');
  await dialog.getByRole('button', { name: uz('common.create') }).click();
  await expect(dialog).toBeHidden();

  // worker2 reads the interface in Uzbek Cyrillic.
  await signIn(page, 'worker2');
  await page.goto('/directory');
  await page.getByLabel(cy('directory.category')).selectOption('psychosocial');
  const psychologist = page.getByTestId('service').filter({ hasText: 'Психолог маслаҳати' });
  await expect(psychologist).toHaveCount(1);
  await expect(psychologist).toContainText('Шўрчи тумани «Инсон» ижтимоий хизматлар маркази');
  await expect(page.getByTestId('service').filter({ hasText: cyrillic })).toHaveCount(1);
  await expect(page.getByTestId('service').filter({ hasText: 'Psixolog maslahati' })).toHaveCount(0);

  const csrf = (await page.evaluate(() => sessionStorage.getItem('hamkor.csrf'))) ?? '';
  const post = async (url: string, data: object) => {
    const response = await page.request.post(url, { data, headers: { 'X-CSRF-Token': csrf } });
    expect(response.status(), await response.text()).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const familyId = await post('/api/families', {
    districtCode: '1722226',
    address: 'Navbahor MFY, Bogʻbon koʻchasi, 9-uy',
    identificationSource: 'school',
    members: [{ surname: 'Yoʻldosheva', givenName: 'Sevara', sex: 'female', relationship: 'head', birthYear: 1991 }],
  });
  const caseId = await post('/api/cases', { familyId, identificationSource: 'school', reason: 'Bolaning tugʻilganlik guvohnomasi yoʻq' });
  await page.goto(`/referrals/new?case=${caseId}`);
  await page.getByLabel(cy('directory.category')).selectOption('civil_registry');
  const registry = page.getByTestId('service').filter({ hasText: 'Туғилганлик гувоҳномасини бериш ва тиклаш' }).first();
  await expect(registry).toContainText('Шўрчи тумани ФҲДЁ бўлими');
  await registry.getByRole('button', { name: new RegExp(cy('referrals.form.choose')) }).click();
  await expect(page.getByTestId('preview')).toContainText('Шўрчи тумани ФҲДЁ бўлими');
});
