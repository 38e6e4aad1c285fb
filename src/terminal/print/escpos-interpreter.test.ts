import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { buildReceipt } from '../../core/receipt.js';
import { receiptEn } from '../../shared/i18n/receipt-en.js';
import { interpretEscPos } from './escpos-interpreter.js';
import { demoShop } from './print-config.js';
import { renderJob } from './render.js';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const receiptFor = (name: string, refund: Parameters<typeof buildReceipt>[0]['refund'] = null) =>
  buildReceipt({
    refund,
    sale: {
      number: 7,
      completedAt: '2026-12-07T04:30:05.000Z',
      receiptCode: 'ABCDE-7-X',
      lines: [
        { name, quantity: 1, unitPrice: cny(100), gross: cny(100), lineDiscount: cny(0), total: cny(100) },
      ],
      totals: { subtotal: cny(100), discount: cny(0), total: cny(100), taxes: [] },
      payments: [{ method: 'cash', amount: cny(100), tendered: cny(100), change: cny(0) }],
      customer: null,
      pointsEarned: 0,
    },
    shop: demoShop,
    terminalName: 'Till 1',
    labels: receiptEn,
    duplicate: false,
    cashier: null,
  });

describe('the ESC/POS interpreter', () => {
  test('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const job = interpretEscPos(bytes);
        expect(job.bytes).toBe(bytes.length);
      }),
      { numRuns: 500 },
    );
  });

  test('a product name with ReceiptLine markup and Chinese prints back as itself (generic and escpos)', () => {
    const alphabet = [...'ab Z09|{}-=~_"`^\\可乐水茶￥'];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 12 }).map((a) => a.join('').trim()),
        fc.constantFrom('generic' as const, 'escpos' as const),
        (name, command) => {
          fc.pre(name.length > 0);
          const job = interpretEscPos(renderJob(receiptFor(name), { command, cpl: 42 }, false));
          expect(job.text.split('\n').map((l) => l.trim())).toContain(name);
          expect(job.qr).toEqual(['ABCDE-7-X']);
          expect(job.cuts).toBe(1);
        },
      ),
      { numRuns: 40 },
    );
  });

  test('a refund receipt prints its QR as RF: and the sale’s code, colon included (generic and escpos)', () => {
    const refund = {
      amount: cny(100),
      method: 'cash' as const,
      wallet: null,
      reason: 'Wrong size',
      createdAt: '2026-12-07T05:00:00.000Z',
      refundedAt: '2026-12-07T05:00:00.000Z',
      pointsReversed: 0,
    };
    for (const command of ['generic', 'escpos'] as const) {
      const job = interpretEscPos(renderJob(receiptFor('Cola', refund), { command, cpl: 42 }, false));
      expect(job.qr).toEqual(['RF:ABCDE-7-X']);
    }
  });
});
