import { expect, type Locator, type Page, test } from '@playwright/test';
import { mainNav, screenshotPath, signIn, uz } from './helpers.ts';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A field by its label, whether or not the label carries "(optional)". */
const field = (scope: Locator | Page, key: string) => scope.getByLabel(new RegExp(`^${escapeRegExp(uz(key))}(\\s*\\(.*\\))?$`));
const memberBlock = (page: Page, number: number) =>
  page.getByRole('group', { name: new RegExp(`^${escapeRegExp(uz('families.member.legend', { number }))}( — .*)?$`) });

/**
 * Counts the taps of a worker on a phone, by these rules: a tap on a button, link, radio or check box is one;
 * typing into a field costs the tap that focused it (none when the form already put the focus there), not
 * the keystrokes; a drop-down costs two (open the list, pick the entry); a field already holding what the
 * worker would type costs nothing. Every tap is a real touch on the page, which counts them too.
 */
class Taps {
  count = 0;
  private picks = 0;
  constructor(private readonly page: Page) {}

  async tap(target: Locator) {
    this.count += 1;
    await target.tap();
  }

  async type(target: Locator, text: string) {
    if ((await target.inputValue()) === text) return;
    const focused = await target.evaluate((element) => element === document.activeElement);
    if (!focused) await this.tap(target);
    await target.fill('');
    await target.pressSequentially(text);
  }

  async choose(target: Locator, value: string) {
    if ((await target.inputValue()) === value) return;
    await this.tap(target);
    this.count += 1;
    this.picks += 1;
    await target.selectOption(value);
  }

  /** The touches the page itself saw, plus the entries picked from drop-down lists. */
  async seen() {
    return (await this.page.evaluate(() => (window as unknown as { taps: number }).taps)) + this.picks;
  }
}

type Member = {
  surname: string;
  givenName: string;
  birthDate: string;
  sex: 'female' | 'male';
  relationship: string;
  abroadIn?: string;
};

// A family of five: the mother heads the household while the father works in Russia.
const SURNAME = 'Qudratov';
const FAMILY: Member[] = [
  { surname: `${SURNAME}a`, givenName: 'Mohinur', birthDate: '12.09.1991', sex: 'female', relationship: 'head' },
  { surname: SURNAME, givenName: 'Jasur', birthDate: '03.01.1988', sex: 'male', relationship: 'spouse', abroadIn: 'RU' },
  { surname: SURNAME, givenName: 'Bekzod', birthDate: '15.06.2013', sex: 'male', relationship: 'child' },
  { surname: `${SURNAME}a`, givenName: 'Sevara', birthDate: '22.11.2016', sex: 'female', relationship: 'child' },
  { surname: SURNAME, givenName: 'Ozod', birthDate: '30.04.2021', sex: 'male', relationship: 'child' },
];
/** How her name is written in Cyrillic, as a worker with a Cyrillic keyboard types it. */
const MOTHER_IN_CYRILLIC = 'Қудратова Моҳинур';

const MAX_TAPS = 60;

test.describe('on a 360 px phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true });

  test(`registering a family of five, finding the mother, opening a case, screening and assessing take at most ${MAX_TAPS} taps`, async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await page.addInitScript(() => {
      const counter = window as unknown as { taps: number };
      counter.taps = 0;
      // On the document, not the window: when the page moves under a tap (a section loading on a busy machine),
      // the test driver stops its touch at the window and taps again, and that stopped touch reached no element.
      document.addEventListener('pointerdown', () => counter.taps++, { capture: true });
    });
    await signIn(page, 'worker');
    await page.evaluate(() => {
      (window as unknown as { taps: number }).taps = 0;
    });
    const taps = new Taps(page);

    // To the registration form through the menu.
    await taps.tap(page.getByRole('button', { name: uz('a11y.menu') }));
    await taps.tap(mainNav(page).getByRole('link', { name: uz('nav.families') }));
    await taps.tap(page.getByRole('link', { name: uz('families.actions.register') }));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(uz('families.register.title'));

    // The household: the district is the worker's own already.
    await expect(page.getByLabel(uz('territory.district'))).toHaveValue('1722226');
    await taps.choose(field(page, 'families.household.mahalla'), '1722226-002');
    await taps.type(field(page, 'families.household.address'), 'Guliston MFY, Bahor koʻchasi, 7-uy');
    await taps.choose(field(page, 'families.household.identificationSource'), 'mahalla_seven');

    for (const [index, member] of FAMILY.entries()) {
      if (index > 0) await taps.tap(page.getByRole('button', { name: uz('families.register.addMember') }));
      const block = memberBlock(page, index + 1);
      await taps.type(field(block, 'families.member.givenName'), member.givenName);
      await taps.type(field(block, 'families.member.birthDate'), member.birthDate.replaceAll('.', ''));
      await expect(field(block, 'families.member.birthDate')).toHaveValue(member.birthDate);
      await taps.choose(field(block, 'families.member.sex'), member.sex);
      await taps.choose(field(block, 'families.member.relationship'), member.relationship);
      if (member.abroadIn) {
        await taps.choose(field(block, 'families.member.whereaboutsStatus'), 'abroad');
        await taps.choose(field(block, 'families.member.country'), member.abroadIn);
      }
      // Last, as a worker reads the block over: the family name, corrected only when it is not right yet.
      await taps.type(field(block, 'families.member.surname'), member.surname);
    }
    await expect(page.getByTestId('duplicates')).toHaveCount(0);
    const formHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.screenshot({ path: screenshotPath('registration-360.png'), fullPage: true });
    const registrationTaps = taps.count;
    // What is folded stays within reach of the keyboard: Enter on its title opens it, its fields are labelled.
    const documents = memberBlock(page, 1).locator('summary', { hasText: uz('families.member.documents') });
    await documents.focus();
    await page.keyboard.press('Enter');
    await expect(
      memberBlock(page, 1)
        .getByRole('group', { name: uz('families.member.documentsHeld') })
        .getByRole('checkbox', { name: uz('enum.document.id_card') }),
    ).toBeVisible();
    await taps.tap(page.getByRole('button', { name: uz('families.register.submit') }));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(uz('families.family.title', { name: 'Qudratova Mohinur' }));
    await expect(page.getByRole('article')).toHaveCount(5);

    // The mother, found again by her name in Cyrillic.
    await taps.tap(page.getByRole('button', { name: uz('a11y.menu') }));
    await taps.tap(mainNav(page).getByRole('link', { name: uz('nav.families') }));
    await taps.type(page.getByRole('searchbox', { name: uz('families.search.label') }), MOTHER_IN_CYRILLIC);
    await taps.tap(page.getByRole('link', { name: /^Qudratova Mohinur/ }));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(uz('families.family.title', { name: 'Qudratova Mohinur' }));

    // A case, identified as the family was.
    await taps.tap(page.getByRole('link', { name: uz('cases.open.action') }));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(uz('cases.open.title'));
    await taps.choose(field(page, 'cases.source'), 'mahalla_seven');
    await taps.type(field(page, 'cases.reason'), 'Ota Rossiyada, oilaga pul yubormaydi');
    await taps.tap(page.getByRole('button', { name: uz('cases.open.submit') }));
    await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);

    // The intake screening: four questions, all "no".
    const screening = page.getByTestId('screening');
    const noes = screening.getByRole('radio', { name: 'Yoʻq', exact: true });
    await expect(noes).toHaveCount(4);
    for (const radio of await noes.all()) await taps.tap(radio);
    await taps.tap(screening.getByRole('button', { name: uz('screening.save') }));
    await expect(screening.getByTestId('screening-result')).toHaveAttribute('data-urgency', 'routine');

    // The assessment, begun where this family's trouble is: the father abroad sends nothing, calls rarely.
    await taps.tap(page.getByTestId('assessment-card').getByRole('button', { name: uz('assessments.start') }));
    await expect(page).toHaveURL(/\/assessments\/[0-9a-f-]{36}$/);
    await taps.tap(page.getByRole('navigation', { name: uz('assessments.steps') }).getByRole('button', { name: /Migratsiya va aloqa/ }));
    for (const [question, answer] of [
      ['Ota yoki ona chet eldami?', 'Biri chet elda'],
      ['Bolalar chet eldagi ota-ona bilan aloqadami?', 'Kam'],
      ['Chet eldagi ota-ona pul yuboradimi?', 'Hech narsa yubormaydi'],
    ]) {
      await taps.tap(page.getByRole('group', { name: question }).getByRole('radio', { name: answer, exact: true }));
    }
    await expect(page.getByTestId('save-state')).toHaveText(uz('assessments.saved'));

    console.log(`taps: registration ${registrationTaps}, whole task ${taps.count}; registration form ${formHeight} px high`);
    expect(await taps.seen()).toBe(taps.count);
    expect(taps.count).toBeLessThanOrEqual(MAX_TAPS);
  });
});
