import { expect } from './fixtures.js';
import { openKiosk, test, wedgeScan } from './kiosk-steps.js';

/**
 * Pay a bill at the self-service kiosk (`serve --kiosk --demo --gateway`): the Pay a bill tile, the
 * biller, the account typed, the bill checked on screen and confirmed by the customer, then the kiosk's own
 * Pay screen with a wallet code; the sandbox biller is paid after the money is in.
 */
test.use({ viewport: { width: 1920, height: 1080 }, hasTouch: true });

test('a customer pays their water bill at the kiosk with a wallet code', async ({ page, kiosk, gateway }) => {
  await openKiosk(page, kiosk.url);
  await page.getByRole('button', { name: 'Pay a bill' }).tap();
  const screen = page.getByRole('region', { name: 'Pay a bill' });
  await screen.getByRole('button', { name: 'City Water' }).tap();
  await screen.getByRole('textbox', { name: 'Account number, or scan the bill' }).fill('310000001');
  await screen.getByRole('button', { name: 'Look up the bill' }).tap();
  const check = screen.getByRole('region', { name: 'Please check your bill' });
  await expect(check.getByRole('definition')).toContainText(['310000001', '*丽', '¥45.60']);
  await screen.getByRole('button', { name: 'This is my bill: pay it' }).tap();
  await expect(page.getByRole('heading', { name: 'Pay' })).toBeVisible();
  const { auth_code } = await gateway.control<{ auth_code: string }>('/sandbox/codes', { wallet: 'sandbox' });
  await wedgeScan(page, auth_code);
  await expect(page.getByRole('heading', { name: 'Thank you' })).toBeVisible({ timeout: 20_000 });
  const paid = (await gateway.ledger()).filter((o) => o.trade_status === 'SUCCESS');
  expect(paid).toHaveLength(1);
  expect(paid[0]).toMatchObject({ amount: 4560, charged: 1 });
});
