import { expect, test } from '@playwright/test';
import { freshCase, transitionCase } from './fresh-case.ts';
import { screenshotPath, serverText, signIn, uz } from './helpers.ts';

test.describe('on a 360 px phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('the intake screening, answered by keyboard, makes the case urgent and sets the first contact', async ({ page }) => {
    await signIn(page, 'worker');
    const theCase = await freshCase(page, 'Ergasheva');
    await page.goto(`/cases/${theCase.id}`);
    const card = page.getByTestId('screening');
    await expect(card.getByRole('heading', { level: 2 })).toHaveText('Dastlabki skrining');
    await expect(card.getByText(uz('screening.intro'))).toBeVisible();

    // Sent with questions left unanswered: each one says so, nothing is saved.
    await card.getByRole('group', { name: 'Bola hozir xavf ostidami?' }).getByRole('radio', { name: 'Yoʻq' }).check();
    await card.getByRole('button', { name: uz('screening.save') }).click();
    const alone = card.getByRole('group', { name: 'Bola kattalarsiz qolganmi?' });
    await expect(alone).toContainText(serverText('uz-Latn')('fields.required'));
    await expect(card.getByTestId('screening-result')).toHaveCount(0);

    // The keyboard alone: the first answer with the space bar, "yes" with the arrow key, then Enter on the button.
    await alone.getByRole('radio').first().focus();
    await page.keyboard.press('ArrowRight');
    await expect(alone.getByRole('radio', { name: 'Ha' })).toBeChecked();
    for (const question of ['Oilada ovqat yoki boshpana yoʻqmi?', 'Shoshilinch tibbiy yordam kerakmi?']) {
      const group = card.getByRole('group', { name: question });
      await group.getByRole('radio').first().focus();
      await page.keyboard.press('Space');
      await expect(group.getByRole('radio', { name: 'Yoʻq' })).toBeChecked();
    }
    await card.getByRole('button', { name: uz('screening.save') }).focus();
    await page.keyboard.press('Enter');

    // The result: urgent, with what that means; the case's urgency is raised.
    await expect(page.getByRole('status').filter({ hasText: uz('screening.savedUrgent') })).toBeVisible();
    const result = card.getByTestId('screening-result');
    await expect(result).toHaveAttribute('data-urgency', 'urgent');
    await expect(result).toContainText(
      // The deadlines of packages/domain/src/cases/deadlines.ts: first contact as for a critical risk, an urgent assessment.
      uz('screening.urgentMeans', { hours: 24, days: 3 }),
    );
    await expect(page.locator('.facts').first()).toContainText(uz('enum.urgency.urgent'));
    await expect(page.locator('[data-kind="screening.recorded"]').first()).toContainText(uz('screening.result.urgent'));
    await page.screenshot({ path: screenshotPath('screening-360.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    const tasks = (await (await page.request.get('/api/tasks', { params: { caseId: theCase.id } })).json()) as {
      items: { deadline: string | null; title: string }[];
    };
    expect(tasks.items.filter((task) => task.deadline === 'first_contact')).toHaveLength(1);

    // Corrected to all "no": routine now, but the case stays urgent; the answers survive a reload.
    await alone.getByRole('radio', { name: 'Yoʻq' }).check();
    await card.getByRole('button', { name: uz('screening.update') }).click();
    await expect(result).toHaveAttribute('data-urgency', 'routine');
    await page.reload();
    await expect(
      page.getByTestId('screening').getByRole('group', { name: 'Bola kattalarsiz qolganmi?' }).getByRole('radio', { name: 'Yoʻq' }),
    ).toBeChecked();
    await expect(page.locator('.facts').first()).toContainText(uz('enum.urgency.urgent'));

    // Once the case has moved on to assessment, the screening is shown, no longer asked.
    await transitionCase(page, theCase.id, 'assessment');
    await page.reload();
    await expect(page.getByTestId('screening').getByRole('radio')).toHaveCount(0);
    await expect(page.getByTestId('screening')).toContainText('Bola kattalarsiz qolganmi?');
    await expect(page.getByTestId('screening-result')).toHaveAttribute('data-urgency', 'routine');
  });
});
