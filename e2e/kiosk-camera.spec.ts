import QRCode from 'qrcode';
import { basketLine, expect, openKiosk, productTile, TEA, test } from './kiosk-steps.js';
import { withFakeCamera } from './wallet-fixtures.js';

/**
 * The kiosk's camera: the customer holds their wallet's payment code up to it (Chromium's fake capture
 * device plays a .y4m of the code, see qr-camera.spec.ts). The fake-camera browser has a mouse, so this one
 * test clicks instead of tapping.
 */
test('a customer shows the payment code to the camera and the kiosk thanks them; paid once', async ({
  kiosk,
  gateway,
}, testInfo) => {
  const { auth_code } = await gateway.control<{ auth_code: string }>('/sandbox/codes', { wallet: 'sandbox' });
  const png = testInfo.outputPath('wallet-code.png');
  await QRCode.toFile(png, auth_code, { errorCorrectionLevel: 'M', margin: 4, width: 480 });
  await withFakeCamera(png, 'scale=640:480', async (context) => {
    const page = await context.newPage();
    await openKiosk(page, kiosk.url);
    await page.getByRole('button', { name: 'Touch or scan to start' }).click();
    await productTile(page, TEA.en).click();
    await expect(basketLine(page, TEA.en)).toBeVisible();
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await page.getByRole('button', { name: 'Use the camera instead' }).click();
    await expect(page.getByRole('heading', { name: 'Thank you' })).toBeVisible({ timeout: 30_000 });
    const paid = (await gateway.ledger()).filter((order) => order.trade_status === 'SUCCESS');
    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({ amount: 350, charged: 1 });
  });
});
