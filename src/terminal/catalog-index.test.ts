import { describe, expect, test } from 'vitest';
import { buildCatalogIndex, pinyinSearchKeys } from './catalog-index.js';

describe('pinyin search keys', () => {
  test('full pinyin without tones, and initials, of the words that hold Chinese; letters in them kept', () => {
    expect(pinyinSearchKeys('可口可乐 330ml')).toEqual(['kekoukele', 'kkkl']);
    expect(pinyinSearchKeys('5号电池 4节')).toEqual(['5haodianchi 4jie', '5hdc 4j']);
    expect(pinyinSearchKeys('LED灯泡 9W')).toEqual(['LEDdengpao', 'LEDdp']);
    expect(pinyinSearchKeys('农夫山泉  矿泉水')).toEqual(['nongfushanquan kuangquanshui', 'nfsq kqs']);
  });

  test('ü spelled v (pinyin keyboards) and u', () => {
    expect(pinyinSearchKeys('绿茶')).toEqual(['lvcha', 'lc', 'lucha']);
  });

  test("a word's reading of a polyphonic character", () => {
    expect(pinyinSearchKeys('银行卡')[0]).toBe('yinhangka');
    expect(pinyinSearchKeys('重庆小面')[0]).toBe('chongqingxiaomian');
  });

  test('no keys for text without Chinese', () => {
    expect(pinyinSearchKeys('Mineral Water 550 ml')).toEqual([]);
    expect(pinyinSearchKeys('')).toEqual([]);
  });

  test('the index searches the pinyin of a Chinese second name too', () => {
    const index = buildCatalogIndex([
      {
        id: 'p1',
        sku: 'S-1',
        name: 'Baijiu',
        altName: '白酒',
        needsStaff: 'age',
        barcode: null,
        categoryId: 'drinks',
        price: { amount: 2800, currency: 'CNY' },
        taxRateId: 'vat-13',
      },
    ]);
    expect(index.search('bj').map((p) => p.id)).toEqual(['p1']);
    expect(index.search('baij').map((p) => p.id)).toEqual(['p1']);
    expect(index.search('bj Baijiu').map((p) => p.id)).toEqual(['p1']);
    expect(index.byId('p1')).toMatchObject({ needsStaff: 'age', price: { amount: 2800, currency: 'CNY' } });
  });
});
