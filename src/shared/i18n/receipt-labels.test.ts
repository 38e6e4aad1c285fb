import { describe, expect, test } from 'vitest';
import {
  buildReceipt,
  escapeReceiptText,
  receiptMoney,
  receiptTime,
  taxLabel,
  type ReceiptInput,
} from '../../core/receipt.js';
import { receiptEn } from './receipt-en.js';
import { receiptZhCN } from './receipt-zh-CN.js';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const input: ReceiptInput = {
  sale: {
    number: 42,
    completedAt: '2026-12-07T04:30:05.000Z',
    receiptCode: 'K7QX2-42-M',
    lines: [
      {
        name: '可口可乐 330ml',
        quantity: 2,
        unitPrice: cny(350),
        gross: cny(700),
        lineDiscount: cny(0),
        total: cny(700),
      },
      {
        name: 'Tea | "green"',
        quantity: 1,
        unitPrice: cny(1000),
        gross: cny(1000),
        lineDiscount: cny(100),
        total: cny(900),
      },
    ],
    totals: {
      subtotal: cny(1700),
      discount: cny(100),
      total: cny(1600),
      taxes: [{ name: '增值税', rateBps: 1300, inclusive: true, tax: cny(184) }],
    },
    payments: [{ method: 'cash', amount: cny(1600), tendered: cny(2000), change: cny(400) }],
    customer: { name: '王芳' },
    pointsEarned: 16,
  },
  shop: {
    name: '便利店 Tillpoint',
    address: '上海市 1 号',
    taxId: '91310000MA1FL0001X',
    timeZone: 'Asia/Shanghai',
  },
  terminalName: 'Till 1',
  labels: receiptZhCN,
  duplicate: false,
  cashier: null,
};

describe('receipt document', () => {
  test('prints CNY with the fullwidth yen sign U+FFE5, never U+00A5', () => {
    expect(receiptMoney(cny(350))).toBe('\uFFE53.50');
    expect(receiptMoney(cny(-50))).toBe('-\uFFE50.50');
    expect(receiptMoney({ amount: 1234, currency: 'USD' })).toBe('USD 12.34');
    expect(buildReceipt(input)).not.toContain('\u00A5');
  });

  test("dates print in the shop's time zone", () => {
    expect(receiptTime('2026-12-07T04:30:05.000Z', 'Asia/Shanghai')).toBe('2026-12-07 12:30:05');
    expect(receiptTime('2026-12-07T04:30:05.000Z', 'UTC')).toBe('2026-12-07 04:30:05');
  });

  test('a sale: shop, lines, tax by rate, tender with change, member, QR of the receipt code', () => {
    const doc = buildReceipt(input);
    for (const part of [
      '便利店 Tillpoint',
      '91310000MA1FL0001X',
      '2026\\-12\\-07 12:30:05',
      '可口可乐 330ml',
    ]) {
      expect(doc).toContain(part);
    }
    expect(doc).toContain('增值税 13% 含税 | \uFFE51.84');
    expect(doc).toContain('找零 | \uFFE54.00');
    expect(doc).toContain('会员 | 王芳');
    expect(doc).toContain('{c:K7QX2-42-M;o:qrcode,6,m}');
    expect(doc).not.toContain('重印');
    // shop data cannot inject markup: the pipe and quotes print as themselves
    expect(doc).toContain('Tea \\| \\"green\\" |');
  });

  test('a reprint carries the duplicate mark, in the terminal language', () => {
    expect(buildReceipt({ ...input, duplicate: true })).toContain('"重印"');
    expect(buildReceipt({ ...input, duplicate: true, labels: receiptEn })).toContain('"DUPLICATE"');
  });

  test('a refund receipt names the refund, the original receipt and the amount', () => {
    const doc = buildReceipt({
      ...input,
      labels: receiptEn,
      refund: {
        amount: cny(1600),
        method: 'cash',
        wallet: null,
        reason: 'damaged',
        createdAt: '2026-12-07T05:00:00.000Z',
        refundedAt: '2026-12-07T05:00:00.000Z',
        pointsReversed: 16,
      },
    });
    expect(doc).toContain('"REFUND"');
    expect(doc).toContain('Refund of receipt | 42');
    expect(doc).toContain('Cash back | \\-\uFFE516.00');
    expect(doc).not.toContain('Tendered');
  });

  test("a tax line names its rate once, whether or not the rate's name says it", () => {
    const tax = { rateBps: 1300, inclusive: true, tax: cny(23) };
    expect(taxLabel({ ...tax, name: 'VAT 13 %' }, receiptEn)).toBe('VAT 13 % incl.');
    expect(taxLabel({ ...tax, name: '增值税 13%' }, receiptZhCN)).toBe('增值税 13% 含税');
    expect(taxLabel({ ...tax, name: '增值税' }, receiptZhCN)).toBe('增值税 13% 含税');
    expect(taxLabel({ ...tax, name: 'Service', rateBps: 650, inclusive: false }, receiptEn)).toBe(
      'Service 6.50% added',
    );
  });

  test('the cashier prints when known, and not at all on a till without staff', () => {
    expect(buildReceipt({ ...input, cashier: '李小红' })).toMatch(/收银员 \| 李小红/);
    expect(buildReceipt({ ...input, cashier: null })).not.toContain('收银员');
  });

  test('escaping covers every ReceiptLine special character', () => {
    expect(escapeReceiptText('a|b{c}-=~_"`^\\')).toBe('a\\|b\\{c\\}\\-\\=\\~\\_\\"\\`\\^\\\\');
  });

  test('the receipt catalogs have the same keys', () => {
    const keys = (o: object): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === 'object' ? keys(v as object).map((s) => `${k}.${s}`) : [k],
      );
    expect(keys(receiptZhCN).sort()).toEqual(keys(receiptEn).sort());
    for (const v of Object.values(receiptZhCN)) expect(v).toBeTruthy();
  });
});
