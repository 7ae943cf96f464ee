import { expect, type Page, test } from '@playwright/test';
import { mainNav, serverText, signIn, signOut, stamp, uz } from './helpers.ts';

const adminTabs = (page: Page) => page.getByRole('navigation', { name: uz('admin.tabs.label') });

test('an admin creates an organisation and a user, and the new user can sign in', async ({ page }) => {
  const suffix = stamp();
  const organisation = `Sinov markazi ${suffix}`;
  const username = `e2e.${suffix}`;
  const displayName = `Sinov Xodimi ${suffix}`;
  const password = `e2e-user-${suffix}-pass`;

  await signIn(page, 'admin');
  await mainNav(page)
    .getByRole('link', { name: uz('nav.administration') })
    .click();
  await expect(page).toHaveURL(/\/admin\/organisations$/);

  await page.getByRole('button', { name: uz('admin.organisations.new') }).click();
  const orgDialog = page.getByRole('dialog', { name: uz('admin.organisations.new') });
  await orgDialog.getByLabel(uz('admin.organisations.name'), { exact: true }).fill(organisation);
  await orgDialog.getByLabel(uz('admin.organisations.kind'), { exact: true }).selectOption('ngo');
  await orgDialog.getByLabel(uz('territory.region'), { exact: true }).selectOption('1722');
  await orgDialog.getByLabel(uz('territory.district'), { exact: true }).selectOption('1722226');
  await orgDialog.getByLabel(uz('admin.organisations.browseRegion')).selectOption('1722');
  // Reference data spells the apostrophe in several ways; the test does not depend on which.
  await orgDialog.getByRole('checkbox', { name: /^Sho.rchi tumani$/ }).check();
  await orgDialog.getByRole('checkbox', { name: 'Denov tumani' }).check();
  await expect(orgDialog.getByRole('list', { name: uz('admin.organisations.territoriesChosen') }).getByRole('listitem')).toHaveCount(2);
  await orgDialog.getByLabel(uz('admin.organisations.address')).fill('Shoʻrchi shahri, Mustaqillik koʻchasi, 1');
  await orgDialog.getByLabel(uz('admin.organisations.phone')).fill('+998 90 123 45 67');
  await orgDialog.getByRole('button', { name: uz('common.create') }).click();

  await expect(orgDialog).toBeHidden();
  await expect(page.getByRole('status')).toHaveText(uz('admin.organisations.created', { name: organisation }));
  const orgRow = page.getByRole('row', { name: new RegExp(organisation) });
  await expect(orgRow).toContainText(uz('enum.organisationKind.ngo'));
  await expect(orgRow).toContainText(/Sho.rchi tumani/);

  await adminTabs(page)
    .getByRole('link', { name: uz('admin.tabs.users') })
    .click();
  await page.getByRole('button', { name: uz('admin.users.new') }).click();
  const userDialog = page.getByRole('dialog', { name: uz('admin.users.new') });
  await userDialog.getByLabel(uz('admin.users.username'), { exact: true }).fill(username);
  await userDialog.getByLabel(uz('admin.users.displayName'), { exact: true }).fill(displayName);
  const passwordField = userDialog.getByLabel(uz('admin.users.password'), { exact: true });
  // A password that is too short: the general message on top, the field's own message beside it.
  await passwordField.fill('short');
  await userDialog.getByRole('button', { name: uz('common.create') }).click();
  await expect(userDialog.getByRole('alert')).toHaveText(serverText('uz-Latn')('errors.invalid_input'));
  await expect(passwordField).toHaveAttribute('aria-invalid', 'true');
  await expect(passwordField).toHaveAccessibleDescription(new RegExp(serverText('uz-Latn')('fields.password_short')));
  await passwordField.fill(password);
  await userDialog.getByLabel(uz('admin.users.organisation'), { exact: true }).selectOption({ label: organisation });
  await userDialog.getByRole('checkbox', { name: uz('enum.role.social_worker') }).check();
  // Until chosen by hand, the scope follows the roles.
  await expect(userDialog.getByLabel(uz('admin.users.scope'), { exact: true })).toHaveValue('own');
  await userDialog.getByRole('button', { name: uz('common.create') }).click();

  await expect(userDialog).toBeHidden();
  await expect(page.getByRole('status')).toHaveText(uz('admin.users.created', { name: displayName }));
  const userRow = page.getByRole('row', { name: new RegExp(username.replace('.', '\\.')) });
  await expect(userRow).toContainText(displayName);
  await expect(userRow).toContainText(organisation);
  await expect(userRow).toContainText(uz('enum.role.social_worker'));
  await expect(userRow).toContainText(uz('common.active'));

  await signOut(page);
  await signIn(page, username, password);
  await expect(page.getByTestId('current-user')).toContainText(displayName);
  await expect(page.getByTestId('current-user')).toContainText(organisation);
});

test('an admin adds a mahalla and imports a CSV file, fixing a bad row first', async ({ page }) => {
  const prefix = `E2E${stamp()}`.toUpperCase();
  const header = 'code,name_uz_latn,name_uz_cyrl,name_ru,name_en';
  const csv = (rows: string[]) => ({
    name: 'mahallas.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`${[header, ...rows].join('\n')}\n`),
  });

  await signIn(page, 'admin');
  await page.goto('/admin/mahallas');
  await expect(page.getByText(uz('admin.mahallas.chooseDistrict'))).toBeVisible();
  await page.getByLabel(uz('territory.region'), { exact: true }).selectOption('1722');
  await page.getByLabel(uz('territory.district'), { exact: true }).selectOption('1722226');
  const table = page.getByTestId('mahallas');
  await expect(table.getByRole('row')).not.toHaveCount(0);

  await page.getByRole('button', { name: uz('admin.mahallas.new') }).click();
  const dialog = page.getByRole('dialog', { name: uz('admin.mahallas.new') });
  await dialog.getByLabel(uz('admin.mahallas.code'), { exact: true }).fill(`${prefix}-0`);
  await dialog.getByLabel(uz('admin.mahallas.nameUzLatn'), { exact: true }).fill('Oydin');
  await dialog.getByLabel(uz('admin.mahallas.nameUzCyrl')).fill('Ойдин');
  await dialog.getByLabel(uz('admin.mahallas.nameRu')).fill('Ойдин');
  await dialog.getByLabel(uz('admin.mahallas.nameEn')).fill('Oydin');
  await dialog.getByRole('button', { name: uz('common.create') }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toHaveText(uz('admin.mahallas.created', { code: `${prefix}-0` }));
  await expect(table.getByRole('row', { name: new RegExp(`${prefix}-0`) })).toContainText('Ойдин');

  const importer = page.getByRole('region', { name: uz('admin.mahallas.import.title') });
  const file = importer.getByLabel(uz('admin.mahallas.import.file'), { exact: true });
  const check = importer.getByRole('button', { name: uz('admin.mahallas.import.check') });
  const importButton = importer.getByRole('button', { name: uz('admin.mahallas.import.import'), exact: true });

  await file.setInputFiles(
    csv([`${prefix}-1,Bogʻbon,Боғбон,Богбон,Bogbon`, `${prefix}-2,,Бўстон,Бустан,Boston`, `${prefix}-3,Chinor,Чинор,Чинар,Chinor`]),
  );
  await check.click();
  const rowProblem = uz('admin.mahallas.import.rowProblem', {
    line: 3,
    column: 'name_uz_latn',
    message: serverText('uz-Latn')('fields.required'),
  });
  await expect(importer.getByRole('alert')).toContainText(rowProblem);
  await expect(importButton).toBeDisabled();
  await expect(table).not.toContainText(`${prefix}-1`);

  await file.setInputFiles(
    csv([`${prefix}-1,Bogʻbon,Боғбон,Богбон,Bogbon`, `${prefix}-2,Boʻston,Бўстон,Бустан,Boston`, `${prefix}-3,Chinor,Чинор,Чинар,Chinor`]),
  );
  await expect(importer.getByRole('alert')).toHaveCount(0);
  await check.click();
  await expect(importer.getByRole('status')).toHaveText(uz('admin.mahallas.import.checked', { created: 3, updated: 0 }));
  await expect(table).not.toContainText(`${prefix}-1`);
  await importButton.click();
  await expect(importer.getByRole('status')).toHaveText(uz('admin.mahallas.import.imported', { created: 3, updated: 0 }));
  const imported: [string, string][] = [
    [`${prefix}-1`, 'Bogʻbon'],
    [`${prefix}-2`, 'Boʻston'],
    [`${prefix}-3`, 'Chinor'],
  ];
  for (const [code, name] of imported) {
    await expect(table.getByRole('row', { name: new RegExp(code) })).toContainText(name);
  }
});

test('the template link offers a CSV with the expected columns', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/admin/mahallas?region=1722&district=1722226');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: uz('admin.mahallas.import.template') }).click();
  const file = await download;
  const text = await (await file.createReadStream()).toArray();
  const lines = Buffer.concat(text).toString('utf8').trim().split(/\r?\n/);
  expect(lines[0]).toBe('code,name_uz_latn,name_uz_cyrl,name_ru,name_en');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(/^1722226-\d+,/);
});

test('saving over someone else’s change shows the conflict and their version', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/admin/organisations');
  const organisations = (await (await page.request.get('/api/organisations?limit=200')).json()) as {
    items: { id: string; name: string; version: number; address: string | null }[];
  };
  const target = organisations.items.find((organisation) => organisation.name.startsWith('Denov'))!;

  await page.getByRole('button', { name: uz('admin.organisations.editNamed', { name: target.name }) }).click();
  const dialog = page.getByRole('dialog', { name: uz('admin.organisations.edit') });
  const address = dialog.getByLabel(uz('admin.organisations.address'));
  await expect(address).toHaveValue(target.address ?? '');

  // Meanwhile, someone else changes the address.
  const elsewhere = `Denov shahri, Yangi koʻcha, ${stamp()}`;
  const csrf = await page.evaluate(() => sessionStorage.getItem('hamkor.csrf'));
  const changed = await page.request.patch(`/api/organisations/${target.id}`, {
    data: { version: target.version, address: elsewhere },
    headers: { 'X-CSRF-Token': csrf ?? '' },
  });
  expect(changed.ok()).toBe(true);

  await address.fill('Denov shahri, Eski koʻcha, 1');
  await dialog.getByRole('button', { name: uz('common.save') }).click();
  await expect(dialog.getByRole('alert')).toHaveText(serverText('uz-Latn')('errors.version_conflict'));
  await expect(address).toHaveValue(elsewhere);

  // Saving again, on top of their version, goes through.
  await address.fill(`${elsewhere}, 2-uy`);
  await dialog.getByRole('button', { name: uz('common.save') }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toHaveText(uz('admin.organisations.saved', { name: target.name }));
});

test('a dialog keeps focus inside, closes on Escape and gives focus back', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/admin/organisations');
  const opener = page.getByRole('button', { name: uz('admin.organisations.new') });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: uz('admin.organisations.new') });
  await expect(dialog).toBeVisible();
  for (let step = 0; step < 25; step += 1) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
});
