import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { prepareZXingModule as prepareZXingWriter, writeBarcode } from 'zxing-wasm/writer';
import { chromiumArgs, chromiumPath } from './chromium.js';
import { expect, startGateway, startTill, test as base, type Gateway, type Till } from './fixtures.js';

/**
 * QR payments end to end (issue 3, "Tests", e2e): a real sandbox gateway (`tillpoint gateway --test`), a
 * real till pointed at it (`serve --gateway URL`), Chromium. The customer's phone is played by the gateway's
 * sandbox controls: POST /sandbox/codes issues the payment code a phone would show, POST
 * /sandbox/orders/:id/pay is the customer scanning the till's QR. The gateway's ledger is the referee.
 */
const test = base.extend<{ gateway: Gateway; walletTill: Till }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  gateway: async ({}, use) => {
    const gateway = await startGateway(['--test']);
    try {
      await use(gateway);
    } finally {
      await gateway.stop();
    }
  },
  walletTill: async ({ gateway }, use) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-e2e-qr-'));
    const till = await startTill(dataDir, ['--gateway', gateway.url]);
    try {
      await use(till);
    } finally {
      await till.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

const GREEN_TEA = 'Green Tea 500 ml'; // ¥3.50 in the demo catalog
const GREEN_TEA_FEN = 350;

interface IssuedCode {
  readonly auth_code: string;
}

async function openTillWithTea(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole('region', { name: 'Ticket' })).toBeVisible();
  await page
    .getByRole('region', { name: 'Products' })
    .getByRole('button', { name: new RegExp(`^${GREEN_TEA} `) })
    .click();
  await expect(page.getByRole('region', { name: 'Ticket' }).getByRole('listitem')).toHaveCount(1);
}

/** Reads a QR from PNG bytes in Node (zxing-wasm with its .wasm from node_modules, no network). */
async function readQr(png: Buffer): Promise<string | null> {
  const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
  prepareZXingModule({
    overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
  });
  const [first] = await readBarcodes(new Uint8Array(png), { formats: ['QRCode'] });
  return first?.text ?? null;
}

/** Chromium with its fake camera playing `png` (as a 640x480 .y4m made by ffmpeg), for `run`. */
async function withFakeCamera(
  png: string,
  videoFilter: string,
  run: (context: BrowserContext) => Promise<void>,
): Promise<void> {
  const video = png.replace(/\.png$/, '.y4m');
  // Chromium's fake camera plays a .y4m in a loop (--use-file-for-fake-video-capture).
  execFileSync(
    'ffmpeg',
    ['-loglevel', 'error', '-y', '-loop', '1', '-i', png, '-t', '3', '-vf', videoFilter].concat([
      '-pix_fmt',
      'yuv420p',
      video,
    ]),
  );
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      ...chromiumArgs,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  try {
    await run(await browser.newContext({ viewport: { width: 1366, height: 800 } }));
  } finally {
    await browser.close();
  }
}

const qrDialog = (page: Page) => page.getByRole('dialog', { name: 'QR payment' });

/** The terminal completed the sale on 'succeeded': the receipt shows the wallet payment. */
async function expectWalletReceipt(page: Page) {
  await expect(page.getByRole('heading', { name: 'Receipt' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('region', { name: 'Receipt' })).toContainText('Paid by sandbox');
  await expect(qrDialog(page)).toHaveCount(0);
}

/** Money moved in exactly once, for the sale's amount (never charged twice). */
async function expectPaidOnce(gateway: Gateway) {
  const paid = (await gateway.ledger()).filter((order) => order.trade_status === 'SUCCESS');
  expect(paid).toHaveLength(1);
  expect(paid[0]).toMatchObject({ amount: GREEN_TEA_FEN, currency: 'CNY', charged: 1, refunded: 0 });
}

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
  // A keyboard-wedge scanner types the code and Enter a few ms apart, with nothing focused.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.type(auth_code, { delay: 5 });
  await page.keyboard.press('Enter');

  await expect(qrDialog(page).getByRole('status', { name: 'Payment progress' })).toContainText(
    'Waiting for the customer to enter their password',
  );
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

  const field = dialog.getByRole('textbox', { name: 'Enter the code' });
  await field.fill('6901234567892');
  await dialog.getByRole('button', { name: 'Charge' }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'not a customer payment code' })).toBeVisible();
  expect(await gateway.ledger()).toHaveLength(0);

  const { auth_code } = await gateway.control<IssuedCode>('/sandbox/codes', { wallet: 'sandbox' });
  // The keypad, as a cashier at a touch screen types it.
  for (const digit of auth_code)
    await dialog
      .getByRole('group', { name: 'Keypad' })
      .getByRole('button', { name: digit, exact: true })
      .click();
  await expect(field).toHaveValue(auth_code);
  await dialog.getByRole('button', { name: 'Charge' }).click();
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

test('the camera reads a customer code from a fake video and the payment completes without the keyboard', async ({
  walletTill,
  gateway,
}, testInfo) => {
  const { auth_code } = await gateway.control<IssuedCode>('/sandbox/codes', { wallet: 'sandbox' });
  const png = testInfo.outputPath('customer-code.png');
  await QRCode.toFile(png, auth_code, { errorCorrectionLevel: 'M', margin: 4, width: 480 });
  await withFakeCamera(png, 'scale=640:480', async (context) => {
    const requested: string[] = [];
    context.on('request', (request) => requested.push(request.url()));
    const page = await context.newPage();
    await openTillWithTea(page, walletTill.url);
    await page.getByRole('button', { name: 'QR pay' }).click();
    await expectWalletReceipt(page);
    await expectPaidOnce(gateway);
    // zxing's .wasm came from the till itself (the decode worker fetched it), never from a CDN.
    const origin = new URL(walletTill.url).origin;
    expect(requested.some((url) => /\/assets\/zxing_reader-[\w-]+\.wasm$/.test(url))).toBe(true);
    expect(requested.filter((url) => /^https?:/.test(url) && !url.startsWith(origin))).toEqual([]);
  });
});

test('a decode worker that cannot load falls back to jsQR: the camera still takes the payment', async ({
  walletTill,
  gateway,
}, testInfo) => {
  const { auth_code } = await gateway.control<IssuedCode>('/sandbox/codes', { wallet: 'sandbox' });
  const png = testInfo.outputPath('customer-code.png');
  await QRCode.toFile(png, auth_code, { errorCorrectionLevel: 'M', margin: 4, width: 480 });
  await withFakeCamera(png, 'scale=640:480', async (context) => {
    // As if the worker script were blocked or missing from the build.
    let refused = 0;
    await context.route(/\/assets\/decode-worker-[\w-]+\.js$/, (route) => {
      refused++;
      return route.fulfill({ status: 404 });
    });
    const page = await context.newPage();
    await openTillWithTea(page, walletTill.url);
    await page.getByRole('button', { name: 'QR pay' }).click();
    await expectWalletReceipt(page);
    await expectPaidOnce(gateway);
    expect(refused).toBeGreaterThan(0);
  });
});

test('the camera reads a product EAN-13 in the payment dialog: not charged, not added, the cashier is told', async ({
  walletTill,
  gateway,
}, testInfo) => {
  const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/writer/zxing_writer.wasm'));
  prepareZXingWriter({
    overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
  });
  const written = await writeBarcode('6901234567892', { format: 'EAN13', scale: 4 });
  expect(written.error).toBe('');
  const png = testInfo.outputPath('product-ean13.png');
  writeFileSync(png, Buffer.from(await written.image!.arrayBuffer()));
  await withFakeCamera(png, 'pad=640:480:(ow-iw)/2:(oh-ih)/2:color=white', async (context) => {
    const page = await context.newPage();
    await openTillWithTea(page, walletTill.url);
    await page.getByRole('button', { name: 'QR pay' }).click();
    const dialog = qrDialog(page);
    const camera = dialog.getByRole('region', { name: 'Camera' });
    await expect(camera.getByRole('status')).toHaveText('Read EAN13 code');
    await expect(dialog.getByRole('alert')).toContainText(
      'That is a product barcode, not a customer payment code',
    );
    // With permission given, the picker lists Chromium's fake camera besides the default choice.
    expect(await camera.getByRole('combobox', { name: 'Camera' }).locator('option').count()).toBeGreaterThan(
      1,
    );
    const mirror = camera.getByRole('button', { name: 'Mirror' });
    await mirror.click();
    await expect(mirror).toHaveAttribute('aria-pressed', 'true');
    await expect(camera.locator('video')).toHaveClass(/mirrored/);
    // Closing the dialog stops the camera (its light goes out): keep a handle on the track to check.
    await page.evaluate(() => {
      const video = document.querySelector('video');
      const stream = video?.srcObject instanceof MediaStream ? video.srcObject : null;
      (window as unknown as { cameraTrack?: MediaStreamTrack }).cameraTrack = stream?.getVideoTracks()[0];
    });

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    expect(
      await page.evaluate(
        () => (window as unknown as { cameraTrack?: MediaStreamTrack }).cameraTrack?.readyState,
      ),
    ).toBe('ended');
    await expect(page.getByRole('region', { name: 'Ticket' }).getByRole('listitem')).toHaveCount(1);
    expect(await gateway.ledger()).toEqual([]);
  });
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
  await expect(page.getByRole('region', { name: 'Ticket' }).getByRole('listitem')).toHaveCount(1);
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
