import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPrinterSim, type PrinterSim } from '../src/terminal/print/printer-sim.js';
import { expect, startTill, test } from './fixtures.js';
import { ticket, WATER } from './sale-steps.js';

/**
 * Receipts on a thermal printer against the real stack: the virtual ESC/POS printer on 127.0.0.1, a till
 * (`tillpoint serve`) whose printers.json points at it, and Chromium. The cashier sells for cash, sees the
 * printed receipt as SVG, and reprints it; the printer reports what it printed (text, QR, pulse, cut).
 */
let sim: PrinterSim;
let dataDir: string;

test.beforeEach(async () => {
  sim = await startPrinterSim({ port: 0 });
  dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-e2e-print-'));
  const printer = { id: 'front', kind: 'tcp', host: '127.0.0.1', port: sim.port, drawer: true };
  writeFileSync(path.join(dataDir, 'printers.json'), JSON.stringify({ printers: [printer] }));
});
test.afterEach(async () => {
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a cash sale prints on the receipt printer, the screen shows the same receipt as SVG, Reprint works', async ({
  page,
}) => {
  const till = await startTill(dataDir);
  try {
    await page.goto(till.url);
    await expect(page.getByRole('list', { name: 'Status' })).toContainText('Printer: ready');
    await page
      .getByRole('region', { name: 'Products' })
      .getByRole('button', { name: new RegExp(`^${WATER} `) })
      .click();
    await ticket(page).getByRole('button', { name: 'Cash' }).click();
    const cash = page.getByRole('dialog', { name: 'Cash payment' });
    await cash.getByRole('button', { name: 'Exact ¥2.00' }).click();
    await cash.getByRole('button', { name: 'Complete sale' }).click();

    const receipt = page.getByRole('region', { name: 'Receipt' });
    const preview = receipt.getByRole('img', { name: 'Receipt 1 as printed' });
    await expect(preview).toBeVisible();
    // the SVG really drew the receipt (an image with a height, not a broken one)
    expect(await preview.evaluate((img: HTMLImageElement) => img.naturalHeight)).toBeGreaterThan(200);

    const [printed] = await sim.waitForJobs(1);
    expect(printed!.text).toContain(WATER);
    expect(printed!.text).toContain('\uFFE52.00');
    expect(printed!.qr).toHaveLength(1);
    expect(printed!.pulses).toHaveLength(1);
    expect(printed!.cuts).toBe(1);

    await receipt.getByRole('button', { name: 'Reprint' }).click();
    await expect(receipt.getByRole('status')).toHaveText('Reprint sent to the receipt printer.');
    const [, reprint] = await sim.waitForJobs(2);
    expect(reprint!.text).toContain('DUPLICATE');
    expect(reprint!.qr).toEqual(printed!.qr);
    expect(reprint!.pulses).toHaveLength(0);
  } finally {
    await till.stop();
  }
});

test('printer off: the sale completes and the status bar says the receipt waits; back on: printed once', async ({
  page,
}) => {
  const port = sim.port;
  await sim.close();
  const till = await startTill(dataDir);
  try {
    await page.goto(till.url);
    await page
      .getByRole('region', { name: 'Products' })
      .getByRole('button', { name: new RegExp(`^${WATER} `) })
      .click();
    await ticket(page).getByRole('button', { name: 'Cash' }).click();
    const cash = page.getByRole('dialog', { name: 'Cash payment' });
    await cash.getByRole('button', { name: 'Exact ¥2.00' }).click();
    await cash.getByRole('button', { name: 'Complete sale' }).click();
    await expect(page.getByRole('region', { name: 'Receipt' })).toContainText('Receipt No. 1');
    const status = page.getByRole('list', { name: 'Status' });
    await expect(status).toContainText('Waiting for printer: 1 (Printer: offline)');

    sim = await startPrinterSim({ port });
    await sim.waitForJobs(1, 20_000);
    await expect(status).toContainText('Printer: ready', { timeout: 15_000 });
    expect(sim.jobs).toHaveLength(1);
  } finally {
    await till.stop();
  }
});
