import { expect, test } from '@playwright/test';
import { serverText, signIn, uz } from './helpers.ts';

const HEADER =
  'family_ref,district_code,mahalla_code,address,identification_source,surname,given_name,patronymic,birth_date,sex,relationship';
const csv = (rows: string[]) => ({ name: 'oilalar.csv', mimeType: 'text/csv', buffer: Buffer.from(`${[HEADER, ...rows].join('\n')}\n`) });

test('a supervisor checks a CSV file, sees the bad row, then imports a good file and finds the family', async ({ page }) => {
  await signIn(page, 'supervisor');
  await page.goto('/families');
  await page.getByRole('link', { name: uz('families.actions.import') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(uz('families.import.title'));
  await expect(page.getByRole('link', { name: uz('families.import.templateCsv') })).toHaveAttribute('href', /template\?format=csv/);

  const file = page.getByLabel(uz('families.import.file'));
  const check = page.getByRole('button', { name: uz('families.import.check') });
  const importButton = page.getByRole('button', { name: uz('families.import.import'), exact: true });
  await expect(check).toBeDisabled();

  // Row 3 (the header is row 1) gives a sex the template does not know; row 4 is someone already registered.
  await file.setInputFiles(
    csv([
      'O1,1722226,1722226-002,"Guliston MFY, Yoshlik koʻchasi, 8-uy",mahalla_seven,Oqilova,Mehribon,Sobir qizi,03.02.1992,female,head',
      'O1,,,,,Oqilov,Jasur,Anvar oʻgʻli,2015,x,child',
      'O2,1722226,,"Navbahor MFY, 14-uy",school,Tursunova,Gulnora,Baxtiyor qizi,12.06.1989,female,head',
    ]),
  );
  await check.click();
  const errors = page.getByTestId('import-errors');
  const badRow = errors.getByRole('row', { name: /^3 / });
  await expect(badRow).toContainText('sex');
  await expect(badRow).toContainText(serverText('uz-Latn')('fields.choice'));
  await expect(page.getByRole('alert')).toHaveText(uz('families.import.hasErrors', { found: 1 }));
  await expect(importButton).toBeDisabled();
  const duplicates = page.getByTestId('import-duplicates');
  await expect(duplicates.getByRole('row', { name: /^4 / }).filter({ hasText: 'Tursunova Gulnora Baxtiyor qizi' })).toHaveCount(1);
  await expect(duplicates).toContainText(uz('enum.matchReason.birth_date_equal'));

  await file.setInputFiles(
    csv([
      'O1,1722226,1722226-002,"Guliston MFY, Yoshlik koʻchasi, 8-uy",mahalla_seven,Oqilova,Mehribon,Sobir qizi,03.02.1992,female,head',
      'O1,,,,,Oqilov,Jasur,Anvar oʻgʻli,2015,male,child',
    ]),
  );
  await expect(importButton).toBeDisabled();
  await check.click();
  await expect(page.getByText(uz('families.import.clean'))).toBeVisible();
  await expect(page.getByText(uz('families.import.summary', { rows: 2, families: 1, persons: 2 }))).toBeVisible();
  await importButton.click();
  await expect(page.getByRole('status').filter({ hasText: uz('families.import.imported', { families: 1, persons: 2 }) })).toBeVisible();
  await expect(importButton).toBeDisabled();

  await page.goto('/families');
  await page.getByRole('searchbox', { name: uz('families.search.label') }).fill('Окилова Мехрибон');
  await page.getByRole('link', { name: /^Oqilova Mehribon/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(uz('families.family.title', { name: 'Oqilova Mehribon' }));
  await expect(page.getByRole('article')).toHaveCount(2);
});

test('a social worker is not offered the import', async ({ page }) => {
  await signIn(page, 'worker');
  await page.goto('/families');
  await expect(page.getByRole('link', { name: uz('families.actions.register') })).toBeVisible();
  await expect(page.getByRole('link', { name: uz('families.actions.import') })).toHaveCount(0);
  await page.goto('/families/import');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(uz('notFound.title'));
});
