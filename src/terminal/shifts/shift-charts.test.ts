import { describe, expect, it } from 'vitest';
import { shiftTotals, type ShiftRows } from '../../core/shift-report.js';
import { shiftCharts } from './shift-charts.js';

const rows: ShiftRows = {
  shiftId: 'shift-1',
  currency: 'CNY',
  openedAt: '2026-12-07T01:00:00.000Z',
  openedBy: null,
  openingFloat: 20_000,
  sales: { count: 6, total: 9_850, discounts: 0 },
  receipts: { first: 1, last: 6 },
  payments: [
    { tender: 'cash', name: null, count: 3, amount: 4_200 },
    { tender: 'wallet', name: 'wechat', count: 2, amount: 3_150 },
    { tender: 'wallet', name: 'alipay', count: 1, amount: 2_500 },
  ],
  promotions: [],
  refunds: [],
  voids: { count: 0, amount: 0 },
  topUps: { count: 0, amount: 0 },
  taxes: [],
  movements: [],
  byHour: [
    { hour: 9, count: 2, amount: 1_850 },
    { hour: 10, count: 1, amount: 2_500 },
    { hour: 12, count: 3, amount: 5_500 },
  ],
};

describe('shift charts (echarts, server-side SVG)', () => {
  it('draws sales by hour and the tender mix, the same SVG every time (snapshot)', () => {
    const charts = shiftCharts(shiftTotals(rows), 'CNY', 'zh-CN');
    expect(shiftCharts(shiftTotals(rows), 'CNY', 'zh-CN')).toEqual(charts);
    expect(charts.salesByHour).toMatch(/^<svg[^>]*width="480" height="240"/);
    expect(charts.salesByHour).toContain('按小时销售额');
    // the hours of the shift, 09:00 to 12:00, the empty 11:00 included
    for (const hour of ['09:00', '10:00', '11:00', '12:00']) expect(charts.salesByHour).toContain(hour);
    expect(charts.salesByHour).not.toContain('08:00');
    expect(charts.tenderMix).toContain('微信支付');
    expect(charts.tenderMix).toContain('现金');
    expect(charts).toMatchSnapshot();
  });

  it('labels in English on an English till, and an empty shift still draws', () => {
    const en = shiftCharts(shiftTotals(rows), 'CNY', 'en');
    expect(en.tenderMix).toContain('WeChat Pay');
    expect(en.salesByHour).toContain('Sales by hour');
    const empty = shiftCharts(shiftTotals({ ...rows, payments: [], byHour: [] }), 'CNY', 'en');
    expect(empty.salesByHour).toMatch(/^<svg/);
    expect(empty.tenderMix).toMatch(/^<svg/);
  });
});
