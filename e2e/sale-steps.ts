import { expect, type Page } from '@playwright/test';

/** Steps of a cash sale as a cashier does them, shared by the specs (elements by role and name). */
/** The shop's name (Chinese) starts each tile's accessible name in either language; Mineral Water 550 ml, ¥2.00. */
export const WATER = '矿泉水 550ml';

export const ticket = (page: Page) => page.getByRole('region', { name: 'Ticket' });

/** Rings up one water, pays it exactly in cash, checks receipt `number`, and starts a new sale. */
export async function sellWaterForCash(page: Page, number = 1): Promise<void> {
  await page
    .getByRole('region', { name: 'Products' })
    .getByRole('button', { name: new RegExp(`^${WATER} `) })
    .click();
  await expect(ticket(page).getByRole('listitem', { name: WATER, exact: true })).toBeVisible();
  await ticket(page).getByRole('button', { name: 'Cash' }).click();
  const cash = page.getByRole('dialog', { name: 'Cash payment' });
  await cash.getByRole('button', { name: 'Exact ¥2.00' }).click();
  await cash.getByRole('button', { name: 'Complete sale' }).click();
  const receipt = page.getByRole('region', { name: 'Receipt' });
  await expect(receipt).toContainText(`Receipt No. ${number}`);
  await receipt.getByRole('button', { name: 'New sale' }).click();
}
