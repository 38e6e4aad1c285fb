import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { alipayBillText, parseAlipayBill } from './alipay-bill.js';
import { parseWechatBill } from './wechat-bill.js';

/**
 * The providers' settlement files as they come: Alipay's zip of GBK CSVs (the entry names GBK too), and
 * WeChat Pay's ALL bill with backquoted cells and summary rows. The texts follow the layouts of the
 * providers' documentation (Alipay 账单下载 "业务明细"; WeChat Pay 下载交易账单, its sample rows).
 */
const alipayDetail = [
  '#支付宝业务明细查询',
  '#账号：[20881234567890120156]',
  '#起始日期：[2026年12月07日 00:00:00]   终止日期：[2026年12月08日 00:00:00]',
  '#-----------------------------------------业务明细列表----------------------------------------',
  '支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注',
  '2026120722001404011234567890\t,9a1e0000-0000-4000-8000-000000000001\t,交易,矿泉水 550ml,2026-12-07 09:15:02,2026-12-07 09:15:04,,,,,abc***@alipay.com,28.00,28.00,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,,-0.17,0.00,',
  '2026120722001404011234567890\t,9a1e0000-0000-4000-8000-000000000001\t,退款,矿泉水 550ml,2026-12-07 10:00:00,2026-12-07 10:00:01,,,,,abc***@alipay.com,-11.33,-11.33,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,re000000-0000-4000-8000-000000000001,0.07,0.00,',
  '#-----------------------------------------业务明细列表结束------------------------------------',
  '#交易合计：1笔，商家实收共28.00元，商家优惠共0.00元',
  '#退款合计：1笔，商家实收共-11.33元，商家优惠共0.00元',
  '#导出时间：[2026年12月08日 09:00:00]',
].join('\r\n');

describe('Alipay trade bill', () => {
  it('reads the 业务明细 CSV out of the zip, GBK names and text included', () => {
    const gbkName = (name: string) => iconv.encode(name, 'gbk').toString('latin1');
    const zip = zipSync({
      [gbkName('20881234567890120156_20261207_业务明细.csv')]: iconv.encode(alipayDetail, 'gbk'),
      [gbkName('20881234567890120156_20261207_业务明细(汇总).csv')]: iconv.encode('#汇总\r\n', 'gbk'),
    });
    const lines = parseAlipayBill(alipayBillText(zip), 'CNY');
    expect(lines).toEqual([
      {
        kind: 'payment',
        outTradeNo: '9a1e0000-0000-4000-8000-000000000001',
        outRefundNo: null,
        providerTradeNo: '2026120722001404011234567890',
        amount: 2_800,
        currency: 'CNY',
        at: '2026-12-07T01:15:04.000Z',
      },
      {
        kind: 'refund',
        outTradeNo: '9a1e0000-0000-4000-8000-000000000001',
        outRefundNo: 're000000-0000-4000-8000-000000000001',
        providerTradeNo: '2026120722001404011234567890',
        amount: 1_133,
        currency: 'CNY',
        at: '2026-12-07T02:00:01.000Z',
      },
    ]);
    // the same CSV given alone, in UTF-8 with a BOM
    expect(parseAlipayBill(alipayBillText(new TextEncoder().encode(`\uFEFF${alipayDetail}`)), 'CNY')).toEqual(
      lines,
    );
  });

  it('names the line of what it cannot read', () => {
    const broken = alipayDetail.replace('28.00,28.00', 'abc,28.00');
    expect(() => parseAlipayBill(broken, 'CNY')).toThrow(/line 6/);
    expect(() => parseAlipayBill('#only comments\r\n', 'CNY')).toThrow(/no header row/);
  });
});

const wechatAll = [
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注',
  '`2026-12-07 09:15:04,`wx2421b1c4370ec43b,`10000100,`0,`1000,`4200001234202612070000000001,`9a1e0000-0000-4000-8000-000000000002,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`MICROPAY,`SUCCESS,`CFT,`CNY,`12.00,`0.00,`0,`0,`0.00,`0.00,`,`,`绿茶 500ml,`,`0.07,`0.60%,`12.00,`0.00,`',
  '`2026-12-07 11:00:00,`wx2421b1c4370ec43b,`10000100,`0,`1000,`4200001234202612070000000001,`9a1e0000-0000-4000-8000-000000000002,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`MICROPAY,`REFUND,`CFT,`CNY,`0.00,`0.00,`50000000012026120700000001,`re000000-0000-4000-8000-000000000002,`12.00,`0.00,`ORIGINAL,`SUCCESS,`绿茶 500ml,`,`-0.07,`0.60%,`0.00,`12.00,`',
  '`2026-12-07 12:00:00,`wx2421b1c4370ec43b,`10000100,`0,`1000,`4200001234202612070000000003,`9a1e0000-0000-4000-8000-000000000003,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`MICROPAY,`REVOKED,`CFT,`CNY,`2.00,`0.00,`0,`0,`0.00,`0.00,`,`,`矿泉水,`,`0.00,`0.60%,`2.00,`0.00,`',
  '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
  '`3,`14.00,`12.00,`0.00,`0.00,`14.00,`12.00',
].join('\r\n');

describe('WeChat Pay ALL bill', () => {
  it('reads payments, refunds and a revoked order; stops at the summary rows', () => {
    const lines = parseWechatBill(`\uFEFF${wechatAll}\r\n`, 'CNY');
    expect(lines.map((l) => [l.kind, l.outTradeNo.slice(-1), l.outRefundNo, l.amount])).toEqual([
      ['payment', '2', null, 1_200],
      ['refund', '2', 're000000-0000-4000-8000-000000000002', 1_200],
      ['payment', '3', null, 200],
      ['refund', '3', null, 200],
    ]);
    expect(lines[0]).toMatchObject({
      providerTradeNo: '4200001234202612070000000001',
      at: '2026-12-07T01:15:04.000Z',
    });
  });

  it('names the line of what it cannot read', () => {
    expect(() => parseWechatBill(wechatAll.replace('`SUCCESS', '`WHATEVER'), 'CNY')).toThrow(/line 2/);
    expect(() => parseWechatBill('a,b\r\n', 'CNY')).toThrow(/no column/);
  });
});
