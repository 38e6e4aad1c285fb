import QRCode from 'qrcode';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule as prepareZXingWriter, writeBarcode } from 'zxing-wasm/writer';
import { basket, basketLine, expect, openKiosk, productTile, TEA, test, WATER } from './kiosk-steps.js';
import { withFakeCamera } from './wallet-fixtures.js';

/**
 * The kiosk's camera: the customer holds their wallet's payment code, or an item's barcode, up to it
 * (Chromium's fake capture device plays a .y4m of the code, see qr-camera.spec.ts). The fake-camera browser has a mouse, so this one
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

test('Scan with camera adds the item the camera sees, once while it stays in view', async ({
  kiosk,
}, testInfo) => {
  const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/writer/zxing_writer.wasm'));
  prepareZXingWriter({
    overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
  });
  const written = await writeBarcode(WATER.barcode, { format: 'EAN13', scale: 4 });
  expect(written.error).toBe('');
  const png = testInfo.outputPath('water-ean13.png');
  writeFileSync(png, Buffer.from(await written.image!.arrayBuffer()));
  await withFakeCamera(png, 'pad=640:480:(ow-iw)/2:(oh-ih)/2:color=white', async (context) => {
    const page = await context.newPage();
    await openKiosk(page, kiosk.url);
    await page.getByRole('button', { name: 'Touch or scan to start' }).click();
    await page.getByRole('button', { name: 'Scan with camera' }).click();
    const camera = page.getByRole('dialog', { name: 'Scan with camera' });
    await expect(camera.getByRole('region', { name: 'Camera' }).getByRole('status')).toHaveText(
      'Read EAN13 code',
    );
    await expect(basketLine(page, WATER.en)).toBeVisible();
    // the camera keeps seeing the barcode (longer than the 2.5 s repeat pause): the item is not added again
    await page.waitForTimeout(3_500);
    await camera.getByRole('button', { name: 'Done' }).click();
    await expect(basket(page).getByRole('status', { name: `Quantity of ${WATER.en}` })).toHaveText('1');
  });
});
