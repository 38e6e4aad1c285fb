import type { Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zhCN as c } from '../src/renderer/i18n/zh-CN.js';
import { startPrinterSim, type PrinterSim } from '../src/terminal/print/printer-sim.js';
import { expect, startTill, test } from './fixtures.js';
import { WATER } from './sale-steps.js';

/**
 * The README's Chinese walkthrough against the real stack (`tillpoint serve --demo --demo-staff --lang
 * zh-CN`, Chromium, the virtual ESC/POS printer): the demo cashier signs in, opens a shift, sells for cash
 * (the receipt names the cashier), closes the shift with the manager's approval; the Z report prints by
 * itself, and "打印 Z 报表" prints it again, marked as a duplicate.
 */
const fill = (message: string, args: Record<string, string>) =>
  message.replace(/\{(\w+)\}/g, (_, name: string) => args[name] ?? `{${name}}`);

/** Types a PIN on the lock screen's (or a dialog's) pad and presses its submit button. */
async function typePin(page: Page, pin: string, submit: string, scope = page.locator('body')) {
  for (const digit of pin) await scope.getByRole('button', { name: digit, exact: true }).click();
  await scope.getByRole('button', { name: submit }).click();
}

let sim: PrinterSim;
let dataDir: string;

test.beforeEach(async () => {
  sim = await startPrinterSim({ port: 0 });
  dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-e2e-z-print-'));
  const printer = { id: 'front', kind: 'tcp', host: '127.0.0.1', port: sim.port, drawer: { pin: 2 } };
  writeFileSync(path.join(dataDir, 'printers.json'), JSON.stringify({ printers: [printer] }));
});
test.afterEach(async () => {
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('the demo cashier sells and closes the shift: the receipt names the cashier, the Z report prints, 重印 again', async ({
  page,
}) => {
  const till = await startTill(dataDir, ['--lang', 'zh-CN', '--demo', '--demo-staff']);
  try {
    await page.goto(till.url);
    // the lock screen: the demo cashier's PIN (README)
    await expect(page.getByRole('heading', { name: c['staff.lock.title'] })).toBeVisible();
    await typePin(page, '2222', c['staff.signIn']);
    const nav = page.getByRole('navigation', { name: c['nav.screens'] });
    const shift = page.getByRole('region', { name: c['shift.title'] });
    const pad = (p: Page) => p.getByRole('group', { name: c['shift.count.legend'] });

    // open with a ¥100.00 float (the drawer opens: one pulse, no paper)
    await nav.getByRole('button', { name: c['shift.nav'] }).click();
    await pad(page)
      .getByRole('button', { name: fill(c['shift.count.more'], { denomination: '¥100.00' }) })
      .click();
    await shift.getByRole('button', { name: c['shift.openButton'], exact: true }).click();
    await expect(shift).toContainText(fill(c['shift.float'], { amount: '¥100.00' }));

    // a cash sale of ¥2.00: its receipt prints
    await nav.getByRole('button', { name: c['nav.sell'] }).click();
    await page
      .getByRole('region', { name: c['products.region'] })
      .getByRole('button', { name: new RegExp(`^${WATER} `) })
      .click();
    await page
      .getByRole('region', { name: c['ticket.region'] })
      .getByRole('button', { name: c['ticket.cash'], exact: true })
      .click();
    const cash = page.getByRole('dialog', { name: c['cash.title'] });
    await cash.getByRole('button', { name: fill(c['cash.exact'], { amount: '¥2.00' }) }).click();
    await cash.getByRole('button', { name: c['cash.complete'] }).click();
    await expect(page.getByRole('region', { name: c['receipt.title'] })).toBeVisible();
    const [, receipt] = await sim.waitForJobs(2);
    expect(receipt!.text).toMatch(/增值税 13% 含税\s+￥0\.23/);
    expect(receipt!.text).toMatch(/收银员\s+Demo Cashier/);

    // the close with the drawer counted: ¥102.00, no difference
    await nav.getByRole('button', { name: c['shift.nav'] }).click();
    await shift.getByRole('button', { name: c['shift.closeTitle'] }).click();
    await pad(page)
      .getByRole('textbox', { name: fill(c['shift.count.countOf'], { denomination: '¥100.00' }) })
      .fill('1');
    await pad(page)
      .getByRole('textbox', { name: fill(c['shift.count.countOf'], { denomination: '¥1.00' }) })
      .fill('2');
    await shift.getByRole('button', { name: c['shift.closeButton'], exact: true }).click();
    // closing needs the manager: the demo manager's PIN on the approval pad
    const approval = page.getByRole('dialog', { name: c['staff.approval.title'] });
    await typePin(page, '1111', c['staff.approval.approve'], approval);
    await expect(
      page.getByRole('article', { name: fill(c['report.zTitle'], { number: '1' }) }),
    ).toBeVisible();

    const [, , z] = await sim.waitForJobs(3);
    expect(z!.text).toContain('Z 报表');
    expect(z!.text).toMatch(/Z 序号\s+1/);
    expect(z!.text).toMatch(/应有现金\s+￥102\.00/);
    expect(z!.text).toMatch(/实点现金\s+￥102\.00/);
    expect(z!.text).not.toContain('重印');
    expect(z!.pulses).toEqual([]);

    await shift.getByRole('button', { name: c['report.printZ'] }).click();
    await expect(page.getByText(c['report.printSent'])).toBeVisible();
    const [, , , again] = await sim.waitForJobs(4);
    expect(again!.text).toContain('Z 报表');
    expect(again!.text).toContain('重印');
  } finally {
    await till.stop();
  }
});
