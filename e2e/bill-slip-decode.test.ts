import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parsePaymentSlip, type PaymentSlip } from '../src/core/gs1-payment-slip.js';
import { demoAccounts, demoBillers } from '../src/gateway/biller/demo-billers.js';
import { slipBarcodeWidths } from '../src/gateway/biller/slip-barcode.js';
import { createZxingDecoder } from '../src/renderer/scan/zxing-decoder.js';

/**
 * The sandbox biller's payment slips, encoded by bwip-js (the barcode the demo page shows), drawn into
 * pixels and read by the till's own camera decoder (zxing-wasm, as src/renderer/scan configures it), then
 * parsed by the till's GS1 parser: the whole way from a printed bill to the fields the till pays with.
 */

function zxingWasm(): ArrayBuffer {
  const require = createRequire(import.meta.url);
  const bytes = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Bars and spaces (module widths, bar first) as an RGBA frame: 3 px a module, 10 modules of quiet zone. */
function drawLinear(widths: readonly number[], px = 3, quiet = 10, height = 80) {
  const modules = widths.reduce((a, b) => a + b, 0) + 2 * quiet;
  const width = modules * px + 20;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  let x = 10 + quiet * px;
  widths.forEach((w, i) => {
    if (i % 2 === 0) {
      for (let y = 10; y < height - 10; y++)
        for (let dx = 0; dx < w * px; dx++)
          data.fill(0, (y * width + x + dx) * 4, (y * width + x + dx) * 4 + 3);
    }
    x += w * px;
  });
  return { data, width, height, colorSpace: 'srgb' as const };
}

const decoder = createZxingDecoder({ wasmBinary: zxingWasm() });

describe('bill payment slips through the till decoder', () => {
  const slips: PaymentSlip[] = demoAccounts
    .filter((a) => a.amount + a.fines > 0)
    .map((a) => ({
      gln: demoBillers.find((b) => b.charge_inst === a.charge_inst)?.gln ?? '',
      reference: a.bill_key,
      amount: { digits: String(a.amount + a.fines), decimals: 2 },
      dueDate: a.due_date,
    }));

  it.each(slips.map((s) => [s.reference, s] as const))(
    'reads slip %s back field for field',
    async (_ref, slip) => {
      const decoded = await decoder.decode(drawLinear(slipBarcodeWidths(slip)));
      expect(decoded?.format).toBe('Code128');
      const parsed = parsePaymentSlip(decoded?.text ?? '', { referenceYear: 2026 });
      expect(parsed).toEqual({ ok: true, value: slip });
    },
  );
});
