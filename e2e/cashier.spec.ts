import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

/**
 * The cashier screen against the real stack: `tillpoint serve` (SQLite in a temp folder, loopback
 * WebSocket) and Chromium. Products come from the demo catalog (assets/demo-catalog.json: CNY, VAT 13 %
 * included in prices). Everything is found by role and accessible name.
 */

// The shop's names (Chinese) on an English till too: each tile's accessible name starts with it.
const GREEN_TEA = '绿茶 500ml'; // Green Tea 500 ml, ¥3.50, EAN 6914074011135
const WATER = '矿泉水 550ml'; // Mineral Water 550 ml, ¥2.00
const WATER_EAN = '6901234567892';
const COLA = '可口可乐 330ml'; // Cola 330 ml, ¥3.00
const COLA_EAN = '6914111012262';
const JUICE = '橙汁 1L'; // Orange Juice 1 L, ¥12.90
/** A valid EAN-13 that is not in the catalog. */
const UNKNOWN_EAN = '4006381333931';

async function openTill(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole('region', { name: 'Ticket' })).toBeVisible();
}

const product = (page: Page, name: string) =>
  page.getByRole('region', { name: 'Products' }).getByRole('button', { name: new RegExp(`^${name} `) });
const ticket = (page: Page) => page.getByRole('region', { name: 'Ticket' });
const line = (page: Page, name: string) => ticket(page).getByRole('listitem', { name, exact: true });

/**
 * A keyboard-wedge scanner's burst: the code's keys then Enter, dispatched in the page in one go. A real
 * scanner's key times come from the hardware; Playwright's keyboard waits for each key to be handled before
 * sending the next, which on a loaded 2-core machine stretches the gaps past the wedge threshold. The keys go
 * to the focused element, and what a browser does by default with a key nobody prevented is done here too: a
 * printable key is typed into a focused text field, Enter presses a focused button.
 */
async function scannerBurst(page: Page, barcode: string) {
  await page.evaluate((code) => {
    const target = (document.activeElement as HTMLElement | null) ?? document.body;
    for (const key of [...code, 'Enter']) {
      const notPrevented = target.dispatchEvent(
        new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }),
      );
      if (notPrevented && key.length === 1 && target instanceof HTMLInputElement) {
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(
          target,
          target.value + key,
        );
        target.dispatchEvent(new Event('input', { bubbles: true }));
      }
      if (notPrevented && key === 'Enter' && target instanceof HTMLButtonElement) target.click();
      target.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true }));
    }
  }, barcode);
}

/** A scan with nothing focused. */
async function wedgeScan(page: Page, barcode: string) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await scannerBurst(page, barcode);
}

test('rings up by tapping and by a wedge scan; human typing and unknown codes add nothing', async ({
  page,
  till,
}) => {
  await openTill(page, till.url);
  // The token left the visible URL (it stays in sessionStorage for a reload).
  expect(page.url()).not.toContain('token=');
  await expect(page.getByRole('banner')).toContainText('Not connected to a hub');

  await product(page, GREEN_TEA).click();
  await expect(line(page, GREEN_TEA)).toContainText('1 × ¥3.50');

  await wedgeScan(page, WATER_EAN);
  await expect(line(page, WATER)).toContainText('1 × ¥2.00');
  await expect(ticket(page).getByRole('listitem')).toHaveCount(2);

  // A person typing the same kind of code into the search box, then Enter: it searches, it does not sell.
  const search = page.getByLabel('Search products');
  await search.click();
  await page.keyboard.type(COLA_EAN, { delay: 120 });
  await page.keyboard.press('Enter');
  await expect(product(page, COLA)).toBeVisible();
  await expect(page.getByRole('list', { name: 'Product list' }).getByRole('listitem')).toHaveCount(1);
  await expect(ticket(page).getByRole('listitem')).toHaveCount(2);

  // A scan while the search box has focus: the item is added and the box gets its text back.
  await search.fill('tea');
  // Let the results for "tea" render first, so the scan is the only thing typed into the box.
  await expect(product(page, GREEN_TEA)).toBeVisible();
  await scannerBurst(page, COLA_EAN);
  await expect(line(page, COLA)).toBeVisible();
  await expect(search).toHaveValue('tea');

  // A scan right after tapping a product: that button still has focus, and the scan's Enter must not press it.
  await product(page, GREEN_TEA).click();
  await expect(line(page, GREEN_TEA)).toContainText('2 × ¥3.50');
  await scannerBurst(page, WATER_EAN);
  await expect(line(page, WATER)).toContainText('2 × ¥2.00');
  await expect(line(page, GREEN_TEA)).toContainText('2 × ¥3.50');
  await ticket(page)
    .getByRole('button', { name: `Decrease quantity of ${WATER}` })
    .click();
  await expect(line(page, WATER)).toContainText('1 × ¥2.00');
  await ticket(page)
    .getByRole('button', { name: `Decrease quantity of ${GREEN_TEA}` })
    .click();
  await expect(line(page, GREEN_TEA)).toContainText('1 × ¥3.50');

  // Unknown barcode: a clear alert naming it, and the ticket is unchanged.
  await wedgeScan(page, UNKNOWN_EAN);
  await expect(page.getByRole('alert')).toContainText(UNKNOWN_EAN);
  await expect(ticket(page).getByRole('listitem')).toHaveCount(3);

  // Quantity up and down.
  await ticket(page)
    .getByRole('button', { name: `Increase quantity of ${GREEN_TEA}` })
    .click();
  await expect(line(page, GREEN_TEA)).toContainText('2 × ¥3.50');
  await expect(line(page, GREEN_TEA)).toContainText('¥7.00');
  await ticket(page)
    .getByRole('button', { name: `Decrease quantity of ${GREEN_TEA}` })
    .click();
  await expect(line(page, GREEN_TEA)).toContainText('1 × ¥3.50');
  await ticket(page)
    .getByRole('button', { name: `Remove ${COLA}` })
    .click();
  await expect(line(page, COLA)).toHaveCount(0);
  await expect(ticket(page).getByLabel('Total', { exact: true })).toHaveText('¥5.50');

  // The open ticket survives a reload (the service keeps it; the token comes from sessionStorage).
  await page.reload();
  await expect(line(page, GREEN_TEA)).toBeVisible();
  await expect(line(page, WATER)).toBeVisible();
});

test('discounts, cash with change, receipt, and the sale found in history after a restart', async ({
  page,
  till,
}) => {
  await openTill(page, till.url);
  await product(page, JUICE).click();
  await expect(line(page, JUICE)).toBeVisible();
  await ticket(page)
    .getByRole('button', { name: `Increase quantity of ${JUICE}` })
    .click();
  await expect(line(page, JUICE)).toContainText('2 × ¥12.90');
  await product(page, GREEN_TEA).click();
  await expect(line(page, GREEN_TEA)).toBeVisible();

  // 10 % off the juice line: 10 % of ¥25.80 = ¥2.58.
  await line(page, JUICE).getByRole('button', { name: 'Discount' }).click();
  const lineDialog = page.getByRole('dialog', { name: `Discount on ${JUICE}` });
  await lineDialog.getByLabel('Percent', { exact: true }).check();
  await lineDialog.getByLabel('Percent off').fill('150');
  await lineDialog.getByRole('button', { name: 'Apply' }).click();
  await expect(lineDialog.getByRole('alert')).toContainText('from 0.01 to 100');
  await lineDialog.getByLabel('Percent off').fill('10');
  await lineDialog.getByRole('button', { name: 'Apply' }).click();
  await expect(lineDialog).toBeHidden();
  await expect(line(page, JUICE)).toContainText('Discount −¥2.58');

  // ¥1.00 off the ticket.
  await ticket(page).getByRole('button', { name: 'Ticket discount' }).click();
  const ticketDialog = page.getByRole('dialog', { name: 'Ticket discount' });
  await ticketDialog.getByLabel('Amount', { exact: true }).check();
  await ticketDialog.getByLabel('Amount off (CNY)').fill('1');
  await ticketDialog.getByRole('button', { name: 'Apply' }).click();
  await expect(ticketDialog).toBeHidden();

  const totals = ticket(page);
  await expect(totals.getByLabel('Subtotal')).toHaveText('¥29.30');
  await expect(totals.getByLabel('Discount', { exact: true })).toHaveText('−¥3.58');
  await expect(totals.getByLabel('Total', { exact: true })).toHaveText('¥25.72');

  // Cash: ¥50.00 keyed in, ¥24.28 change.
  await ticket(page).getByRole('button', { name: 'Cash' }).click();
  const cash = page.getByRole('dialog', { name: 'Cash payment' });
  await expect(cash.getByLabel('Amount due')).toHaveText('¥25.72');
  const complete = cash.getByRole('button', { name: 'Complete sale' });
  await expect(complete).toBeDisabled();
  for (const key of ['5', '0', '0', '0']) await cash.getByRole('button', { name: key, exact: true }).click();
  await expect(cash.getByLabel('Amount tendered')).toHaveText('¥50.00');
  await expect(cash.getByLabel('Change due')).toHaveText('¥24.28');
  await complete.click();

  const receipt = page.getByRole('region', { name: 'Receipt' });
  await expect(receipt.getByRole('heading', { name: 'Receipt' })).toBeVisible();
  await expect(receipt).toContainText('Receipt No. 1');
  await expect(receipt.getByLabel('Total', { exact: true })).toHaveText('¥25.72');
  await expect(receipt.getByLabel('Cash tendered')).toHaveText('¥50.00');
  await expect(receipt.getByLabel('Change', { exact: true })).toHaveText('¥24.28');
  await expect(receipt).toContainText('incl.');
  await expect(receipt.getByRole('button', { name: 'Print' })).toBeVisible();
  // The completed sale waits in the outbox for the hub (status.changed reaches the banner).
  await expect(page.getByRole('banner')).toContainText('Queued: 1');
  // The print stylesheet prints the receipt and nothing else.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('banner')).toBeHidden();
  await expect(receipt.getByRole('button', { name: 'Print' })).toBeHidden();
  await expect(receipt.getByLabel('Total', { exact: true })).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
  await receipt.getByRole('button', { name: 'New sale' }).click();
  await expect(ticket(page)).toContainText('Scan or tap a product');

  // A new process on the same data folder: the sale is in SQLite, not in memory.
  await openTill(page, await till.restart());
  await expect(page.getByRole('banner')).toContainText('Queued: 1');
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('button', { name: 'Sales history' })
    .click();
  await page.getByLabel('Search sales').fill('1');
  const sales = page.getByRole('list', { name: 'Sales' });
  const row = sales.getByRole('button', { name: /^No\. 1 · .* · ¥25\.72/ });
  await row.click();
  const details = page.getByRole('region', { name: 'Sale details' });
  await expect(details.getByRole('heading', { name: 'Sale No. 1' })).toBeVisible();
  await expect(details).toContainText('Completed');
  await expect(details.getByLabel('Total', { exact: true })).toHaveText('¥25.72');
  await expect(details.getByRole('list', { name: 'Payments' })).toContainText('Cash ¥25.72');
  await expect(details).toContainText(JUICE);

  // Searching by product finds it too; a product it does not contain finds nothing.
  await page.getByLabel('Search sales').fill('橙汁');
  await expect(row).toBeVisible();
  await page.getByLabel('Search sales').fill('可乐');
  await expect(row).toHaveCount(0);
});

test('a hardware keyboard keys the cash amount; a scan meanwhile leaves it alone; Escape and Enter', async ({
  page,
  till,
}) => {
  await openTill(page, till.url);
  await product(page, COLA).click();
  await expect(line(page, COLA)).toBeVisible();
  const cash = page.getByRole('dialog', { name: 'Cash payment' });

  // Escape closes the dialog and keeps the ticket.
  await ticket(page).getByRole('button', { name: 'Cash' }).click();
  await expect(cash).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(cash).toBeHidden();
  await expect(line(page, COLA)).toBeVisible();

  await ticket(page).getByRole('button', { name: 'Cash' }).click();
  // Quick amounts: exact, then the next whole ¥10, ¥20, ¥50 and ¥100.
  await expect(cash.getByRole('group', { name: 'Quick amounts' }).getByRole('button')).toHaveText([
    'Exact ¥3.00',
    '¥10.00',
    '¥20.00',
    '¥50.00',
    '¥100.00',
  ]);
  // At a person's pace (a scanner's keys come a few milliseconds apart).
  await page.keyboard.type('5001', { delay: 120 });
  await expect(cash.getByLabel('Amount tendered')).toHaveText('¥50.01');
  await page.keyboard.press('Backspace', { delay: 120 });
  await page.keyboard.type('0', { delay: 120 });
  await expect(cash.getByLabel('Amount tendered')).toHaveText('¥50.00');

  // A wedge scan while the dialog is open: its digits do not stay in the amount, and nothing is added.
  await scannerBurst(page, WATER_EAN);
  await expect(cash.getByLabel('Amount tendered')).toHaveText('¥50.00');
  await expect(ticket(page).getByRole('listitem')).toHaveCount(1);

  await expect(cash.getByLabel('Change due')).toHaveText('¥47.00');
  await page.keyboard.press('Enter');
  const receipt = page.getByRole('region', { name: 'Receipt' });
  await expect(receipt.getByLabel('Cash tendered')).toHaveText('¥50.00');
  await expect(receipt.getByLabel('Change', { exact: true })).toHaveText('¥47.00');
});

test('a line’s quantity is typed: 24 on the keyboard, then 0 on the keypad removes the line', async ({
  page,
  till,
}) => {
  await openTill(page, till.url);
  await product(page, COLA).click();
  await product(page, WATER).click();
  await expect(line(page, WATER)).toBeVisible();

  await line(page, COLA)
    .getByRole('button', { name: `Quantity of ${COLA}`, exact: true })
    .click();
  const dialog = page.getByRole('dialog', { name: `Quantity of ${COLA}` });
  await expect(dialog.getByLabel('New quantity')).toHaveText('1');
  await page.keyboard.type('24', { delay: 120 });
  await expect(dialog.getByLabel('New quantity')).toHaveText('24');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(line(page, COLA)).toContainText('24 × ¥3.00');
  await expect(line(page, COLA)).toContainText('¥72.00');
  await expect(ticket(page).getByLabel('Total', { exact: true })).toHaveText('¥74.00');

  await line(page, COLA)
    .getByRole('button', { name: `Quantity of ${COLA}`, exact: true })
    .click();
  await dialog.getByRole('group', { name: 'Keypad' }).getByRole('button', { name: '0', exact: true }).click();
  await dialog.getByRole('button', { name: 'Remove line' }).click();
  await expect(line(page, COLA)).toHaveCount(0);
  await expect(ticket(page).getByLabel('Total', { exact: true })).toHaveText('¥2.00');
});

test('the camera decoder is picked in Settings and kept across a reload', async ({ page, till }) => {
  await openTill(page, till.url);
  const nav = page.getByRole('navigation', { name: 'Screens' });
  await nav.getByRole('button', { name: 'Settings' }).click();
  const decoder = page.getByRole('combobox', { name: 'Decoder' });
  await expect(decoder).toHaveValue('zxing');
  await decoder.selectOption({ label: 'jsQR' });
  await expect(page.getByRole('status').filter({ hasText: 'now reads codes with jsQR' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('region', { name: 'Ticket' })).toBeVisible();
  await nav.getByRole('button', { name: 'Settings' }).click();
  await expect(decoder).toHaveValue('jsqr');
});

test('voids a ticket after confirming, and keeps it when the cashier changes their mind', async ({
  page,
  till,
}) => {
  await openTill(page, till.url);
  await product(page, COLA).click();
  await expect(line(page, COLA)).toBeVisible();

  await ticket(page).getByRole('button', { name: 'Void ticket' }).click();
  const confirm = page.getByRole('dialog', { name: 'Void ticket' });
  await confirm.getByRole('button', { name: 'Keep ticket' }).click();
  await expect(confirm).toBeHidden();
  await expect(line(page, COLA)).toBeVisible();

  await ticket(page).getByRole('button', { name: 'Void ticket' }).click();
  await confirm.getByRole('button', { name: 'Void ticket' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole('status')).toHaveText('Ticket voided');
  await expect(ticket(page).getByRole('listitem')).toHaveCount(0);
  await expect(ticket(page).getByRole('button', { name: 'Cash' })).toBeDisabled();

  // The voided ticket is kept, marked as voided; the sell screen's message stays behind with it.
  await page.getByRole('button', { name: 'Sales history' }).click();
  await expect(page.getByRole('status')).toHaveText('');
  await expect(
    page.getByRole('list', { name: 'Sales' }).getByRole('button', { name: /^Voided/ }),
  ).toHaveCount(1);
});

test('a payment the till refuses keeps the dialog open with the reason', async ({ page, browser, till }) => {
  await openTill(page, till.url);
  await product(page, COLA).click();
  await expect(line(page, COLA)).toBeVisible();
  await ticket(page).getByRole('button', { name: 'Cash' }).click();
  const cash = page.getByRole('dialog', { name: 'Cash payment' });
  await cash.getByRole('button', { name: 'Exact ¥3.00' }).click();
  await expect(cash.getByLabel('Change due')).toHaveText('¥0.00');

  // Meanwhile a second screen on the same till voids that ticket (a real second WebSocket client).
  const other = await browser.newPage();
  try {
    await openTill(other, till.url);
    await expect(line(other, COLA)).toBeVisible();
    await ticket(other).getByRole('button', { name: 'Void ticket' }).click();
    await other
      .getByRole('dialog', { name: 'Void ticket' })
      .getByRole('button', { name: 'Void ticket' })
      .click();
    await expect(ticket(other).getByRole('listitem')).toHaveCount(0);
  } finally {
    await other.close();
  }

  await cash.getByRole('button', { name: 'Complete sale' }).click();
  await expect(cash.getByRole('alert')).toContainText(/can no longer be changed|could not be found/);
  await expect(cash).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Receipt' })).toHaveCount(0);
  await cash.getByRole('button', { name: 'Cancel' }).click();
  await expect(cash).toBeHidden();
  await expect(ticket(page).getByRole('listitem')).toHaveCount(0);
});

test('a page opened without the token says how to sign in and sells nothing', async ({ page, till }) => {
  await page.goto(till.url.replace(/#.*$/, ''));
  await expect(page.getByRole('alert')).toContainText('not signed in', { timeout: 20_000 });
  await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Ticket' })).toHaveCount(0);
});

test('browses by category and finds products by name or SKU', async ({ page, till }) => {
  await openTill(page, till.url);
  const categories = page.getByRole('navigation', { name: 'Categories' });
  const grid = page.getByRole('list', { name: 'Product list' });
  await expect(categories.getByRole('button', { name: 'All' })).toHaveAttribute('aria-pressed', 'true');
  await expect(grid.getByRole('listitem')).toHaveCount(45);

  await categories.getByRole('button', { name: 'Bakery' }).click();
  await expect(categories.getByRole('button', { name: 'Bakery' })).toHaveAttribute('aria-pressed', 'true');
  await expect(categories.getByRole('button', { name: 'All' })).toHaveAttribute('aria-pressed', 'false');
  await expect(grid.getByRole('listitem')).toHaveCount(6);
  await expect(product(page, '牛角包')).toBeVisible(); // Croissant
  await expect(product(page, COLA)).toHaveCount(0);

  // A search looks through every category.
  await page.getByLabel('Search products').fill('DRI-003');
  await expect(grid.getByRole('listitem')).toHaveCount(1);
  await expect(product(page, COLA)).toBeVisible();
  // A Chinese name is found by its pinyin initials or full pinyin, and by its English second name, which
  // the tile shows after the name.
  await page.getByLabel('Search products').fill('kkkl');
  await expect(grid.getByRole('listitem')).toHaveCount(1);
  await expect(product(page, COLA)).toBeVisible();
  await page.getByLabel('Search products').fill('chengzhi');
  await expect(grid.getByRole('listitem')).toHaveCount(1);
  await expect(product(page, JUICE)).toContainText('Orange Juice 1 L');
  await page.getByLabel('Search products').fill('orange juice');
  await expect(product(page, JUICE)).toBeVisible();
  await page.getByLabel('Search products').fill('zzzz-no-such-thing');
  await expect(page.getByRole('region', { name: 'Products' })).toContainText('No products match.');
  await page.getByLabel('Search products').fill('');
  await expect(grid.getByRole('listitem')).toHaveCount(6);
});
