import {
  expect,
  expectWalletReceipt,
  openTillWithTea,
  qrDialog,
  test,
  type IssuedCode,
} from './wallet-fixtures.js';

/**
 * Split tender in the cashier's UI: ¥2.00 of a ¥3.50 ticket in cash as a part payment, the rest by a
 * customer code typed into the QR dialog, charged at the real sandbox gateway. The ticket and the customer
 * display show what is paid and what is left between the two; the gateway's ledger is the referee.
 */
test('a cash part, then the rest by a typed wallet code: one sale, two payments', async ({
  page,
  context,
  walletTill,
  gateway,
}) => {
  const display = await context.newPage();
  await display.goto(walletTill.displayUrl);
  await expect(display.getByRole('heading', { name: /^Welcome to / })).toBeVisible();

  await openTillWithTea(page, walletTill.url);
  const ticket = page.getByRole('region', { name: 'Ticket' });
  await ticket.getByRole('button', { name: 'Cash' }).click();
  const cash = page.getByRole('dialog', { name: 'Cash payment' });
  await expect(cash.getByLabel('Amount due')).toHaveText('¥3.50');
  const part = cash.getByRole('button', { name: 'Take as part payment' });
  await expect(part).toBeDisabled();
  for (const key of ['2', '0', '0']) await cash.getByRole('button', { name: key, exact: true }).click();
  await expect(cash.getByLabel('Still to pay')).toHaveText('¥1.50');
  await part.click();
  await expect(cash).toHaveCount(0);

  // the ticket stays open with its paid part, and says what is left; so does the customer's screen
  await expect(ticket.getByLabel('Cash', { exact: true })).toHaveText('¥2.00');
  await expect(ticket.getByLabel('Left to pay')).toHaveText('¥1.50');
  await expect(page.getByRole('status').filter({ hasText: '¥2.00 taken. ¥1.50 left to pay.' })).toHaveCount(
    1,
  );
  await expect(display.getByLabel('Left to pay')).toHaveText('¥1.50');
  // the paid part fixes the ticket: no ticket discount now
  await expect(ticket.getByRole('button', { name: 'Ticket discount' })).toBeDisabled();

  await ticket.getByRole('button', { name: 'QR pay' }).click();
  const dialog = qrDialog(page);
  await expect(dialog.getByLabel('Amount due')).toHaveText('¥1.50');
  const { auth_code } = await gateway.control<IssuedCode>('/sandbox/codes', { wallet: 'sandbox' });
  await dialog.getByRole('textbox', { name: 'Enter the code' }).fill(auth_code);
  await dialog.getByRole('button', { name: 'Charge' }).click();
  await expectWalletReceipt(page);

  const receipt = page.getByRole('region', { name: 'Receipt' });
  await expect(receipt.getByLabel('Total', { exact: true })).toHaveText('¥3.50');
  await expect(receipt.getByLabel('Cash tendered')).toHaveText('¥2.00');
  await expect(receipt.getByLabel('Paid by Sandbox wallet')).toHaveText('¥1.50');
  // the wallet was charged the rest, once
  const orders = (await gateway.ledger()).filter((o) => o.trade_status === 'SUCCESS');
  expect(orders).toHaveLength(1);
  expect(orders[0]).toMatchObject({ amount: 150, currency: 'CNY' });
});
