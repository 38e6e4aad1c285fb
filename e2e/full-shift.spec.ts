import type { Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ticket } from './sale-steps.js';
import {
  expect,
  expectWalletReceipt,
  qrDialog,
  startTill,
  test,
  type IssuedCode,
} from './wallet-fixtures.js';

/**
 * A whole shift in the cashier's UI on the real stack (`tillpoint serve`, Chromium, the sandbox gateway),
 * elements by role and name: the float counted on the pad, a cash sale, a split sale (cash part, the rest
 * by a wallet's customer code), a wallet sale, cash in, a partial return of the split sale, the X report,
 * the blind count and the Z report. The drawer's expected cash is float + cash sales - cash refunds + cash
 * in; the count matches it to the fen, and the Z report says the same as the X report did.
 */
const COLA = '可口可乐 330ml'; // ¥3.00
const WATER = '矿泉水 550ml'; // ¥2.00
const GREEN_TEA = '绿茶 500ml'; // ¥3.50

const product = (page: Page, name: string) =>
  page.getByRole('region', { name: 'Products' }).getByRole('button', { name: new RegExp(`^${name} `) });
/** a report's row by its label (its accessible name is the label followed by the value) */
const row = (label: string) => ({ name: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `) });

test('a full shift: float, cash, split and wallet sales, cash in, a partial return, X = Z, no variance', async ({
  page,
  gateway,
}, testInfo) => {
  testInfo.setTimeout(120_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tillpoint-e2e-full-shift-'));
  writeFileSync(
    path.join(dataDir, 'shift.json'),
    JSON.stringify({ required: true, varianceToleranceMinor: 0 }),
  );
  const till = await startTill(dataDir, ['--gateway', gateway.url]);
  const payByCode = async () => {
    await ticket(page).getByRole('button', { name: 'QR pay' }).click();
    const { auth_code } = await gateway.control<IssuedCode>('/sandbox/codes', { wallet: 'sandbox' });
    await qrDialog(page).getByRole('textbox', { name: 'Enter the code' }).fill(auth_code);
    await qrDialog(page).getByRole('button', { name: 'Charge' }).click();
    await expectWalletReceipt(page);
  };
  const newSale = () =>
    page.getByRole('region', { name: 'Receipt' }).getByRole('button', { name: 'New sale' }).click();
  try {
    await page.goto(till.url);
    const nav = page.getByRole('navigation', { name: 'Screens' });
    const shift = page.getByRole('region', { name: 'Shift' });
    const pad = page.getByRole('group', { name: 'Notes and coins' });

    // open with ¥100.00 counted on the pad
    await nav.getByRole('button', { name: 'Shift' }).click();
    await pad.getByRole('button', { name: 'One ¥100.00 more' }).click();
    await shift.getByRole('button', { name: 'Open shift', exact: true }).click();
    await expect(shift).toContainText('Opening float: ¥100.00');

    // a cola in cash
    await nav.getByRole('button', { name: 'Sell' }).click();
    await product(page, COLA).click();
    await ticket(page).getByRole('button', { name: 'Cash', exact: true }).click();
    const cash = page.getByRole('dialog', { name: 'Cash payment' });
    await cash.getByRole('button', { name: 'Exact ¥3.00' }).click();
    await cash.getByRole('button', { name: 'Complete sale' }).click();
    await newSale();

    // two waters: ¥2.00 in cash as a part, the rest by a customer code
    await product(page, WATER).click();
    await product(page, WATER).click();
    await expect(ticket(page).getByRole('listitem', { name: WATER, exact: true })).toContainText('2 × ¥2.00');
    await ticket(page).getByRole('button', { name: 'Cash', exact: true }).click();
    for (const key of ['2', '0', '0']) await cash.getByRole('button', { name: key, exact: true }).click();
    await cash.getByRole('button', { name: 'Take as part payment' }).click();
    await expect(ticket(page).getByLabel('Left to pay')).toHaveText('¥2.00');
    await payByCode();
    await newSale();

    // a green tea by a customer code
    await product(page, GREEN_TEA).click();
    await payByCode();
    await newSale();

    // ¥50.00 into the drawer
    await nav.getByRole('button', { name: 'Shift' }).click();
    await shift.getByRole('button', { name: 'Cash in' }).click();
    const cashIn = page.getByRole('dialog', { name: 'Cash in' });
    await cashIn.getByRole('textbox', { name: 'Amount' }).fill('50');
    await cashIn.getByRole('textbox', { name: 'Reason' }).fill('Coins from the bank');
    await cashIn.getByRole('button', { name: 'Record' }).click();
    await expect(page.getByText('Cash in recorded: ¥50.00.')).toBeVisible();

    // one water of the split sale comes back: ¥1.00 from the drawer, ¥1.00 to the wallet
    await nav.getByRole('button', { name: 'Sales history' }).click();
    await page
      .getByRole('list', { name: 'Sales' })
      .getByRole('button', { name: /^No\. 2 · / })
      .click();
    await page
      .getByRole('region', { name: 'Sale details' })
      .getByRole('button', { name: 'Return items' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Return items of sale No. 2' });
    await dialog.getByRole('button', { name: `Return one more of ${WATER}` }).click();
    await expect(dialog.getByLabel('Refund amount')).toHaveText('¥2.00');
    await dialog.getByRole('textbox', { name: 'Reason for the return' }).fill('Leaking');
    await dialog.getByRole('button', { name: 'Confirm return' }).click();
    await expect(dialog.getByRole('list', { name: 'Refunds' })).toContainText(
      'Give ¥1.00 from the drawer to the customer.',
    );
    await dialog.getByRole('button', { name: 'Close' }).click();
    // the wallet got its half back, once
    await expect
      .poll(async () =>
        (await gateway.ledger()).reduce(
          (s, o) => s + ((o as { refunded_amount?: number }).refunded_amount ?? 0),
          0,
        ),
      )
      .toBe(100);

    // X: 100 + 3 + 2 (the split's cash part) - 1 (its cash refund) + 50 = ¥154.00
    await nav.getByRole('button', { name: 'Shift' }).click();
    await shift.getByRole('button', { name: 'X report' }).click();
    const x = page.getByRole('article', { name: 'X report' });
    await expect(x.getByRole('row', row('Expected in the drawer'))).toContainText('¥154.00');
    await expect(x.getByRole('row', row('Sales'))).toContainText('3 sales · ¥10.50');
    await expect(x.getByRole('row', row('Cash sales'))).toContainText('¥5.00');
    await expect(x.getByRole('row', row('Cash refunds'))).toContainText('¥1.00');
    await expect(x.getByRole('row', row('Refunds'))).toContainText('2 times: ¥2.00');
    await shift.getByRole('button', { name: 'Back to the shift' }).click();

    // the blind count: ¥100 + ¥50 + 4 × ¥1 = ¥154.00, to the fen
    await shift.getByRole('button', { name: 'Close the shift' }).click();
    await pad.getByRole('textbox', { name: 'Count of ¥100.00' }).fill('1');
    await pad.getByRole('textbox', { name: 'Count of ¥50.00' }).fill('1');
    await pad.getByRole('textbox', { name: 'Count of ¥1.00' }).fill('4');
    await shift.getByRole('button', { name: 'Close shift', exact: true }).click();
    const z = page.getByRole('article', { name: 'Z report 1' });
    await expect(z.getByRole('row', row('Expected in the drawer'))).toContainText('¥154.00');
    await expect(z.getByRole('row', row('Counted'))).toContainText('¥154.00');
    await expect(z.getByRole('row', row('Variance'))).toContainText('¥0.00');
    await expect(z.getByRole('row', row('Sales'))).toContainText('3 sales · ¥10.50');
    await expect(z.getByRole('row', row('Refunds'))).toContainText('2 times: ¥2.00');
    await expect(z.getByRole('row', row('Receipts'))).toContainText('No. 1 to 3');
  } finally {
    await till.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
