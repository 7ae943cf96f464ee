import { expect, type Locator, type Page, test } from '@playwright/test';
import { mainNav, screenshotPath, serverText, signIn, ui, uz } from './helpers.ts';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A field by its label, whether or not the label carries "(optional)". */
const field = (scope: Locator | Page, key: string) => scope.getByLabel(new RegExp(`^${escapeRegExp(uz(key))}(\\s*\\(.*\\))?$`));
const memberBlock = (page: Page, number: number) =>
  page.getByRole('group', { name: new RegExp(`^${escapeRegExp(uz('families.member.legend', { number }))}( — .*)?$`) });

/** Opens a folded part of a form by its title, unless it is open already. */
async function unfold(scope: Locator, key: string) {
  const summary = scope.locator('summary', { hasText: uz(key) });
  if (!(await summary.locator('xpath=..').evaluate((details) => (details as HTMLDetailsElement).open))) await summary.click();
}

type Member = {
  surname: string;
  givenName: string;
  patronymic?: string;
  birthDate?: string;
  birthYear?: string;
  sex: 'female' | 'male';
  relationship: string;
  held?: string[];
  missing?: string[];
  abroad?: { country: string; since: string; sendsSupport: 'yes' | 'no'; contactChannel: string };
};

async function fillMember(block: Locator, member: Member) {
  await field(block, 'families.member.surname').fill(member.surname);
  await field(block, 'families.member.givenName').fill(member.givenName);
  if (member.patronymic) await field(block, 'families.member.patronymic').fill(member.patronymic);
  if (member.birthYear) {
    await block.getByRole('radio', { name: uz('families.member.birthForm.year') }).check();
    await field(block, 'families.member.birthYear').fill(member.birthYear);
  } else if (member.birthDate) {
    // Typed as digits, as on a phone's number pad: the dots come by themselves.
    await field(block, 'families.member.birthDate').pressSequentially(member.birthDate.replaceAll('.', ''));
    await expect(field(block, 'families.member.birthDate')).toHaveValue(member.birthDate);
  }
  await field(block, 'families.member.sex').selectOption(member.sex);
  await field(block, 'families.member.relationship').selectOption(member.relationship);
  if (member.held?.length || member.missing?.length) await unfold(block, 'families.member.documents');
  for (const kind of member.held ?? []) {
    await block
      .getByRole('group', { name: uz('families.member.documentsHeld') })
      .getByRole('checkbox', { name: uz(`enum.document.${kind}`) })
      .check();
  }
  for (const kind of member.missing ?? []) {
    await block
      .getByRole('group', { name: uz('families.member.documentsMissing') })
      .getByRole('checkbox', { name: uz(`enum.document.${kind}`) })
      .check();
  }
  if (member.abroad) {
    await field(block, 'families.member.whereaboutsStatus').selectOption('abroad');
    await field(block, 'families.member.country').selectOption(member.abroad.country);
    await field(block, 'families.member.abroadSince').fill(member.abroad.since);
    await field(block, 'families.member.sendsSupport').selectOption(member.abroad.sendsSupport);
    await field(block, 'families.member.contactChannel').selectOption(member.abroad.contactChannel);
  }
}

// The demo's first Shoʻrchi household, registered again under another name: a mother and five children,
// the father a labour migrant in Russia who sends nothing, the youngest without a birth certificate.
const RAVSHANOVS: Member[] = [
  {
    surname: 'Ravshanova',
    givenName: 'Dilorom',
    patronymic: 'Baxtiyor qizi',
    birthDate: '18.04.1990',
    sex: 'female',
    relationship: 'head',
    held: ['id_card'],
  },
  {
    surname: 'Ravshanov',
    givenName: 'Akbar',
    patronymic: 'Olim oʻgʻli',
    birthYear: '1985',
    sex: 'male',
    relationship: 'spouse',
    held: ['id_card', 'foreign_passport'],
    abroad: { country: 'RU', since: '10.03.2024', sendsSupport: 'no', contactChannel: 'none' },
  },
  { surname: 'Ravshanov', givenName: 'Temur', birthDate: '14.02.2012', sex: 'male', relationship: 'child', held: ['birth_certificate'] },
  { surname: 'Ravshanova', givenName: 'Lola', birthDate: '09.08.2014', sex: 'female', relationship: 'child', held: ['birth_certificate'] },
  { surname: 'Ravshanov', givenName: 'Zafar', birthDate: '21.10.2016', sex: 'male', relationship: 'child', held: ['birth_certificate'] },
  {
    surname: 'Ravshanova',
    givenName: 'Nargiza',
    birthDate: '05.03.2019',
    sex: 'female',
    relationship: 'child',
    held: ['birth_certificate'],
  },
  { surname: 'Ravshanov', givenName: 'Ilyos', birthDate: '17.05.2023', sex: 'male', relationship: 'child', missing: ['birth_certificate'] },
];

test('a worker registers a family, finds the mother by her surname in Cyrillic and sees the missing document', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'worker');
  await mainNav(page)
    .getByRole('link', { name: uz('nav.families') })
    .click();
  await page.getByRole('link', { name: uz('families.actions.register') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(uz('families.register.title'));

  // The district defaults to the worker's own: Shoʻrchi.
  await expect(page.getByLabel(uz('territory.district'))).toHaveValue('1722226');
  await field(page, 'families.household.mahalla').selectOption('1722226-001');
  await field(page, 'families.household.address').fill('Navbahor MFY, Bogʻbon koʻchasi, 15-uy');
  await field(page, 'families.household.phone').pressSequentially('915550101');
  await expect(field(page, 'families.household.phone')).toHaveValue('+998 91 555 01 01');
  await field(page, 'families.household.identificationSource').selectOption('mahalla_social_worker');
  await field(page, 'families.household.socialRegisterCategory').selectOption('poor');

  for (const [index, member] of RAVSHANOVS.entries()) {
    if (index > 0) {
      await page.getByRole('button', { name: uz('families.register.addMember') }).click();
      // The new member starts with the family name of the one before; the given name has the focus.
      await expect(field(memberBlock(page, index + 1), 'families.member.surname')).toHaveValue(RAVSHANOVS[index - 1]!.surname);
      await expect(field(memberBlock(page, index + 1), 'families.member.givenName')).toBeFocused();
    }
    await fillMember(memberBlock(page, index + 1), member);
  }
  await expect(page.getByTestId('duplicates')).toHaveCount(0);
  await page.getByRole('button', { name: uz('families.register.submit') }).click();

  await expect(page).toHaveURL(/\/families\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('status').filter({ hasText: uz('families.register.registered') })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(uz('families.family.title', { name: 'Ravshanova Dilorom' }));
  await expect(page.getByRole('article')).toHaveCount(7);
  const father = page.getByRole('article', { name: 'Ravshanov Akbar Olim oʻgʻli' });
  await expect(father.getByTestId('whereabouts')).toContainText(uz('families.sendsNoSupport'));
  await expect(father.getByTestId('whereabouts')).toContainText(/Rossiya|Russia|Росси/);
  await expect(father.getByTestId('whereabouts')).toContainText('10.03.2024');
  const youngest = page.getByRole('article', { name: 'Ravshanov Ilyos' });
  await expect(youngest.getByTestId('documents-missing')).toHaveText(uz('enum.document.birth_certificate'));
  await expect(youngest).toContainText('17.05.2023');
  await expect(page.getByText(uz('families.family.casesEmpty'))).toBeVisible();
  const familyUrl = page.url();

  // The mother's surname typed in Cyrillic finds her, with her date of birth and place in the family.
  await mainNav(page)
    .getByRole('link', { name: uz('nav.families') })
    .click();
  const search = page.getByRole('searchbox', { name: uz('families.search.label') });
  await search.fill('Равшанова');
  const mother = page.getByRole('link', { name: /^Ravshanova Dilorom Baxtiyor qizi/ });
  await expect(mother).toBeVisible();
  await expect(mother).toContainText('18.04.1990');
  await expect(mother).toContainText(uz('enum.relationship.head'));
  await expect(page.getByRole('status').filter({ hasText: uz('families.search.count', { found: '' }).trim() })).toBeVisible();
  // From the search box, the arrow key reaches the results.
  await search.press('ArrowDown');
  await expect(page.getByRole('link', { name: /^Ravshanov/ }).first()).toBeFocused();
  await mother.click();
  await expect(page).toHaveURL(familyUrl);
  await expect(page.getByRole('article', { name: 'Ravshanov Ilyos' }).getByTestId('documents-missing')).toBeVisible();
});

test('a person already registered is flagged with the reasons; the worker compares, sets it aside and registers', async ({ page }) => {
  await signIn(page, 'worker');
  await page.goto('/families/new');
  const block = memberBlock(page, 1);
  // Tursunova Gulnora of the demo data, typed in Cyrillic.
  await field(block, 'families.member.surname').fill('Турсунова');
  await field(block, 'families.member.givenName').fill('Гулнора');
  await field(block, 'families.member.birthDate').fill('12.06.1989');
  await field(block, 'families.member.birthDate').press('Tab');

  const name = 'Tursunova Gulnora Baxtiyor qizi';
  const warning = block.getByTestId('duplicates');
  await expect(warning).toBeVisible();
  await expect(warning.getByRole('heading')).toHaveText(uz('families.duplicates.title'));
  await expect(warning).toContainText(name);
  await expect(warning).toContainText('12.06.1989');
  const reasons = warning.getByRole('list', { name: uz('families.duplicates.reasons') });
  await expect(reasons).toContainText(uz('enum.matchReason.name_same_key'));
  await expect(reasons).toContainText(uz('enum.matchReason.birth_date_equal'));

  // The worker opens the existing family to compare, and comes back to the form as it was.
  await warning.getByRole('link', { name: uz('families.duplicates.openFamily') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(uz('families.family.title', { name: 'Tursunova Gulnora' }));
  await page.goBack();
  await expect(field(memberBlock(page, 1), 'families.member.surname')).toHaveValue('Турсунова');
  await expect(memberBlock(page, 1).getByTestId('duplicates')).toContainText(name);

  const notSame = page.getByRole('button', { name: uz('families.duplicates.notSameNamed', { name }) });
  await notSame.click();
  await expect(block.getByTestId('duplicates')).toHaveCount(0);
  await expect(block).toContainText(uz('families.duplicates.markedNotSame', { name }));
  await block.getByRole('button', { name: uz('families.duplicates.undoNamed', { name }) }).click();
  await expect(block.getByTestId('duplicates')).toBeVisible();
  await notSame.click();

  await field(page, 'families.household.address').fill('Guliston MFY, Bahor koʻchasi, 2-uy');
  await field(page, 'families.household.identificationSource').selectOption('self_referral');
  await field(block, 'families.member.sex').selectOption('female');
  await field(block, 'families.member.relationship').selectOption('head');
  await page.getByRole('button', { name: uz('families.register.submit') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(uz('families.family.title', { name: 'Турсунова Гулнора' }));

  // "Not the same person" was recorded: the pair is no longer suggested.
  const familyId = page.url().split('/').at(-1);
  const family = (await (await page.request.get(`/api/families/${familyId}`)).json()) as { members: { id: string }[] };
  const suggested = (await (await page.request.get(`/api/persons/${family.members[0]!.id}/duplicates`)).json()) as {
    candidates: { surname?: string }[];
  };
  expect(suggested.candidates.filter((candidate) => candidate.surname === 'Tursunova')).toEqual([]);
});

test('a draft survives a reload and can be discarded', async ({ page }) => {
  await signIn(page, 'worker');
  await page.goto('/families/new');
  await field(page, 'families.household.address').fill('Guliston MFY, Qoralama koʻchasi, 3-uy');
  const block = memberBlock(page, 1);
  await field(block, 'families.member.surname').fill('Qoralamova');
  await field(block, 'families.member.givenName').fill('Nilufar');
  await block.getByRole('radio', { name: uz('families.member.birthForm.age') }).check();
  await field(block, 'families.member.ageYears').fill('34');
  await expect(page.getByTestId('draft-state')).toBeVisible();

  await page.reload();
  await expect(page.getByText(/Qoralama|draft/i).first()).toBeVisible();
  await expect(field(page, 'families.household.address')).toHaveValue('Guliston MFY, Qoralama koʻchasi, 3-uy');
  const restored = memberBlock(page, 1);
  await expect(restored).toHaveAccessibleName(`${uz('families.member.legend', { number: 1 })} — Qoralamova Nilufar`);
  await expect(field(restored, 'families.member.surname')).toHaveValue('Qoralamova');
  await expect(restored.getByRole('radio', { name: uz('families.member.birthForm.age') })).toBeChecked();
  await expect(field(restored, 'families.member.ageYears')).toHaveValue('34');

  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: uz('families.register.discardDraft') }).click();
  await expect(field(page, 'families.household.address')).toHaveValue('');
  await page.reload();
  await expect(field(page, 'families.household.address')).toHaveValue('');
  await expect(page.getByRole('button', { name: uz('families.register.discardDraft') })).toHaveCount(0);
});

test('a field error appears beside the right member’s field, the general message on top', async ({ page }) => {
  await signIn(page, 'worker');
  await page.goto('/families/new');
  await field(page, 'families.household.address').fill('Yangiobod MFY, 1-uy');
  await field(page, 'families.household.identificationSource').selectOption('hotline');
  await fillMember(memberBlock(page, 1), { surname: 'Sinovova', givenName: 'Muazzam', sex: 'female', relationship: 'head' });
  await page.getByRole('button', { name: uz('families.register.addMember') }).click();
  // The second member is born in the future: the domain's own check says so before anything is sent.
  await fillMember(memberBlock(page, 2), {
    surname: 'Sinovov',
    givenName: 'Kelajak',
    birthDate: '01.01.2099',
    sex: 'male',
    relationship: 'child',
  });
  await page.getByRole('button', { name: uz('families.register.submit') }).click();
  const server = serverText('uz-Latn');
  await expect(page.getByRole('alert').first()).toHaveText(server('errors.invalid_input'));
  const birthDate = field(memberBlock(page, 2), 'families.member.birthDate');
  await expect(birthDate).toHaveAttribute('aria-invalid', 'true');
  await expect(birthDate).toHaveAccessibleDescription(new RegExp(server('fields.birth_date_future')));
  await expect(birthDate).toBeFocused();
  await expect(field(memberBlock(page, 1), 'families.member.surname')).not.toHaveAttribute('aria-invalid', 'true');
  // Nothing typed was lost.
  await expect(field(memberBlock(page, 1), 'families.member.surname')).toHaveValue('Sinovova');
});

test('saving a member over someone else’s change shows the conflict and keeps both changes', async ({ page }) => {
  await signIn(page, 'worker');
  const found = (await (await page.request.get('/api/persons?q=Qodirova Shahnoza')).json()) as {
    items: { id: string; familyId: string }[];
  };
  const target = found.items[0]!;
  await page.goto(`/families/${target.familyId}`);
  const name = 'Qodirova Shahnoza Erkin qizi';
  await page.getByRole('button', { name: uz('families.member.editNamed', { name }) }).click();
  const dialog = page.getByRole('dialog', { name: uz('families.member.editTitle') });
  await expect(field(dialog, 'families.member.surname')).toHaveValue('Qodirova');

  // Meanwhile, someone else records her ID card number, through the API with the same session.
  const family = (await (await page.request.get(`/api/families/${target.familyId}`)).json()) as {
    members: { id: string; version: number }[];
  };
  const version = family.members.find((member) => member.id === target.id)!.version;
  const csrf = await page.evaluate(() => sessionStorage.getItem('hamkor.csrf'));
  const changed = await page.request.patch(`/api/persons/${target.id}`, {
    data: { version, idCard: 'AB1234567' },
    headers: { 'X-CSRF-Token': csrf ?? '' },
  });
  expect(changed.ok()).toBe(true);

  await unfold(dialog, 'families.member.vulnerability');
  await dialog.getByRole('checkbox', { name: uz('enum.vulnerability.chronic_illness') }).check();
  await dialog.getByRole('button', { name: uz('common.save') }).click();
  await expect(dialog.getByRole('alert')).toHaveText(serverText('uz-Latn')('errors.version_conflict'));
  const conflict = dialog.getByTestId('conflict');
  await expect(conflict).toContainText(uz('families.conflict.theirs', { field: uz('families.member.idCard'), value: 'AB1234567' }));
  await expect(field(dialog, 'families.member.idCard')).toHaveValue('AB1234567');
  await expect(dialog.getByRole('checkbox', { name: uz('enum.vulnerability.chronic_illness') })).toBeChecked();

  await dialog.getByRole('button', { name: uz('common.save') }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: uz('families.member.saved', { name }) })).toBeVisible();
  const card = page.getByRole('article', { name });
  await expect(card).toContainText('AB1234567');
  await expect(card).toContainText(uz('enum.vulnerability.chronic_illness'));
});

test('an agency focal point is offered no families and finds none by address', async ({ page }) => {
  await signIn(page, 'agency');
  // The agency's focal point works in Russian.
  const ru = ui('ru');
  await expect(mainNav(page, ru).getByRole('link', { name: ru('nav.referrals') })).toBeAttached();
  // Nor cases: a receiving agency sees the referrals addressed to it, nothing else.
  await expect(mainNav(page, ru).getByRole('link', { name: ru('nav.families') })).toHaveCount(0);
  await expect(mainNav(page, ru).getByRole('link', { name: ru('nav.cases') })).toHaveCount(0);
  await page.goto('/families');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ru('notFound.title'));
  await page.goto('/families/0193a5e4-5d6c-7a1b-8c2d-3e4f5a6b7c8d');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ru('notFound.title'));
  await page.goto('/families/new');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ru('notFound.title'));
});

test.describe('on a 360 px phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('the registration form and the family page fit the width', async ({ page }) => {
    await signIn(page, 'worker');
    await page.goto('/families/new');
    await field(page, 'families.household.address').fill('Navbahor MFY, Bogʻbon koʻchasi, 14-uy');
    await fillMember(memberBlock(page, 1), RAVSHANOVS[1]!);
    await field(memberBlock(page, 1), 'families.member.givenName').press('Tab');
    await page.screenshot({ path: screenshotPath('families-register-360.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    const found = (await (await page.request.get('/api/persons?q=Tursunov Ozodbek')).json()) as { items: { familyId: string }[] };
    await page.goto(`/families/${found.items[0]!.familyId}`);
    await expect(page.getByRole('article')).toHaveCount(7);
    await page.screenshot({ path: screenshotPath('families-family-360.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.goto('/families?q=Tursunov');
    await expect(page.getByRole('link', { name: /^Tursunov/ }).first()).toBeVisible();
    await page.screenshot({ path: screenshotPath('families-search-360.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });
});

test.describe('my families on a 360 px phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('a worker lists their own families, latest first, with the case stage and risk; another worker’s do not show', async ({
    page,
    browser,
  }) => {
    // Names take letters only: the time in base 36 with its digits spelled as letters.
    const unique = Date.now()
      .toString(36)
      .replace(/\d/g, (digit) => 'abcdefghij'[Number(digit)] ?? '');
    const post = async (on: Page, url: string, data: object) => {
      const csrf = (await on.evaluate(() => sessionStorage.getItem('hamkor.csrf'))) ?? '';
      const response = await on.request.post(url, { data, headers: { 'X-CSRF-Token': csrf } });
      expect(response.status(), await response.text()).toBe(201);
      return (await response.json()) as { id: string; number: string };
    };
    const household = (surname: string) => ({
      districtCode: '1722226',
      address: 'Navbahor MFY, Bogʻbon koʻchasi, 3-uy',
      identificationSource: 'mahalla_social_worker',
      members: [{ surname, givenName: 'Malika', sex: 'female', relationship: 'head', birthYear: 1988 }],
    });

    const other = await browser.newPage();
    await signIn(other, 'worker2');
    await post(other, '/api/families', household(`Begonova${unique}`));
    await other.close();

    await signIn(page, 'worker');
    const withCase = await post(page, '/api/families', household(`Ishlova${unique}`));
    await post(page, '/api/families', household(`Ishsizova${unique}`));
    const opened = await post(page, '/api/cases', {
      familyId: withCase.id,
      identificationSource: 'school',
      reason: 'Bola darsga kelmayapti',
    });

    await page.goto('/families');
    const list = page.getByRole('region', { name: uz('families.mine.title') });
    const rows = list.getByTestId('my-family');
    await expect(rows.first()).toContainText(`Ishlova${unique} Malika`);
    await expect(rows.first()).toContainText(opened.number);
    await expect(rows.first()).toContainText(uz('enum.caseStatus.intake'));
    await expect(rows.first()).toContainText(uz('cases.riskUnknown'));
    await expect(rows.nth(1)).toContainText(`Ishsizova${unique} Malika`);
    await expect(rows.nth(1)).toContainText(uz('families.mine.noCase'));
    await expect(list).not.toContainText(`Begonova${unique}`);
    await page.screenshot({ path: screenshotPath('families-mine-360.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await rows
      .first()
      .getByRole('link', { name: `Ishlova${unique} Malika` })
      .click();
    await expect(page).toHaveURL(new RegExp(`/families/${withCase.id}$`));
  });
});
