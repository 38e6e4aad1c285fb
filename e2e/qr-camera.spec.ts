import QRCode from 'qrcode';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule as prepareZXingWriter, writeBarcode } from 'zxing-wasm/writer';
import {
  expect,
  expectPaidOnce,
  expectWalletReceipt,
  openTillWithTea,
  qrDialog,
  test,
  withFakeCamera,
  type IssuedCode,
} from './wallet-fixtures.js';

/**
 * The camera: Chromium's fake capture device plays a .y4m made by the test (ffmpeg from a PNG rendered by
 * qrcode, or an EAN-13 written by zxing), in a browser launched for that with the fake-media flags.
 */
test('the camera reads a customer code from a fake video and the payment completes without the keyboard', async ({
  walletTill,
  gateway,
}, testInfo) => {
  const { auth_code } = await gateway.control<IssuedCode>('/sandbox/codes', { wallet: 'sandbox' });
  const png = testInfo.outputPath('customer-code.png');
  await QRCode.toFile(png, auth_code, { errorCorrectionLevel: 'M', margin: 4, width: 480 });
  await withFakeCamera(png, 'scale=640:480', async (context) => {
    const requested: string[] = [];
    context.on('request', (request) => requested.push(request.url()));
    const page = await context.newPage();
    await openTillWithTea(page, walletTill.url);
    await page.getByRole('button', { name: 'QR pay' }).click();
    await expectWalletReceipt(page);
    await expectPaidOnce(gateway);
    // zxing's .wasm came from the till itself (the decode worker fetched it), never from a CDN.
    const origin = new URL(walletTill.url).origin;
    expect(requested.some((url) => /\/assets\/zxing_reader-[\w-]+\.wasm$/.test(url))).toBe(true);
    expect(requested.filter((url) => /^https?:/.test(url) && !url.startsWith(origin))).toEqual([]);
  });
});

test('a decode worker that cannot load falls back to jsQR: the camera still takes the payment', async ({
  walletTill,
  gateway,
}, testInfo) => {
  const { auth_code } = await gateway.control<IssuedCode>('/sandbox/codes', { wallet: 'sandbox' });
  const png = testInfo.outputPath('customer-code.png');
  await QRCode.toFile(png, auth_code, { errorCorrectionLevel: 'M', margin: 4, width: 480 });
  await withFakeCamera(png, 'scale=640:480', async (context) => {
    // As if the worker script were blocked or missing from the build.
    let refused = 0;
    await context.route(/\/assets\/decode-worker-[\w-]+\.js$/, (route) => {
      refused++;
      return route.fulfill({ status: 404 });
    });
    const page = await context.newPage();
    await openTillWithTea(page, walletTill.url);
    await page.getByRole('button', { name: 'QR pay' }).click();
    await expectWalletReceipt(page);
    await expectPaidOnce(gateway);
    expect(refused).toBeGreaterThan(0);
  });
});

test('the camera reads a product EAN-13 in the payment dialog: not charged, not added, the cashier is told', async ({
  walletTill,
  gateway,
}, testInfo) => {
  const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/writer/zxing_writer.wasm'));
  prepareZXingWriter({
    overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) },
  });
  const written = await writeBarcode('6901234567892', { format: 'EAN13', scale: 4 });
  expect(written.error).toBe('');
  const png = testInfo.outputPath('product-ean13.png');
  writeFileSync(png, Buffer.from(await written.image!.arrayBuffer()));
  await withFakeCamera(png, 'pad=640:480:(ow-iw)/2:(oh-ih)/2:color=white', async (context) => {
    const page = await context.newPage();
    await openTillWithTea(page, walletTill.url);
    await page.getByRole('button', { name: 'QR pay' }).click();
    const dialog = qrDialog(page);
    const camera = dialog.getByRole('region', { name: 'Camera' });
    await expect(camera.getByRole('status')).toHaveText('Read EAN13 code');
    await expect(dialog.getByRole('alert')).toContainText(
      'That is a product barcode, not a customer payment code',
    );
    // With permission given, the picker lists Chromium's fake camera besides the default choice.
    expect(await camera.getByRole('combobox', { name: 'Camera' }).locator('option').count()).toBeGreaterThan(
      1,
    );
    const mirror = camera.getByRole('button', { name: 'Mirror' });
    await mirror.click();
    await expect(mirror).toHaveAttribute('aria-pressed', 'true');
    await expect(camera.locator('video')).toHaveClass(/mirrored/);
    // Closing the dialog stops the camera (its light goes out): keep a handle on the track to check.
    await page.evaluate(() => {
      const video = document.querySelector('video');
      const stream = video?.srcObject instanceof MediaStream ? video.srcObject : null;
      (window as unknown as { cameraTrack?: MediaStreamTrack }).cameraTrack = stream?.getVideoTracks()[0];
    });

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    expect(
      await page.evaluate(
        () => (window as unknown as { cameraTrack?: MediaStreamTrack }).cameraTrack?.readyState,
      ),
    ).toBe('ended');
    await expect(page.getByRole('list', { name: 'Ticket lines' }).getByRole('listitem')).toHaveCount(1);
    expect(await gateway.ledger()).toEqual([]);
  });
});
