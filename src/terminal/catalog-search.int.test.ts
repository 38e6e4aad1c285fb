import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { callsOf } from './call.test-util.js';
import { openTerminal, type Terminal } from './terminal.js';

// A fresh till seeded with the demo catalog (Chinese names, English second names), searched through the
// real dispatcher as the cashier's search box does on every keystroke.
let dir: string;
let terminal: Terminal;
const { call } = callsOf(() => terminal);
const names = async (query: string, extra: { categoryId?: string } = {}) =>
  (await call('catalog.search', { query, ...extra })).map((p) => p.name);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillpoint-catalog-search-'));
  terminal = await openTerminal({ dataDir: dir });
});
afterAll(() => {
  terminal.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('catalog.search over Chinese names', () => {
  test('pinyin initials: kl finds 可乐, kkkl 可口可乐; every prefix while typing', async () => {
    expect(await names('kl')).toContain('可口可乐 330ml');
    expect(await names('kkkl')).toEqual(['可口可乐 330ml']);
    for (const typed of ['k', 'kk', 'kkk', 'KKKL']) expect(await names(typed)).toContain('可口可乐 330ml');
  });

  test('full pinyin, any case, and its prefixes; ü typed as v or u', async () => {
    expect(await names('kele')).toEqual(['可口可乐 330ml']);
    expect(await names('KeKou')).toEqual(['可口可乐 330ml']);
    expect(await names('kuangquan')).toEqual(['矿泉水 550ml']);
    expect(await names('lvcha')).toEqual(['绿茶 500ml']);
    expect(await names('lucha')).toEqual(['绿茶 500ml']);
  });

  test('the English second name, and the Chinese name itself', async () => {
    // a word matches anywhere in a name, as before the second names: chocolate holds "cola"
    expect(await names('Cola')).toEqual(['可口可乐 330ml', '巧克力 43g']);
    expect(await names('mineral water')).toEqual(['矿泉水 550ml']);
    expect(await names('可乐')).toEqual(['可口可乐 330ml']);
    expect(await names('酸奶')).toEqual(['草莓酸奶 100g x 4', '开菲尔酸奶饮品 250ml', '原味酸奶 200g']);
  });

  test('answers the product with its second name and what a kiosk must ask the attendant for', async () => {
    const [beer] = await call('catalog.search', { query: 'pj' });
    expect(beer).toMatchObject({ name: '啤酒 500ml', altName: 'Beer 500 ml', needsStaff: 'age' });
    const [water] = await call('catalog.search', { query: 'kqs' });
    expect(water).toMatchObject({ name: '矿泉水 550ml', altName: 'Mineral Water 550 ml', needsStaff: null });
    expect(await call('catalog.categories', {})).toContainEqual({
      id: 'drinks',
      name: '饮料',
      altName: 'Drinks',
    });
  });

  test("the shop's names in pinyin order, as a Chinese reader looks them up", async () => {
    expect(await names('', { categoryId: 'drinks' })).toEqual([
      '冰咖啡 280ml', // bingkafei
      '橙汁 1L', // chengzhi
      '豆奶 250ml', // dounai
      '二锅头白酒 500ml', // erguotou
      '可口可乐 330ml', // kekoukele
      '矿泉水 550ml', // kuangquanshui
      '绿茶 500ml', // lvcha
      '啤酒 500ml', // pijiu
      '五粮液 500ml', // wuliangye
      '乌龙茶 500ml', // wulongcha
    ]);
  });

  test('mixed words, categories, and codes still come first', async () => {
    expect(await names('cha 500')).toEqual(['绿茶 500ml', '乌龙茶 500ml']);
    expect(await names('cha', { categoryId: 'snacks' })).toEqual([]);
    expect(await names('DRI-003')).toEqual(['可口可乐 330ml']);
    expect(await names('6901234567892')).toEqual(['矿泉水 550ml']);
  });
});
