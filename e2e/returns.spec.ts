import type { Locator, Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { receiptCode as receiptCodeOf } from '../src/core/receipt-code.js';
import { zhCN } from '../src/renderer/i18n/zh-CN.js';
import { startPrinterSim, type PrinterSim } from '../src/terminal/print/printer-sim.js';
import { expect, startTill, test } from './fixtures.js';
import { sellWaterForCash, ticket } from './sale-steps.js';
import {
  test as walletTest,
  expect as walletExpect,
  expectWalletReceipt,
  qrDialog,
  type IssuedCode,
} from './wallet-fixtures.js';

/**
 * Partial returns in the cashier's UI against the real stack (`tillpoint serve`, Chromium, the virtual
 * receipt printer, the sandbox gateway), elements by role and name. The till is not enrolled with a hub, so
 * every sale here is unsynced: cash parts go back within the default per-shift allowance for unsynced cash
 * refunds, a wallet's part goes to its provider.
 */

const COLA = '可口可乐 330ml'; // Cola 330 ml, ¥3.00
const WATER = '矿泉水 550ml'; // Mineral Water 550 ml, ¥2.00
const GREEN_TEA = '绿茶 500ml'; // Green Tea 500 ml, ¥3.50

const product = (page: Page, name: string) =>
  page.getByRole('region', { name: 'Products' }).getByRole('button', { name: new RegExp(`^${name} `) });
const line = (page: Page, name: string) => ticket(page).getByRole('listitem', { name, exact: true });
/** The Return dialog's cells of a sale line: sold, already returned, the stepper, the refund. */
const returnCells = (dialog: Locator, name: string) =>
  dialog
    .getByRole('row')
    .filter({ has: dialog.page().getByRole('rowheader', { name, exact: true }) })
    .getByRole('cell');

/**
 * A keyboard-wedge scanner's burst with nothing focused: the code's keys then Enter, dispatched in the page
 * in one go (see cashier.spec.ts: Playwright's own keyboard is too slow for the wedge threshold on 2 cores).
 */
async function wedgeScan(page: Page, code: string) {
  await page.evaluate((text) => {
    (document.activeElement as HTMLElement | null)?.blur();
    for (const key of [...text, 'Enter']) {
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      document.body.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true }));
    }
  }, code);
}

/** A till whose printers.json points at a virtual receipt printer (with a drawer). */
async function tillWithPrinter(sim: PrinterSim, extra: readonly string[] = []) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-e2e-returns-'));
  const printer = { id: 'front', kind: 'tcp', host: '127.0.0.1', port: sim.port, drawer: true };
  writeFileSync(path.join(dataDir, 'printers.json'), JSON.stringify({ printers: [printer] }));
  const till = await startTill(dataDir, extra);
  return {
    till,
    stop: async () => {
      await till.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let sim: PrinterSim;
test.beforeEach(async () => {
  sim = await startPrinterSim({ port: 0 });
});
test.afterEach(async () => {
  await sim.close();
});

test('returns part of a cash sale from the history, again by scanning its receipt; a refund receipt cannot be returned', async ({
  page,
  context,
}) => {
  const { till, stop } = await tillWithPrinter(sim);
  try {
    await page.goto(till.url);
    await expect(ticket(page)).toBeVisible();
    // 3 colas and a water, exactly in cash
    for (let n = 1; n <= 3; n++) {
      await product(page, COLA).click();
      await expect(line(page, COLA)).toContainText(`${n} × ¥3.00`);
    }
    await product(page, WATER).click();
    await expect(line(page, WATER)).toContainText('1 × ¥2.00');
    await ticket(page).getByRole('button', { name: 'Cash' }).click();
    const cash = page.getByRole('dialog', { name: 'Cash payment' });
    await cash.getByRole('button', { name: 'Exact ¥11.00' }).click();
    await cash.getByRole('button', { name: 'Complete sale' }).click();
    const receipt = page.getByRole('region', { name: 'Receipt' });
    await expect(receipt).toContainText('Receipt No. 1');
    await receipt.getByRole('button', { name: 'New sale' }).click();
    // the printed receipt's QR: the code a customer brings back
    const [printed] = await sim.waitForJobs(1);
    const receiptCode = printed!.qr[0]!;

    // by receipt number, from the history
    const nav = page.getByRole('navigation', { name: 'Screens' });
    await nav.getByRole('button', { name: 'Sales history' }).click();
    await page.getByRole('searchbox', { name: 'Search sales' }).fill('1');
    await page
      .getByRole('list', { name: 'Sales' })
      .getByRole('button', { name: /^No\. 1 · .* · ¥11\.00 .*Completed$/ })
      .click();
    const details = page.getByRole('region', { name: 'Sale details' });
    await details.getByRole('button', { name: 'Return items' }).click();
    const dialog = page.getByRole('dialog', { name: 'Return items of sale No. 1' });
    const confirm = dialog.getByRole('button', { name: 'Confirm return' });
    await expect(confirm).toBeDisabled();
    await expect(returnCells(dialog, COLA).nth(0)).toHaveText('3');
    await expect(returnCells(dialog, COLA).nth(1)).toHaveText('0');
    await dialog.getByRole('button', { name: `Return one more of ${COLA}` }).click();
    await expect(dialog.getByRole('spinbutton', { name: `Quantity to return of ${COLA}` })).toHaveValue('1');
    // one unit pays back the line's per-unit price
    await expect(dialog.getByRole('cell', { name: `Refund for ${COLA}` })).toHaveText('¥3.00');
    await expect(dialog.getByLabel('Refund amount')).toHaveText('¥3.00');
    await confirm.click();
    await expect(dialog.getByRole('alert')).toHaveText('Enter the reason for the return.');
    await dialog.getByRole('textbox', { name: 'Reason for the return' }).fill('Wrong flavour');
    await confirm.click();
    await expect(dialog.getByRole('status')).toHaveText('Returned ¥3.00.');
    await expect(dialog.getByRole('list', { name: 'Refunds' })).toHaveText(
      'Give ¥3.00 from the drawer to the customer.',
    );
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
    await expect(details.getByRole('list', { name: 'Returned items' })).toHaveText(
      `${COLA}: 1 of 3 returned (¥3.00)`,
    );
    await expect(details.getByRole('list', { name: 'Returns' })).toContainText('Wrong flavour');
    // part of it went back: the rest is returned item by item, never refunded in full
    await expect(details.getByRole('button', { name: 'Refund', exact: true })).toHaveCount(0);

    // the receipt scanned at the till (the wedge path): the sale opens with its Return dialog
    await nav.getByRole('button', { name: 'Sell' }).click();
    await expect(ticket(page)).toBeVisible();
    await wedgeScan(page, receiptCode);
    await expect(dialog).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Sale No. 1 found' })).toHaveCount(1);
    await expect(returnCells(dialog, COLA).nth(1)).toHaveText('1');
    // never more than is left: 2 colas
    const colas = dialog.getByRole('spinbutton', { name: `Quantity to return of ${COLA}` });
    await colas.fill('5');
    await expect(colas).toHaveValue('2');
    await expect(dialog.getByRole('button', { name: `Return one more of ${COLA}` })).toBeDisabled();
    await expect(dialog.getByLabel('Refund amount')).toHaveText('¥6.00');
    await dialog.getByRole('textbox', { name: 'Reason for the return' }).fill('Customer changed their mind');
    await dialog.getByRole('button', { name: 'Confirm return' }).click();
    await expect(dialog.getByRole('list', { name: 'Refunds' })).toHaveText(
      'Give ¥6.00 from the drawer to the customer.',
    );
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(details.getByRole('list', { name: 'Returned items' })).toHaveText(
      `${COLA}: 3 of 3 returned (¥9.00)`,
    );

    // a Return dialog left open while the water is returned at another screen: the terminal refuses
    await details.getByRole('button', { name: 'Return items' }).click();
    await dialog.getByRole('button', { name: `Return one more of ${WATER}` }).click();
    await dialog.getByRole('textbox', { name: 'Reason for the return' }).fill('Leaking');
    const other = await context.newPage();
    await other.goto(till.url);
    await other
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Sales history' })
      .click();
    await other
      .getByRole('list', { name: 'Sales' })
      .getByRole('button', { name: /^No\. 1 · / })
      .click();
    await other
      .getByRole('region', { name: 'Sale details' })
      .getByRole('button', { name: 'Return items' })
      .click();
    const otherDialog = other.getByRole('dialog', { name: 'Return items of sale No. 1' });
    await otherDialog.getByRole('button', { name: `Return one more of ${WATER}` }).click();
    await otherDialog.getByRole('textbox', { name: 'Reason for the return' }).fill('Leaking');
    await otherDialog.getByRole('button', { name: 'Confirm return' }).click();
    await expect(otherDialog.getByRole('list', { name: 'Refunds' })).toHaveText(
      'Give ¥2.00 from the drawer to the customer.',
    );
    await other.close();
    await dialog.getByRole('button', { name: 'Confirm return' }).click();
    await expect(dialog.getByRole('alert')).toHaveText(
      'That is more than can still be returned of this sale. Lower the quantity; items already returned cannot come back twice.',
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // the refund receipt's QR, scanned: a return cannot be returned
    const jobs = await sim.waitForJobs(4);
    const refundQr = jobs
      .slice(1)
      .flatMap((job) => job.qr)
      .find((qr) => qr.startsWith('RF:'));
    expect(refundQr).toBe(`RF:${receiptCode}`);
    await wedgeScan(page, refundQr!);
    await expect(page.getByRole('alert').filter({ hasText: 'That is a refund receipt.' })).toHaveText(
      'That is a refund receipt. A refund cannot be returned; scan the receipt of the original sale.',
    );
    // a receipt code no sale of this till has is tried as a product barcode, as before
    const unknown = receiptCodeOf('fffffff0-0000-4000-8000-000000000000', 42);
    await wedgeScan(page, unknown);
    await expect(page.getByRole('alert').filter({ hasText: unknown })).toBeVisible();
    await expect(ticket(page)).toBeVisible();
  } finally {
    await stop();
  }
});

test("a cashier's return asks for a manager's PIN on the approval pad every screen uses", async ({
  page,
}) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-e2e-returns-staff-'));
  const till = await startTill(dataDir, ['--demo-staff']);
  const typePin = async (pin: string, submit: string, scope: Locator) => {
    for (const digit of pin) await scope.getByRole('button', { name: digit, exact: true }).click();
    await scope.getByRole('button', { name: submit }).click();
  };
  try {
    await page.goto(till.url);
    await typePin('2222', 'Sign in', page.locator('body'));
    await expect(ticket(page)).toBeVisible();
    await sellWaterForCash(page);
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Sales history' })
      .click();
    await page
      .getByRole('list', { name: 'Sales' })
      .getByRole('button', { name: /^No\. 1 · / })
      .click();
    await page
      .getByRole('region', { name: 'Sale details' })
      .getByRole('button', { name: 'Return items' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Return items of sale No. 1' });
    await dialog.getByRole('button', { name: `Return one more of ${WATER}` }).click();
    await dialog.getByRole('textbox', { name: 'Reason for the return' }).fill('Leaking');
    await dialog.getByRole('button', { name: 'Confirm return' }).click();
    const pad = page.getByRole('dialog', { name: 'Manager approval' });
    await expect(pad).toContainText('This needs approval: refund a sale.');
    await typePin('1111', 'Approve', pad);
    await expect(dialog.getByRole('list', { name: 'Refunds' })).toHaveText(
      'Give ¥2.00 from the drawer to the customer.',
    );
  } finally {
    await till.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the Return dialog in Chinese', async ({ page }) => {
  const { till, stop } = await tillWithPrinter(sim, ['--lang', 'zh-CN']);
  try {
    await page.goto(till.url);
    const products = page.getByRole('region', { name: zhCN['products.region'] });
    await products.getByRole('button', { name: new RegExp(`^${COLA} `) }).click();
    const sell = page.getByRole('region', { name: zhCN['ticket.region'] });
    await sell.getByRole('button', { name: zhCN['ticket.cash'] }).click();
    const cash = page.getByRole('dialog', { name: zhCN['cash.title'] });
    await cash.getByRole('button', { name: zhCN['cash.exact'].replace('{amount}', '¥3.00') }).click();
    await cash.getByRole('button', { name: zhCN['cash.complete'] }).click();
    await page.getByRole('button', { name: zhCN['receipt.newSale'] }).click();
    await expect(sell).toBeVisible();

    await page
      .getByRole('navigation', { name: zhCN['nav.screens'] })
      .getByRole('button', { name: zhCN['nav.history'] })
      .click();
    await page.getByRole('list', { name: zhCN['history.list'] }).getByRole('button').first().click();
    await page.getByRole('button', { name: '退货', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '销售单 1 号退货' });
    for (const header of ['商品', '已售数量', '已退数量', '退货数量', '退款']) {
      await expect(dialog.getByRole('columnheader', { name: header, exact: true })).toBeVisible();
    }
    await dialog.getByRole('button', { name: `${COLA} 多退一件` }).click();
    await expect(dialog.getByRole('spinbutton', { name: `${COLA} 的退货数量` })).toHaveValue('1');
    await expect(dialog.getByLabel('退款金额')).toHaveText('¥3.00');
    await dialog.getByRole('button', { name: '确认退货' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('请输入退货原因。');
    await dialog.getByRole('textbox', { name: '退货原因' }).fill('口味不对');
    await dialog.getByRole('button', { name: '确认退货' }).click();
    await expect(dialog.getByRole('list', { name: '退款', exact: true })).toHaveText(
      '请从钱箱取出 ¥3.00 退给顾客。',
    );
    await dialog.getByRole('button', { name: zhCN['dialog.close'] }).click();
  } finally {
    await stop();
  }
});

walletTest(
  'a split sale returned in part: cash and wallet each give back their share',
  async ({ page, walletTill, gateway }) => {
    await page.goto(walletTill.url);
    const tea = page.getByRole('region', { name: 'Products' }).getByRole('button', {
      name: new RegExp(`^${GREEN_TEA} `),
    });
    await tea.click();
    await tea.click();
    await walletExpect(line(page, GREEN_TEA)).toContainText('2 × ¥3.50');
    // ¥4.00 in cash as a part, the other ¥3.00 by a wallet code
    await ticket(page).getByRole('button', { name: 'Cash' }).click();
    const cash = page.getByRole('dialog', { name: 'Cash payment' });
    for (const key of ['4', '0', '0']) await cash.getByRole('button', { name: key, exact: true }).click();
    await cash.getByRole('button', { name: 'Take as part payment' }).click();
    await walletExpect(cash).toHaveCount(0);
    await ticket(page).getByRole('button', { name: 'QR pay' }).click();
    const { auth_code } = await gateway.control<IssuedCode>('/sandbox/codes', { wallet: 'sandbox' });
    await qrDialog(page).getByRole('textbox', { name: 'Enter the code' }).fill(auth_code);
    await qrDialog(page).getByRole('button', { name: 'Charge' }).click();
    await expectWalletReceipt(page);
    await page.getByRole('button', { name: 'New sale' }).click();

    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('button', { name: 'Sales history' })
      .click();
    await page
      .getByRole('list', { name: 'Sales' })
      .getByRole('button', { name: /^No\. 1 · / })
      .click();
    await page
      .getByRole('region', { name: 'Sale details' })
      .getByRole('button', { name: 'Return items' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Return items of sale No. 1' });
    await dialog.getByRole('button', { name: `Return one more of ${GREEN_TEA}` }).click();
    await walletExpect(dialog.getByLabel('Refund amount')).toHaveText('¥3.50');
    // proportional by default: 4/7 and 3/7 of ¥3.50
    const tenders = dialog.getByRole('group', { name: 'Paid back to' });
    await walletExpect(tenders.getByLabel('Cash')).toHaveText('¥2.00');
    await walletExpect(tenders.getByLabel('Sandbox wallet')).toHaveText('¥1.50');
    // a manager's own split must add up
    await tenders.getByRole('checkbox', { name: 'Choose the split' }).check();
    const cashBack = tenders.getByRole('textbox', { name: 'Amount back to Cash' });
    await walletExpect(cashBack).toHaveValue('2.00');
    await cashBack.fill('3.00');
    await walletExpect(dialog.getByRole('alert')).toHaveText(
      'The amounts add up to ¥4.50, but the return is ¥3.50. Change them by ¥1.00.',
    );
    await walletExpect(dialog.getByRole('button', { name: 'Confirm return' })).toBeDisabled();
    await tenders.getByRole('checkbox', { name: 'Choose the split' }).uncheck();
    await walletExpect(tenders.getByLabel('Cash')).toHaveText('¥2.00');

    await dialog.getByRole('textbox', { name: 'Reason for the return' }).fill('Damaged bottle');
    await dialog.getByRole('button', { name: 'Confirm return' }).click();
    const refunds = dialog.getByRole('list', { name: 'Refunds' }).getByRole('listitem');
    await walletExpect(refunds).toHaveText([
      'Give ¥2.00 from the drawer to the customer.',
      '¥1.50 refunded to the customer’s Sandbox wallet account.',
    ]);
    // the wallet's ledger: ¥1.50 of its ¥3.00 went back, once
    const orders = (await gateway.ledger()) as unknown as {
      amount: number;
      refunded: number;
      refunded_amount: number;
    }[];
    walletExpect(orders.map((o) => [o.amount, o.refunded, o.refunded_amount])).toEqual([[300, 1, 150]]);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // the provider out of reach: the wallet's share stays pending, Try again asks about the same return
    await gateway.stop();
    const details = page.getByRole('region', { name: 'Sale details' });
    await details.getByRole('button', { name: 'Return items' }).click();
    await dialog.getByRole('button', { name: `Return one more of ${GREEN_TEA}` }).click();
    await dialog.getByRole('textbox', { name: 'Reason for the return' }).fill('Damaged bottle');
    await dialog.getByRole('button', { name: 'Confirm return' }).click();
    await walletExpect(refunds.first()).toHaveText('Give ¥2.00 from the drawer to the customer.');
    await walletExpect(refunds.nth(1)).toContainText('¥1.50 to Sandbox wallet');
    await walletExpect(refunds.nth(1)).not.toContainText('refunded');
    await dialog.getByRole('button', { name: 'Try again' }).click();
    await walletExpect(dialog.getByRole('button', { name: 'Try again' })).toBeEnabled();
    await dialog.getByRole('button', { name: 'Close' }).click();
    // one return each time, never a second one for the retry
    await walletExpect(
      details
        .getByRole('list', { name: 'Returns' })
        .getByRole('listitem')
        .filter({ hasText: 'Damaged bottle' }),
    ).toHaveCount(2);
    await walletExpect(details.getByRole('list', { name: 'Returned items' })).toHaveText(
      `${GREEN_TEA}: 2 of 2 returned (¥7.00)`,
    );
  },
);
