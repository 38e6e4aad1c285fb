import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BEER,
  startKiosk,
  DEMO_PIN,
  START,
  UNKNOWN_EAN,
  WATER,
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
      await expect(page.getByRole('region', { name: 'Thank you' })).toContainText('Paid by Sandbox wallet');
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

    test('an item that needs staff raises a help request; staff clear it with the PIN (a wrong one first)', async ({
      page,
      kiosk,
    }) => {
      await openKiosk(page, kiosk.url);
      await startShopping(page);
      await expect(productTile(page, BEER.en)).toContainText('Staff check needed');
      await productTile(page, BEER.en).tap();
      await expect(basketLine(page, BEER.en)).toContainText('Staff check needed');
      await expect(page.getByRole('status').filter({ hasText: 'Staff are on the way' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Pay', exact: true })).toBeDisabled();
      await page.getByRole('button', { name: 'Staff', exact: true }).tap();
      const pad = page.getByRole('dialog', { name: 'Staff PIN' });
      await enterPin(pad, '9999');
      await expect(pad.getByRole('alert')).toHaveText('Wrong PIN. 4 tries left.');
      await enterPin(pad, DEMO_PIN);
      await expect(pad).toHaveCount(0);
      await expect(page.getByRole('status').filter({ hasText: 'Staff are on the way' })).toHaveCount(0);
      await expect(basketLine(page, BEER.en)).not.toContainText('Staff check needed');
      await expect(page.getByRole('button', { name: 'Pay', exact: true })).toBeEnabled();
    });

    test('Call staff, cleared by staff with the PIN typed on the hardware keyboard', async ({
      page,
      kiosk,
    }) => {
      await openKiosk(page, kiosk.url);
      await startShopping(page);
      await page.getByRole('button', { name: 'Call staff' }).tap();
      await expect(page.getByRole('status').filter({ hasText: 'Staff are on the way' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Call staff' })).toBeDisabled();
      await page.getByRole('button', { name: 'Staff', exact: true }).tap();
      const pad = page.getByRole('dialog', { name: 'Staff PIN' });
      await page.keyboard.type('12', { delay: 100 });
      await expect(pad.getByRole('img', { name: '2 digits entered' })).toBeVisible();
      await page.keyboard.type('34', { delay: 100 });
      await page.keyboard.press('Enter');
      await expect(pad).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Call staff' })).toBeEnabled();
    });

    test('an unknown barcode is said in the customer language; a scan on the attract screen starts with the item', async ({
      page,
      kiosk,
    }) => {
      await openKiosk(page, kiosk.url);
      await wedgeScan(page, WATER.barcode);
      await expect(basketLine(page, WATER.en)).toBeVisible();
      await wedgeScan(page, UNKNOWN_EAN);
      await expect(page.getByRole('alert')).toHaveText(
        'This item is not recognised. Find it on the screen or call staff.',
      );
      // − at 1 removes the line: the customer's own basket, no confirmation
      await basket(page)
        .getByRole('button', { name: `Decrease quantity of ${WATER.en}` })
        .tap();
      await expect(basketLine(page, WATER.en)).toHaveCount(0);
    });

    test('Cancel order asks first, then the basket is given up and the next customer starts afresh', async ({
      page,
      kiosk,
    }) => {
      await openKiosk(page, kiosk.url);
      await startShopping(page);
      await productTile(page, TEA.en).tap();
      await expect(basketLine(page, TEA.en)).toBeVisible();
      await page.getByRole('button', { name: 'Cancel order' }).tap();
      const confirm = page.getByRole('dialog', { name: 'Cancel your order?' });
      await confirm.getByRole('button', { name: 'No, keep shopping' }).tap();
      await expect(basketLine(page, TEA.en)).toBeVisible();
      await page.getByRole('button', { name: 'Cancel order' }).tap();
      await confirm.getByRole('button', { name: 'Yes, cancel order' }).tap();
      await expect(page.getByRole('button', { name: START['zh-CN'] })).toBeVisible();
      await page.getByRole('button', { name: START['zh-CN'] }).tap();
      await expect(page.getByRole('region', { name: '购物篮' }).getByRole('listitem')).toHaveCount(0);
    });

    test('search on the on-screen keyboard: pinyin initials and a pinyin candidate', async ({
      page,
      kiosk,
    }) => {
      await openKiosk(page, kiosk.url, 'zh-CN');
      await page.getByRole('button', { name: START['zh-CN'] }).tap();
      const search = page.getByRole('searchbox', { name: '搜索商品' });
      await expect(search).toHaveAttribute('readonly', '');
      await expect(search).toHaveAttribute('inputmode', 'none');
      await search.tap();
      const keyboard = page.getByRole('region', { name: '键盘' });
      await keyboard.getByRole('button', { name: 'k', exact: true }).tap();
      await keyboard.getByRole('button', { name: 'l', exact: true }).tap();
      await expect(search).toHaveValue('kl');
      const products = page.getByRole('region', { name: '商品', exact: true });
      await expect(products.getByRole('button', { name: /^可口可乐 330ml / })).toBeVisible();
      await page.getByRole('button', { name: '清空搜索' }).tap();
      await expect(search).toHaveValue('');
      await keyboard.getByRole('button', { name: 'k', exact: true }).tap();
      await keyboard.getByRole('button', { name: 'e', exact: true }).tap();
      await keyboard.getByRole('button', { name: '可', exact: true }).tap();
      await expect(search).toHaveValue('可');
      await expect(products.getByRole('button', { name: /^可口可乐 330ml / })).toBeVisible();
      await page.getByRole('button', { name: '收起键盘' }).tap();
      await expect(keyboard).toHaveCount(0);
    });

    test('a code the wallet refuses, and a declined code shown again: said to the customer, nothing charged', async ({
      page,
      kiosk,
      gateway,
    }) => {
      await openKiosk(page, kiosk.url);
      await startShopping(page);
      await productTile(page, TEA.en).tap();
      await page.getByRole('button', { name: 'Pay', exact: true }).tap();
      // an 18-digit WeChat Pay code the sandbox never issued: the wallet refuses it
      await wedgeScan(page, '134567890123456789');
      const progress = page.getByRole('region', { name: 'Your payment' }).getByRole('status');
      await expect(progress).toHaveText(
        'Declined: That is not a payment code. Show the payment code from your wallet app.',
      );
      const { auth_code } = await gateway.control<{ auth_code: string }>('/sandbox/codes', {
        wallet: 'sandbox',
        behaviour: 'insufficient',
      });
      await wedgeScan(page, auth_code);
      await expect(progress).toContainText('Declined');
      await expect(progress).not.toContainText('That is not a payment code');
      await wedgeScan(page, auth_code);
      // the terminal and the wallet refuse the same code twice; the customer is told to refresh it
      await expect(progress).toHaveText(
        'Declined: That payment code was already used. Refresh it in your wallet app and show it again.',
      );
      const orders = await gateway.ledger();
      expect(orders.filter((o) => o.trade_status === 'SUCCESS')).toHaveLength(0);
      for (const order of orders) expect(order.charged).toBe(0);
    });
  });
}

test.describe('kiosk offline', () => {
  test.use({ viewport: { width: 1920, height: 1080 }, hasTouch: true });

  test('the wallet cannot be reached: nothing charged, and the pay screen says only cards work', async ({
    page,
  }) => {
    // a gateway address where nothing listens: the first charge finds the provider unreachable
    const closed = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-e2e-kiosk-offline-'));
    const kiosk = await startKiosk(dataDir, ['--gateway', `http://127.0.0.1:${closed}`]);
    try {
      await openKiosk(page, kiosk.url);
      await startShopping(page);
      await productTile(page, TEA.en).tap();
      await page.getByRole('button', { name: 'Pay', exact: true }).tap();
      await wedgeScan(page, '88000000000000000001');
      await expect(page.getByRole('alert').filter({ hasText: 'nothing was charged' })).toHaveText(
        'The wallet cannot be reached right now; nothing was charged. Pay with a store card or call staff.',
      );
      await expect(page.getByRole('alert').filter({ hasText: 'Offline' })).toHaveText(
        'Offline: card payments only. Wallets need the network.',
      );
      await expect(page.getByRole('button', { name: 'Show your payment code' })).toBeDisabled();
      await expect(page.getByRole('button', { name: 'Stored-value card' })).toBeEnabled();
    } finally {
      await kiosk.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
