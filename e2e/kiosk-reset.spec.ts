import {
  basketLine,
  enterPin,
  expect,
  openKiosk,
  productTile,
  START,
  startShopping,
  TEA,
  test,
  viewports,
  wedgeScan,
  DEMO_PIN,
  recordHeadings,
} from './kiosk-steps.js';

/**
 * The kiosk's idle reset on Playwright's clock (the kiosk's timers are setInterval and Date.now), the
 * staff's way out with the PIN and its lockout, and a kiosk refused what only a cashier may do.
 * serve's defaults: "Are you still there?" after 60 s without a touch, 20 s countdown.
 */
for (const viewport of viewports) {
  test.describe(`kiosk ${viewport.name}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height }, hasTouch: true });

    test('idle: an empty basket is left alone; a basket gets "Are you still there?", then is voided', async ({
      page,
      kiosk,
    }) => {
      await page.clock.install();
      await openKiosk(page, kiosk.url);
      // English picked by someone who walked away: the attract screen goes back to the till's language
      await page.clock.fastForward('01:01');
      await expect(page.getByRole('button', { name: START['zh-CN'] })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
      await page.getByRole('button', { name: 'English' }).tap();
      await startShopping(page);
      await page.clock.fastForward('02:00');
      await expect(page.getByRole('dialog', { name: 'Are you still there?' })).toHaveCount(0);
      await expect(page.getByRole('navigation', { name: 'Categories' })).toBeVisible();

      await productTile(page, TEA.en).tap();
      await expect(basketLine(page, TEA.en)).toBeVisible();
      await page.clock.fastForward('01:01');
      const still = page.getByRole('dialog', { name: 'Are you still there?' });
      await expect(still).toBeVisible();
      await expect(still.getByRole('timer')).toContainText('Your order will be cancelled in');
      // the customer is there: the basket stays
      await still.getByRole('button', { name: 'Yes, continue' }).tap();
      await expect(still).toHaveCount(0);
      await expect(basketLine(page, TEA.en)).toBeVisible();

      await page.clock.fastForward('01:01');
      await expect(still).toBeVisible();
      await page.clock.fastForward('00:21');
      await expect(page.getByRole('button', { name: START['zh-CN'] })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    });

    test('idle with a payment in flight: the payment is reversed first, then the basket voided; no money taken', async ({
      page,
      kiosk,
      gateway,
    }) => {
      await page.clock.install();
      await openKiosk(page, kiosk.url);
      await startShopping(page);
      await productTile(page, TEA.en).tap();
      await page.getByRole('button', { name: 'Pay', exact: true }).tap();
      // the customer's phone waits for the password far longer than the kiosk waits for the customer
      const { auth_code } = await gateway.control<{ auth_code: string }>('/sandbox/codes', {
        wallet: 'sandbox',
        behaviour: 'password',
        passwordMs: 600_000,
      });
      await wedgeScan(page, auth_code);
      await expect(
        page.getByRole('status').filter({ hasText: 'Enter your password on your phone' }),
      ).toBeVisible();
      await page.clock.fastForward('01:01');
      await expect(page.getByRole('dialog', { name: 'Are you still there?' })).toBeVisible();
      const headings = await recordHeadings(page);
      await page.clock.fastForward('00:21');
      await expect(page.getByRole('button', { name: START['zh-CN'] })).toBeVisible({ timeout: 30_000 });
      // the sandbox reverses at once, so the screen may last only a moment; it was there, before the attract
      expect(await headings()).toContain('Cancelling your payment…');
      const orders = await gateway.ledger();
      expect(orders.length).toBeGreaterThan(0);
      for (const order of orders) expect(order).toMatchObject({ charged: 0 });
      expect(orders.filter((o) => o.trade_status === 'SUCCESS')).toHaveLength(0);
    });

    test('admin exit: a wrong PIN is refused, the right one closes the kiosk', async ({ page, kiosk }) => {
      await openKiosk(page, kiosk.url);
      await page.getByRole('button', { name: 'Staff menu' }).tap();
      const pad = page.getByRole('dialog', { name: 'Close the kiosk' });
      await enterPin(pad, '0000');
      await expect(pad.getByRole('alert')).toHaveText('Wrong PIN. 4 tries left.');
      await enterPin(pad, '12');
      await expect(pad.getByRole('alert')).toHaveText('A staff PIN is 4 to 8 digits.');
      await enterPin(pad, DEMO_PIN);
      await expect(page.getByRole('heading', { name: 'Kiosk closed' })).toBeVisible();
    });

    test('five wrong PINs lock the PIN pad, even for the right PIN', async ({ page, kiosk }) => {
      await openKiosk(page, kiosk.url);
      await page.getByRole('button', { name: 'Staff menu' }).tap();
      const pad = page.getByRole('dialog', { name: 'Close the kiosk' });
      for (let i = 0; i < 5; i++) await enterPin(pad, '0000');
      await expect(pad.getByRole('alert')).toContainText('Too many wrong PINs. Locked until');
      await enterPin(pad, DEMO_PIN);
      await expect(pad.getByRole('alert')).toContainText('Too many wrong PINs. Locked until');
      await expect(page.getByRole('heading', { name: 'Kiosk closed' })).toHaveCount(0);
    });

    test('the kiosk link cannot act as a cashier: sale.complete is forbidden', async ({ page, kiosk }) => {
      await openKiosk(page, kiosk.url);
      await startShopping(page);
      await productTile(page, TEA.en).tap();
      await expect(basketLine(page, TEA.en)).toBeVisible();
      // the page's own token over the page's own API socket, as a tampered kiosk page would try
      const answer = await page.evaluate(async () => {
        const token = sessionStorage.getItem('tillpoint.token') ?? '';
        const socket = new WebSocket(`ws://${location.host}/api?token=${encodeURIComponent(token)}`);
        await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
        const call = (id: number, method: string, params: unknown) =>
          new Promise<unknown>((resolve) => {
            const onMessage = (event: MessageEvent) => {
              const frame = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
              if (frame.id !== id) return;
              socket.removeEventListener('message', onMessage);
              resolve(frame.result);
            };
            socket.addEventListener('message', onMessage);
            socket.send(JSON.stringify({ id, method, params }));
          });
        const current = (await call(1, 'sale.current', {})) as { value: { id: string } };
        const result = await call(2, 'sale.complete', {
          saleId: current.value.id,
          tender: { method: 'cash', tendered: 1000 },
        });
        socket.close();
        return result;
      });
      expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      await expect(basketLine(page, TEA.en)).toBeVisible();
    });
  });
}
