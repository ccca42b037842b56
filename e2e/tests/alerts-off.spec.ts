import { expect, test } from './support/fixtures.js';

/** A server without MONITORING_ALERTS (the shared one): no bell, the page says alerts are off, the budget panel says only the tab alerts. */
test('without MONITORING_ALERTS the header shows no alerts, /alerts says they are off, the budget panel says only the tab alerts', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('budget-coverage')).toHaveText('Only this browser tab alerts; add a cost_over rule to MONITORING_ALERTS to be told when the tab is closed');
  await expect(page.getByTestId('budget-coverage')).toHaveAttribute('data-covered', 'false');
  await expect(page.getByTestId('alerts-badge')).toHaveCount(0);
  await page.getByRole('navigation').getByRole('link', { name: 'Alerts' }).click();
  await expect(page).toHaveURL(/\/alerts$/);
  await expect(page.getByTestId('alerts-off')).toContainText('Alerts are not configured on this server');
  await expect(page.getByTestId('alerts-badge')).toHaveCount(0);
});
