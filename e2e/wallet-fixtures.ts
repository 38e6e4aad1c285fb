import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { chromiumArgs, chromiumPath } from './chromium.js';
import { requireService } from './require-service.js';
import { expect, gatewayFixture, startTill, test as base, type Gateway, type Till } from './fixtures.js';

/**
 * What the QR payment specs share (issue 3, "Tests", e2e): a real sandbox gateway (`tillpoint gateway
 * --test`) and a real till pointed at it (`serve --gateway URL`). The customer's phone is played by the
 * gateway's sandbox controls: POST /sandbox/codes issues the payment code a phone would show, POST
 * /sandbox/orders/:id/pay is the customer scanning the till's QR. The gateway's ledger is the referee.
 */
export const test = base.extend<{ gateway: Gateway; walletTill: Till }>({
  gateway: gatewayFixture,
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

export const GREEN_TEA = '绿茶 500ml'; // Green Tea 500 ml, ¥3.50 in the demo catalog
export const GREEN_TEA_FEN = 350;

export interface IssuedCode {
  readonly auth_code: string;
}

export async function openTillWithTea(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole('region', { name: 'Ticket' })).toBeVisible();
  await page
    .getByRole('region', { name: 'Products' })
    .getByRole('button', { name: new RegExp(`^${GREEN_TEA} `) })
    .click();
  await expect(page.getByRole('list', { name: 'Ticket lines' }).getByRole('listitem')).toHaveCount(1);
}

/** Reads a QR from PNG bytes in Node (zxing-wasm with its .wasm from node_modules, no network). */
export async function readQr(png: Buffer): Promise<string | null> {
  const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
  prepareZXingModule({
    overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
  });
  const [first] = await readBarcodes(new Uint8Array(png), { formats: ['QRCode'] });
  return first?.text ?? null;
}

/** null when ffmpeg runs, else why not (for requireService). */
function ffmpegMissingReason(): string | null {
  const probe = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' });
  if (probe.error) return `ffmpeg cannot be started: ${probe.error.message}`;
  return probe.status === 0 ? null : `ffmpeg -version exited with ${probe.status ?? probe.signal}`;
}

/** Chromium with its fake camera playing `png` (as a 640x480 .y4m made by ffmpeg), for `run`. */
export async function withFakeCamera(
  png: string,
  videoFilter: string,
  run: (context: BrowserContext) => Promise<void>,
): Promise<void> {
  const noFfmpeg = requireService('ffmpeg', ffmpegMissingReason());
  base.skip(noFfmpeg !== null, noFfmpeg ?? undefined);
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

export const qrDialog = (page: Page) => page.getByRole('dialog', { name: 'QR payment' });

/** The terminal completed the sale on 'succeeded': the receipt shows the wallet payment. */
export async function expectWalletReceipt(page: Page) {
  await expect(page.getByRole('heading', { name: 'Receipt' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('region', { name: 'Receipt' })).toContainText('Paid by Sandbox wallet');
  await expect(qrDialog(page)).toHaveCount(0);
}

/** Money moved in exactly once, for the sale's amount (never charged twice). */
export async function expectPaidOnce(gateway: Gateway) {
  const paid = (await gateway.ledger()).filter((order) => order.trade_status === 'SUCCESS');
  expect(paid).toHaveLength(1);
  expect(paid[0]).toMatchObject({ amount: GREEN_TEA_FEN, currency: 'CNY', charged: 1, refunded: 0 });
}

export { expect, startTill, type Gateway };
