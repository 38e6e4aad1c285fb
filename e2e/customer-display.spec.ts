import type { Page } from '@playwright/test';
import { ticket } from './sale-steps.js';
import {
  expect,
  GREEN_TEA,
  openTillWithTea,
  qrDialog,
  readQr,
  test,
  type Gateway,
} from './wallet-fixtures.js';

/**
 * The customer display (`#/customer&token=...`, the second line `serve` prints) beside a cashier on one
 * till: it follows the ticket, the QR and the payment from the terminal's events, and its token can only
 * read: a change asked for through its own WebSocket is refused with `forbidden` and the ticket stays.
 */

const items = (display: Page) => display.getByRole('list', { name: 'Your items' });

async function openDisplay(display: Page, url: string): Promise<void> {
  await display.goto(url);
  await expect(display.getByRole('heading', { name: /^Welcome to / })).toBeVisible();
  // the token left the address bar; the route stayed
  expect(new URL(display.url()).hash).toBe('#/customer');
}

/** A call as the display page's own credentials make it (its tab's token, its origin), answered raw. */
function callAsDisplay(display: Page, method: string, params: unknown) {
  return display.evaluate(
    ({ method, params }) =>
      new Promise<unknown>((resolve, reject) => {
        const token = sessionStorage.getItem('tillpoint.token') ?? '';
        const ws = new WebSocket(`ws://${location.host}/api?token=${encodeURIComponent(token)}`);
        ws.onerror = () => reject(new Error('the display socket did not open'));
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, method, params }));
        ws.onmessage = (event) => {
          const frame = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
          if (frame.id !== 1) return;
          ws.close();
          resolve(frame.result);
        };
      }),
    { method, params },
  );
}

const paidOnce = async (gateway: Gateway, amount: number) => {
  const paid = (await gateway.ledger()).filter((order) => order.trade_status === 'SUCCESS');
  expect(paid).toHaveLength(1);
  expect(paid[0]).toMatchObject({ amount, charged: 1 });
};

test('the display follows the ticket, shows the QR with the amount and the paid result, and cannot change the sale', async ({
  page,
  context,
  walletTill,
  gateway,
}) => {
  const display = await context.newPage();
  await openDisplay(display, walletTill.displayUrl);

  await openTillWithTea(page, walletTill.url);
  const tea = items(display).getByRole('listitem', { name: GREEN_TEA });
  await expect(tea).toContainText('1 × ¥3.50');
  await ticket(page)
    .getByRole('button', { name: `Increase quantity of ${GREEN_TEA}` })
    .click();
  await expect(tea).toContainText('2 × ¥3.50');
  await expect(display.getByLabel('Total', { exact: true })).toHaveText('¥7.00');

  // the display's own token asks for a change: forbidden, and both screens still show two teas
  const sale = (await callAsDisplay(display, 'sale.current', {})) as { ok: true; value: { id: string } };
  expect(sale.ok).toBe(true);
  for (const [method, params] of [
    ['sale.void', { saleId: sale.value.id }],
    ['sale.scan', { saleId: sale.value.id, barcode: '6901234567892' }],
    ['sale.complete', { saleId: sale.value.id, tender: { method: 'cash', tendered: 10_000 } }],
  ] as const) {
    expect(await callAsDisplay(display, method, params)).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        message: 'This screen can only show the sale; it cannot change it.',
        details: { method },
      },
    });
  }
  expect(await callAsDisplay(display, 'sale.current', {})).toMatchObject({
    ok: true,
    value: { state: 'open', lines: [{ name: GREEN_TEA, quantity: 2 }] },
  });
  await expect(tea).toContainText('2 × ¥3.50');
  await expect(ticket(page).getByRole('listitem', { name: GREEN_TEA, exact: true })).toBeVisible();
  // and there is nothing on the display to press
  await expect(display.getByRole('button')).toHaveCount(0);

  // the merchant QR: the same payload on the display as in the cashier's dialog, with the amount
  await page.getByRole('button', { name: 'QR pay' }).click();
  const dialog = qrDialog(page);
  await dialog.getByRole('button', { name: 'Show QR' }).click();
  await dialog
    .getByRole('button', { name: /^Show .+ QR$/ })
    .first()
    .click();
  const qr = display.getByRole('img', { name: 'Payment QR code for ¥7.00' });
  await expect(qr).toBeVisible();
  await expect(display.getByRole('region', { name: 'Your payment' })).toContainText(
    /Code expires in \d+:\d\d/,
  );
  await expect(display.getByRole('status')).toHaveText('Waiting for the customer to scan and pay');
  // a display reloaded (or plugged in) mid-payment finds the QR that is up
  await display.reload();
  await expect(qr).toBeVisible();
  await expect(display.getByRole('status')).toHaveText('Waiting for the customer to scan and pay');
  const payload = await readQr(await qr.screenshot());
  expect(payload).toMatch(/^tillpoint-sandbox:\/\/pay\/\w+$/);
  const open = (await gateway.ledger()).filter((order) => order.trade_status === 'NOTPAY');
  expect(open).toHaveLength(1);

  // the customer's phone pays: the display thanks, with what was paid and how
  await gateway.control(`/sandbox/orders/${open[0]!.out_trade_no}/pay`, { wallet: 'sandbox' });
  await expect(display.getByRole('heading', { name: 'Thank you!' })).toBeVisible({ timeout: 20_000 });
  await expect(display.getByLabel('Paid by Sandbox wallet', { exact: true })).toHaveText('¥7.00');
  await expect(display.getByText('Receipt No. 1')).toBeVisible();
  await paidOnce(gateway, 700);
});

test('after a cash sale the display shows the tender and the change, then welcomes the next customer', async ({
  page,
  context,
  till,
}) => {
  const display = await context.newPage();
  await openDisplay(display, till.displayUrl);
  await page.goto(till.url);
  await page
    .getByRole('region', { name: 'Products' })
    .getByRole('button', { name: new RegExp(`^${GREEN_TEA} `) })
    .click();
  await expect(items(display).getByRole('listitem', { name: GREEN_TEA })).toContainText('1 × ¥3.50');

  // ¥1.00 off the ticket: the display shows the line's share and the totals
  await ticket(page).getByRole('button', { name: 'Ticket discount' }).click();
  const ticketDialog = page.getByRole('dialog', { name: 'Ticket discount' });
  await ticketDialog.getByLabel('Amount', { exact: true }).check();
  await ticketDialog.getByLabel('Amount off (CNY)').fill('1');
  await ticketDialog.getByRole('button', { name: 'Apply' }).click();
  await expect(items(display).getByRole('listitem', { name: GREEN_TEA })).toContainText(
    'Ticket discount −¥1.00',
  );
  await expect(display.getByLabel('Discount', { exact: true })).toHaveText('−¥1.00');
  await expect(display.getByLabel('Total', { exact: true })).toHaveText('¥2.50');

  await ticket(page).getByRole('button', { name: 'Cash' }).click();
  const cash = page.getByRole('dialog', { name: 'Cash payment' });
  const keypad = cash.getByRole('group', { name: 'Keypad' });
  for (const digit of '1000') await keypad.getByRole('button', { name: digit, exact: true }).click();
  await cash.getByRole('button', { name: 'Complete sale' }).click();

  await expect(display.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  await expect(display.getByLabel('Cash tendered', { exact: true })).toHaveText('¥10.00');
  await expect(display.getByLabel('Change', { exact: true })).toHaveText('¥7.50');
  // the thank-you gives way to the welcome by itself (8 s)
  await expect(display.getByRole('heading', { name: /^Welcome to / })).toBeVisible({ timeout: 15_000 });

  // the next customer's item shows, and a void on the cashier's side brings back the welcome
  await page.getByRole('region', { name: 'Receipt' }).getByRole('button', { name: 'New sale' }).click();
  await page
    .getByRole('region', { name: 'Products' })
    .getByRole('button', { name: new RegExp(`^${GREEN_TEA} `) })
    .click();
  await expect(items(display).getByRole('listitem', { name: GREEN_TEA })).toContainText('1 × ¥3.50');
  await ticket(page).getByRole('button', { name: 'Void ticket' }).click();
  await page
    .getByRole('dialog', { name: 'Void ticket' })
    .getByRole('button', { name: 'Void ticket' })
    .click();
  await expect(display.getByRole('heading', { name: /^Welcome to / })).toBeVisible();
  await expect(items(display)).toHaveCount(0);
});
