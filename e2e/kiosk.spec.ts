import {
  basket,
  basketLine,
  enterPin,
  expect,
  openKiosk,
  productTile,
  startShopping,
  TEA,
  test,
  viewports,
  wedgeScan,
} from './kiosk-steps.js';
import { readQr } from './wallet-fixtures.js';

/**
 * The self-service kiosk in Chromium on a real `serve --kiosk` till with the sandbox gateway, by touch
 * (`hasTouch`, tap()), at the two screens it is made for.
 */
for (const viewport of viewports) {
  test.describe(`kiosk ${viewport.name}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height }, hasTouch: true });

    test('a customer picks English, buys with a wallet code and keeps the receipt by QR', async ({
      page,
      kiosk,
      gateway,
    }) => {
      await openKiosk(page, kiosk.url);
      await startShopping(page);
      await productTile(page, TEA.en).tap();
      await expect(basketLine(page, TEA.en)).toBeVisible();
      await basket(page)
        .getByRole('button', { name: `Increase quantity of ${TEA.en}` })
        .tap();
      await expect(basket(page).getByRole('status', { name: `Quantity of ${TEA.en}` })).toHaveText('2');
      await expect(basket(page).getByLabel('Total', { exact: true })).toHaveText('¥7.00');
      await page.getByRole('button', { name: 'Pay', exact: true }).tap();
      await expect(page.getByRole('heading', { name: 'Pay' })).toBeVisible();
      const { auth_code } = await gateway.control<{ auth_code: string }>('/sandbox/codes', {
        wallet: 'sandbox',
        behaviour: 'password',
        passwordMs: 1500,
      });
      await wedgeScan(page, auth_code);
      await expect(
        page.getByRole('status').filter({ hasText: 'Enter your password on your phone' }),
      ).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Thank you' })).toBeVisible({ timeout: 20_000 });
      await expect(page.getByRole('region', { name: 'Thank you' })).toContainText('Paid by sandbox');
      const code = await page.getByLabel('Receipt code').textContent();
      expect(code).toMatch(/\S{6,}/);
      const qr = await readQr(await page.getByRole('img', { name: 'Receipt QR code' }).screenshot());
      expect(qr).toContain(code ?? '');
      const paid = (await gateway.ledger()).filter((o) => o.trade_status === 'SUCCESS');
      expect(paid).toHaveLength(1);
      expect(paid[0]).toMatchObject({ amount: 700, charged: 1, refunded: 0 });
      // back to the attract screen, in the till's language again
      await page.getByRole('button', { name: 'Done' }).tap();
      await expect(page.getByRole('button', { name: '点击屏幕或扫码开始' })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    });
  });
}

test.use({ hasTouch: true, viewport: { width: 1920, height: 1080 } });
void enterPin;
