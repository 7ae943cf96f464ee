import { expect, test } from '@playwright/test';
import { freshCase } from './fresh-case.ts';
import { screenshotPath, serverText, signIn, stamp, uz } from './helpers.ts';

/** The secret the server was started with (e2e/run.mjs): Telegram sends it with every update. */
const WEBHOOK_SECRET = process.env.HAMKOR_TELEGRAM_WEBHOOK_SECRET ?? '';

test.describe('on a 360 px phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('a worker chooses Telegram, opens the bot with the start code, and the page shows the chat linked', async ({ page, request }) => {
    await signIn(page, 'worker.denov');
    const menu = page.getByRole('button', { name: uz('a11y.menu') });
    if (await menu.isVisible()) await menu.click();
    await page.getByRole('link', { name: uz('nav.reminders') }).click();
    await expect(page.getByRole('heading', { level: 1, name: uz('reminders.title') })).toBeVisible();

    await page.getByRole('radio', { name: uz('reminders.channel.telegram') }).check();
    await page.getByRole('button', { name: uz('common.save') }).click();
    await expect(page.getByText(uz('reminders.saved'))).toBeVisible();
    await expect(page.getByTestId('telegram-status')).toHaveText(uz('reminders.telegram.notLinked'));

    await page.getByRole('button', { name: uz('reminders.telegram.start') }).click();
    const link = page.getByTestId('telegram-link');
    await expect(link).toHaveAttribute('href', /^https:\/\/t\.me\/hamkor_e2e_bot\?start=[A-Za-z0-9_-]+$/);
    const code = ((await link.getAttribute('href')) ?? '').split('start=')[1] ?? '';
    await expect(page.getByTestId('telegram-code')).toHaveText(`/start ${code}`);
    // Nothing spills sideways on a phone, the long code included.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: screenshotPath('reminders-start-code-360.png'), fullPage: true });

    // An update without Telegram's secret is refused; the one Telegram sends when the worker presses Start links the chat.
    const update = { update_id: 1, message: { message_id: 1, date: 0, text: `/start ${code}`, chat: { id: 900100, type: 'private' } } };
    expect(
      (await request.post('/api/telegram/webhook', { data: update, headers: { 'x-telegram-bot-api-secret-token': 'wrong' } })).status(),
    ).toBe(401);
    const delivered = await request.post('/api/telegram/webhook', {
      data: update,
      headers: { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
    });
    expect(delivered.status()).toBe(200);

    // The page notices by itself.
    await expect(page.getByText(uz('reminders.telegram.linkedNow'))).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId('telegram-status')).toContainText(uz('reminders.telegram.linked'));
    await page.screenshot({ path: screenshotPath('reminders-linked-360.png'), fullPage: true });

    // Unlinking turns Telegram off again.
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: uz('reminders.telegram.unlink') }).click();
    await expect(page.getByText(uz('reminders.telegram.unlinked'))).toBeVisible();
    await expect(page.getByRole('radio', { name: uz('reminders.channel.none') })).toBeChecked();
  });

  test('a worker reminds a family of an appointment only after recording their consent for it', async ({ page }) => {
    await signIn(page, 'worker');
    // Letters only, as names are: the run's stamp with its digits spelt as letters.
    const surname = `Eslatmaeva${stamp().replace(/\d/g, (digit) => 'abcdefghij'[Number(digit)] ?? '')}`;
    const theCase = await freshCase(page, surname);
    await page.goto(`/cases/${theCase.id}`);
    const appointments = page.getByTestId('appointments');
    const inThreeDays = new Date(Date.now() + 3 * 24 * 3600_000 + 5 * 3600_000).toISOString().slice(0, 10);
    const [year, month, day] = inThreeDays.split('-');
    const fillAppointment = async () => {
      await appointments.getByRole('button', { name: uz('reminders.appointments.add') }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(uz('reminders.appointments.person')).selectOption({ label: `${surname} Gulnora` });
      await dialog.getByLabel(uz('reminders.appointments.day')).fill(`${day}.${month}.${year}`);
      await dialog.getByLabel(uz('reminders.appointments.time')).fill('10:30');
      await dialog.getByLabel(uz('reminders.appointments.place')).fill('Inson markazi, 2-xona');
      await dialog.getByLabel(uz('reminders.appointments.phone')).fill('+998 90 555 44 33');
      await dialog.getByRole('button', { name: uz('reminders.appointments.save') }).click();
      return dialog;
    };

    // Without the family's consent for reminders the server refuses, and says why.
    const refused = await fillAppointment();
    await expect(refused.getByText(serverText('uz-Latn')('errors.consent_required_reminders'))).toBeVisible();
    await refused.getByRole('button', { name: uz('common.cancel') }).click();

    // The mother consents to appointment reminders (a purpose beside sharing).
    await page
      .getByTestId('consents')
      .getByRole('button', { name: uz('consents.record') })
      .click();
    const consent = page.getByRole('dialog');
    await consent.getByLabel(uz('consents.givenBy')).selectOption({ index: 1 });
    await consent.getByLabel(uz('consents.purposes.appointment_reminders')).check();
    await consent.getByRole('button', { name: uz('consents.record') }).click();
    await expect(page.getByTestId('consent')).toContainText(uz('consents.purposes.appointment_reminders'));

    await fillAppointment();
    await expect(appointments.getByText(uz('reminders.appointments.saved'))).toBeVisible();
    await expect(appointments.getByRole('listitem')).toContainText(['Inson markazi, 2-xona']);
    await expect(appointments.getByRole('listitem')).toContainText([uz('reminders.appointments.status.pending')]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await appointments.screenshot({ path: screenshotPath('reminders-appointment-360.png') });
  });
});
