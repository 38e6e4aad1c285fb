import { expect, test } from './wallet-fixtures.js';
import { ticket } from './sale-steps.js';

/**
 * Pay a bill at the counter, in real Chromium against a real till (`serve --gateway`) and the sandbox
 * biller of a real `tillpoint gateway --test`: Pay a bill → biller → account → the bill (amount, late
 * fee, masked name) → the customer confirms → the ticket's cash payment → the biller's confirmation number.
 */
test('a gas bill with a late fee: looked up, confirmed, paid in cash, confirmed by the biller', async ({
  page,
  context,
  walletTill,
}) => {
  // the customer display beside the counter: the customer checks the bill there before it is confirmed
  const display = await context.newPage();
  await display.goto(walletTill.displayUrl);
  await expect(display.getByRole('heading', { name: /^Welcome to / })).toBeVisible();
  await page.goto(walletTill.url);
  await expect(ticket(page)).toBeVisible();
  await page.getByRole('button', { name: 'Pay a bill' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pay a bill' });
  await dialog.getByRole('button', { name: 'City Gas (Gas)' }).click();
  await dialog.getByRole('textbox', { name: 'Account number, or scan the bill' }).fill('2100000001');
  await dialog.getByRole('button', { name: 'Look up the bill' }).click();
  const quote = dialog.getByRole('definition');
  await expect(quote).toContainText(['2100000001', '**军', '¥88.00', '¥2.64', '2026-11-25', '¥90.64']);
  const check = display.getByRole('region', { name: 'Please check your bill' });
  await expect(check).toContainText('City Gas');
  await expect(check.getByRole('definition')).toContainText([
    '2100000001',
    '**军',
    '¥88.00',
    '¥2.64',
    '¥90.64',
  ]);
  await dialog.getByRole('button', { name: 'Customer confirmed: add to ticket' }).click();
  await expect(check).toBeHidden();
  await expect(display.getByRole('list', { name: 'Your items' })).toContainText('城市燃气 燃气费 2100000001');
  await expect(dialog).toBeHidden();

  // the ticket holds the bill's one line, at no tax; the existing cash flow takes it
  await expect(ticket(page).getByRole('list', { name: 'Ticket lines' }).getByRole('listitem')).toHaveCount(1);
  await expect(ticket(page)).toContainText('城市燃气 燃气费 2100000001');
  await ticket(page).getByRole('button', { name: 'Cash' }).click();
  const cash = page.getByRole('dialog', { name: 'Cash payment' });
  await cash.getByRole('button', { name: 'Exact ¥90.64' }).click();
  await cash.getByRole('button', { name: 'Complete sale' }).click();
  await expect(page.getByRole('region', { name: 'Receipt' })).toContainText('Receipt No. 1');
  await expect(
    page.getByText(/The biller confirmed the payment\. Confirmation number: CI\d{14}/),
  ).toBeVisible();
});

test('a typed account in the wrong format is refused in words the cashier can act on', async ({
  page,
  walletTill,
}) => {
  await page.goto(walletTill.url);
  await page.getByRole('button', { name: 'Pay a bill' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pay a bill' });
  await dialog.getByRole('button', { name: 'State Grid electricity (Electricity)' }).click();
  await dialog.getByRole('textbox', { name: 'Account number, or scan the bill' }).fill('12345');
  await dialog.getByRole('button', { name: 'Look up the bill' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    'That account number does not look right for this biller. Check it against the bill and type it again.',
  );
});

test('a wedge scanner reads the bill: ]C1 and ~ for GS, biller and account from the slip', async ({
  page,
  walletTill,
}) => {
  await page.goto(walletTill.url);
  await expect(ticket(page)).toBeVisible();
  await page.getByRole('button', { name: 'Pay a bill' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pay a bill' });
  await expect(dialog.getByRole('button', { name: 'City Gas (Gas)' })).toBeVisible();
  // the scanner types the GS1-128 slip as one fast burst then Enter (dispatched in one go, see qr-payment.spec)
  const slip = ']C1415690000000003880202100000001~39029064~12261125';
  await page.evaluate((code) => {
    for (const key of [...code, 'Enter']) {
      window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      window.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true }));
    }
  }, slip);
  await expect(dialog.getByRole('definition')).toContainText(['2100000001', '**军', '¥90.64']);
  await expect(page.getByText(/No product has/)).toHaveCount(0);
});
