import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  expect,
  expectPaidOnce,
  expectWalletReceipt,
  openTillWithTea,
  qrDialog,
  readQr,
  startTill,
  test,
  type IssuedCode,
} from './wallet-fixtures.js';

/**
 * QR payments without a camera: a wedge-scanned code, a typed code, a merchant QR paid through the gateway,
 * a static bank QR confirmed by the cashier, a declined and a cancelled attempt.
 */
test('a wedge-scanned customer code starts the charge; the password wait is shown, then the receipt', async ({
  page,
  walletTill,
  gateway,
}) => {
  await openTillWithTea(page, walletTill.url);
  const { auth_code } = await gateway.control<IssuedCode>('/sandbox/codes', {
    wallet: 'sandbox',
    behaviour: 'password',
    passwordMs: 2500,
  });
  // A keyboard-wedge scanner: the code's keys then Enter as one burst, with nothing focused. Dispatched in
  // the page in one go, as a scanner's keys arrive: Playwright's keyboard waits for each key to be handled
  // before the next, which on a loaded 2-core machine stretches the gaps past the wedge threshold.
  await page.evaluate((code) => {
    (document.activeElement as HTMLElement | null)?.blur();
    for (const key of [...code, 'Enter']) {
      window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      window.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true }));
    }
  }, auth_code);

  await expect(qrDialog(page).getByRole('status', { name: 'Payment progress' })).toContainText(
    'Waiting for the customer to enter their password',
  );
  await expectWalletReceipt(page);
  await expectPaidOnce(gateway);
});

test('a wedge scan while the code keypad has focus charges the code once', async ({
  page,
  walletTill,
  gateway,
}) => {
  await openTillWithTea(page, walletTill.url);
  await page.getByRole('button', { name: 'QR pay' }).click();
  const dialog = qrDialog(page);
  const keypad = dialog.getByRole('group', { name: 'Keypad' });
  // A digit tapped on the keypad: focus is on a keypad key, so the hardware keyboard types into the keypad.
  await keypad.getByRole('button', { name: '7', exact: true }).click();
  const field = dialog.getByRole('textbox', { name: 'Enter the code' });
  await expect(field).toHaveValue('7');
  await keypad.getByRole('button', { name: 'Backspace' }).click();
  await expect(field).toHaveValue('');

  const { auth_code } = await gateway.control<IssuedCode>('/sandbox/codes', { wallet: 'sandbox' });
  // One burst, dispatched where a scanner's keys land (see the first test for why in one evaluate).
  await page.evaluate((code) => {
    const target = (document.activeElement as HTMLElement | null) ?? document.body;
    for (const key of [...code, 'Enter']) {
      target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      target.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true }));
    }
  }, auth_code);

  await expectWalletReceipt(page);
  await expectPaidOnce(gateway);
});

test('a typed code pays; a product barcode typed instead is refused with a message', async ({
  page,
  walletTill,
  gateway,
}) => {
  await openTillWithTea(page, walletTill.url);
  await page.getByRole('button', { name: 'QR pay' }).click();
  const dialog = qrDialog(page);
  await expect(dialog.getByRole('button', { name: 'Scan customer code' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  // This browser has no camera: the cashier is told so, and typing is the way on.
  await expect(dialog.getByRole('region', { name: 'Camera' }).getByRole('alert')).toContainText(
    /No camera is connected|camera is blocked/,
  );

  // The decoder is a setting (Settings screen), not a control the cashier meets while taking a payment.
  await expect(dialog.getByRole('combobox', { name: 'Decoder' })).toHaveCount(0);
  const field = dialog.getByRole('textbox', { name: 'Enter the code' });
  await field.fill('6901234567892');
  await dialog.getByRole('button', { name: 'Charge' }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'not a customer payment code' })).toBeVisible();
  expect(await gateway.ledger()).toHaveLength(0);

  const { auth_code } = await gateway.control<IssuedCode>('/sandbox/codes', { wallet: 'sandbox' });
  // The keypad, as a cashier at a touch screen types it; the last digit mistyped on the hardware keyboard
  // (focus is on a keypad key, not the field), corrected with Backspace, and Enter charges.
  for (const digit of auth_code.slice(0, -1))
    await dialog
      .getByRole('group', { name: 'Keypad' })
      .getByRole('button', { name: digit, exact: true })
      .click();
  const wrong = auth_code.endsWith('9') ? '8' : '9';
  await page.keyboard.press(wrong, { delay: 120 });
  await expect(field).toHaveValue(auth_code.slice(0, -1) + wrong);
  await page.keyboard.press('Backspace', { delay: 120 });
  await page.keyboard.press(auth_code.slice(-1), { delay: 120 });
  await expect(field).toHaveValue(auth_code);
  await page.keyboard.press('Enter');
  await expectWalletReceipt(page);
  await expectPaidOnce(gateway);
});

test('a merchant QR shown on the customer display is paid through the gateway', async ({
  page,
  walletTill,
  gateway,
}) => {
  await openTillWithTea(page, walletTill.url);
  await page.getByRole('button', { name: 'QR pay' }).click();
  const dialog = qrDialog(page);
  await dialog.getByRole('button', { name: 'Show QR' }).click();
  await dialog
    .getByRole('button', { name: /^Show .+ QR$/ })
    .first()
    .click();

  const display = dialog.getByRole('region', { name: 'Customer display' });
  await expect(display.getByRole('img', { name: 'Payment QR code for ¥3.50' })).toBeVisible();
  await expect(display).toContainText(/Code expires in \d+:\d\d/);
  await expect(dialog.getByRole('status', { name: 'Payment progress' })).toContainText(
    'Waiting for the customer to scan and pay',
  );

  // What the customer's phone sees: the image on screen, read back by zxing, is the gateway's QR payload.
  const shown = await readQr(await display.getByRole('img').screenshot());
  expect(shown).toMatch(/^tillpoint-sandbox:\/\/pay\/\w+$/);

  // "New code": the first order is closed at the gateway before a second QR is shown.
  await display.getByRole('button', { name: 'New code' }).click();
  // While the old code is withdrawn the image is briefly gone; keep looking until the new one is up.
  const current = () =>
    display
      .getByRole('img')
      .screenshot({ timeout: 2_000 })
      .then(readQr, () => null);
  await expect.poll(current, { timeout: 15_000 }).toMatch(/^tillpoint-sandbox:\/\/pay\/\w+$/);
  await expect.poll(current, { timeout: 15_000 }).not.toBe(shown);
  const ledger = await gateway.ledger();
  const open = ledger.filter((order) => order.trade_status === 'NOTPAY');
  expect(open).toHaveLength(1);
  expect(ledger).toHaveLength(2);
  await gateway.control(`/sandbox/orders/${open[0]!.out_trade_no}/pay`, { wallet: 'sandbox' });
  await expectWalletReceipt(page);
  await expectPaidOnce(gateway);
});

test('a declined code says why and keeps the ticket open; a cancelled password wait is reversed', async ({
  page,
  walletTill,
  gateway,
}) => {
  await openTillWithTea(page, walletTill.url);
  await page.getByRole('button', { name: 'QR pay' }).click();
  const dialog = qrDialog(page);
  const progress = dialog.getByRole('status', { name: 'Payment progress' });
  // The decoder is a setting (Settings screen), not a control the cashier meets while taking a payment.
  await expect(dialog.getByRole('combobox', { name: 'Decoder' })).toHaveCount(0);
  const field = dialog.getByRole('textbox', { name: 'Enter the code' });

  const poor = await gateway.control<IssuedCode>('/sandbox/codes', {
    wallet: 'sandbox',
    behaviour: 'insufficient',
  });
  await field.fill(poor.auth_code);
  await dialog.getByRole('button', { name: 'Charge' }).click();
  await expect(progress).toContainText('Declined:');

  const slow = await gateway.control<IssuedCode>('/sandbox/codes', {
    wallet: 'sandbox',
    behaviour: 'password',
    passwordMs: 30_000,
  });
  await field.fill(slow.auth_code);
  await dialog.getByRole('button', { name: 'Charge' }).click();
  await expect(progress).toContainText('Waiting for the customer to enter their password');
  await dialog.getByRole('button', { name: 'Cancel payment' }).click();
  await expect(progress).toContainText('Cancelled, no money taken');

  // Nothing was paid and the ticket is still there to take another tender.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Ticket lines' }).getByRole('listitem')).toHaveCount(1);
  const ledger = await gateway.ledger();
  expect(ledger.filter((order) => order.trade_status === 'SUCCESS')).toEqual([]);
  expect(ledger.reduce((sum, order) => sum + order.charged - order.refunded, 0)).toBe(0);
});

test('a static bank QR carries the amount; the cashier confirms it and the receipt says so; promotions shown first', async ({
  page,
  gateway,
}) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-e2e-static-'));
  // The merchant's own settings: the sandbox wallet with a tender promotion, and a static bank-QR scheme.
  writeFileSync(
    path.join(dataDir, 'providers.json'),
    JSON.stringify({
      providers: [
        {
          type: 'sandbox-gateway',
          id: 'sandbox',
          label: 'Sandbox wallet',
          url: gateway.url,
          merchantId: 'm-demo',
          key: 'sandbox-demo-key',
          wallets: ['sandbox'],
          merchantQr: false,
        },
        {
          type: 'static-qr',
          id: 'bank-qr',
          label: 'Bank QR',
          scheme: 'bankqr',
          merchant: {
            merchantAccount: { id: '29', guid: 'A000000677010111', fields: { '01': '0066812345678' } },
            mcc: '5812',
            currency: 'CNY',
            country: 'CN',
            name: 'TILLPOINT SHOP',
            city: 'SHANGHAI',
          },
        },
      ],
      promotions: [{ wallet: 'sandbox', label: '10% off', discount: { kind: 'percent', bps: 1000 } }],
    }),
  );
  const till = await startTill(dataDir);
  try {
    await openTillWithTea(page, till.url);
    await page.getByRole('button', { name: 'QR pay' }).click();
    const dialog = qrDialog(page);
    await expect(dialog.getByRole('region', { name: 'Wallet promotions' })).toContainText(
      /10% off −¥0\.35, pays ¥3\.15/,
    );

    await dialog.getByRole('button', { name: 'Show QR' }).click();
    await dialog.getByRole('button', { name: 'Show Bank QR QR' }).click();
    const display = dialog.getByRole('region', { name: 'Customer display' });
    await expect(display.getByRole('img', { name: 'Payment QR code for ¥3.50' })).toBeVisible();
    // EMV QRCPS-MPM: dynamic (point of initiation 12), CNY (156), the amount, CRC last.
    const payload = await readQr(await display.getByRole('img').screenshot());
    expect(payload).toMatch(/^000201010212/);
    expect(payload).toContain('5303156');
    expect(payload).toContain('54043.50');
    expect(payload).toMatch(/6304[0-9A-F]{4}$/);

    await display.getByRole('button', { name: 'Customer has paid (cashier-confirmed)' }).click();
    await expect(page.getByRole('region', { name: 'Receipt' })).toContainText(
      'Paid by bankqr (confirmed by the cashier)',
      { timeout: 20_000 },
    );
    // No money moved through the gateway: the bank QR is outside it.
    expect(await gateway.ledger()).toEqual([]);
  } finally {
    await till.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
