import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildMerchantQr,
  crc16CcittFalse,
  decodeMpm,
  encodeMpm,
  mpmEntries,
  mpmTemplate,
  type MerchantQrConfig,
  type MpmTemplate,
  type MpmValue,
} from './emv-mpm.js';
import { money } from './money.js';
import { thrownCode } from './test-util.js';
import { utf8Bytes } from './utf8.js';

const ascii = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
/** Appends "6304" and the right CRC, so a test can build a payload that is wrong in exactly one other way. */
const withCrc = (body: string) =>
  `${body}6304${crc16CcittFalse(utf8Bytes(`${body}6304`))
    .toString(16)
    .toUpperCase()
    .padStart(4, '0')}`;
const f = (id: string, value: string) => `${id}${String([...value].length).padStart(2, '0')}${value}`;
const code = (text: string) => {
  const r = decodeMpm(text);
  return r.ok ? 'ok' : r.error.code;
};
/** Entries all the way down, so order is compared too. */
const deep = (t: MpmTemplate): unknown =>
  mpmEntries(t).map(([id, v]) => [id, typeof v === 'string' ? v : deep(v)]);

const promptpay = '00020101021129370016A000000677010111011300668012345675802TH530376463046197';

describe('crc16CcittFalse', () => {
  it('gives the catalogue check value 0x29B1 for "123456789" (CRC RevEng, CRC-16/IBM-3740)', () => {
    expect(crc16CcittFalse(ascii('123456789'))).toBe(0x29b1);
    expect(crc16CcittFalse(new Uint8Array())).toBe(0xffff);
  });
});

describe('decodeMpm', () => {
  it('decodes PromptPay into nested templates and keeps the payload order (58 before 53)', () => {
    const r = decodeMpm(promptpay);
    expect(r).toMatchObject({ ok: true, crcValid: true });
    if (!r.ok) return;
    expect(r.tags).toEqual({
      '00': '01',
      '01': '11',
      '29': { '00': 'A000000677010111', '01': '0066801234567' },
      '58': 'TH',
      '53': '764',
    });
    expect(mpmEntries(r.tags).map(([id]) => id)).toEqual(['00', '01', '29', '58', '53']);
    expect(encodeMpm(r.tags)).toBe(promptpay);
  });

  it('counts LEN in characters and the CRC over UTF-8 bytes', () => {
    const payload = withCrc(
      f('00', '01') + f('59', '小吃店') + f('64', f('00', 'ZH') + f('01', 'Café 北京')),
    );
    expect(payload).toContain('5903小吃店');
    const r = decodeMpm(payload);
    expect(r.ok && r.tags).toEqual({ '00': '01', '59': '小吃店', '64': { '00': 'ZH', '01': 'Café 北京' } });
    // A CRC computed over UTF-16 code units or with LEN in bytes would not match.
    const latin1 = `${f('00', '01') + f('59', 'Café')}6304`;
    const wrong = [...latin1].map((c) => c.charCodeAt(0) & 0xff);
    const bad = latin1 + crc16CcittFalse(Uint8Array.from(wrong)).toString(16).toUpperCase().padStart(4, '0');
    expect(code(bad)).toBe('qr.crc_mismatch');
  });

  it('treats 62/50-99 as templates and other IDs inside templates as text', () => {
    const inner62 = f('05', 'REF1') + f('50', f('00', 'com.x') + f('01', 'y'));
    const r = decodeMpm(
      withCrc(f('00', '01') + f('62', inner62) + f('26', f('00', 'guid') + f('62', '0105'))),
    );
    expect(r.ok && r.tags).toEqual({
      '00': '01',
      '62': { '05': 'REF1', '50': { '00': 'com.x', '01': 'y' } },
      '26': { '00': 'guid', '62': '0105' },
    });
  });

  it('accepts a lowercase CRC (some generators write it)', () => {
    expect(code(promptpay.slice(0, -4) + promptpay.slice(-4).toLowerCase())).toBe('ok');
  });

  it('rejects each kind of damage with its own code', () => {
    const good = f('00', '01') + f('01', '11');
    const cases: [string, string][] = [
      ['', 'qr.empty'],
      ['0'.repeat(513), 'qr.too_long'],
      ['x'.repeat(2000), 'qr.too_long'],
      [withCrc(f('01', '11') + f('00', '01')), 'qr.format_indicator_missing'],
      [withCrc(f('59', 'Shop')), 'qr.format_indicator_missing'],
      [withCrc(good + f('59', 'A') + f('59', 'B')), 'qr.duplicate_id'],
      [withCrc(good + f('26', f('00', 'a') + f('00', 'b'))), 'qr.duplicate_id'],
      [`${good}5920Shop`, 'qr.length_overrun'],
      [withCrc(good + f('26', '000599')), 'qr.length_overrun'],
      [withCrc(`${good}59`), 'qr.length_overrun'],
      [withCrc(`${good}59x4Shop`), 'qr.length_not_numeric'],
      [withCrc(`${good}5x04Shop`), 'qr.bad_tlv'],
      [good + f('59', 'Shop'), 'qr.crc_missing'],
      [`${withCrc(good)}${f('59', 'Shop')}`, 'qr.crc_not_last'],
      [`${withCrc(good)}zz`, 'qr.data_after_crc'],
      [`${good}6304ABCG`, 'qr.crc_not_hex'],
      [`${good}63050ABCD`, 'qr.crc_not_hex'],
      [`${good}6304ABCD`, 'qr.crc_mismatch'],
      [promptpay.replace('TH', 'TW'), 'qr.crc_mismatch'],
    ];
    for (const [payload, expected] of cases) expect(code(payload), payload).toBe(expected);
    const r = decodeMpm(`${good}6304ABCD`);
    expect(!r.ok && r.error.message).toMatch(/damaged, ask the customer to refresh/);
  });
});

describe('encodeMpm', () => {
  it('writes 00 first, recomputes 63 and keeps the order of a decoded or built template', () => {
    const built = mpmTemplate([
      ['63', 'FFFF'],
      ['59', 'Shop'],
      ['00', '01'],
      [
        '26',
        mpmTemplate([
          ['01', 'b'],
          ['00', 'a'],
        ]),
      ],
    ]);
    const payload = encodeMpm(built);
    expect(payload.startsWith('00020159')).toBe(true);
    expect(payload).toContain('26100101b0001a');
    expect(code(payload)).toBe('ok');
    // A plain object literal has no payload order: IDs ascend.
    expect(encodeMpm({ '59': 'Shop', '00': '01' })).toBe(withCrc('0002015904Shop'));
  });

  it('refuses tags it cannot encode with qr.invalid_tags', () => {
    const bad: unknown[] = [
      { '59': 'no 00' },
      { '00': '01', '5': 'x' },
      { '00': '01', '59': { '00': 'template at a primitive ID' } },
      { '00': '01', '59': 'x'.repeat(100) },
      { '00': '01', '59': 12 },
      { '00': '01', '26': { '00': 'x'.repeat(96) } },
      null,
    ];
    for (const tags of bad) expect(thrownCode(() => encodeMpm(tags as MpmTemplate))).toBe('qr.invalid_tags');
    const big = Object.fromEntries([
      ['00', '01'],
      ...['80', '81', '82', '83', '84', '85'].map((id) => [id, 'x'.repeat(90)]),
    ]);
    expect(thrownCode(() => encodeMpm(big))).toBe('qr.too_long');
  });
});

describe('buildMerchantQr', () => {
  const cfg: MerchantQrConfig = {
    merchantAccount: { id: '29', guid: 'A000000677010111', fields: { '01': '0066801234567' } },
    mcc: '5812',
    currency: 'CNY',
    country: 'CN',
    name: 'Tillpoint Cafe',
    city: 'Shanghai',
  };

  it('builds a dynamic payload (01=12) with the numeric currency and the amount in major units', () => {
    const payload = buildMerchantQr(cfg, money(1050, 'CNY'), { reference: 'sale-42' });
    const r = decodeMpm(payload);
    expect(r.ok && deep(r.tags)).toEqual([
      ['00', '01'],
      ['01', '12'],
      [
        '29',
        [
          ['00', 'A000000677010111'],
          ['01', '0066801234567'],
        ],
      ],
      ['52', '5812'],
      ['53', '156'],
      ['54', '10.50'],
      ['58', 'CN'],
      ['59', 'Tillpoint Cafe'],
      ['60', 'Shanghai'],
      ['62', [['05', 'sale-42']]],
    ]);
  });

  it('builds a static payload (01=11, no 54) and formats exponents 0 and 3', () => {
    const r = decodeMpm(buildMerchantQr({ ...cfg, postalCode: '200000' }, null));
    expect(r.ok && r.tags).toMatchObject({ '01': '11', '61': '200000' });
    expect(r.ok && '54' in r.tags).toBe(false);
    const jpy = decodeMpm(buildMerchantQr({ ...cfg, currency: 'JPY' }, money(500, 'JPY')));
    expect(jpy.ok && jpy.tags).toMatchObject({ '53': '392', '54': '500' });
    const bhd = decodeMpm(buildMerchantQr({ ...cfg, currency: 'BHD' }, money(5, 'BHD')));
    expect(bhd.ok && bhd.tags).toMatchObject({ '53': '048', '54': '0.005' });
  });

  it('refuses a configuration or amount it cannot turn into a valid payload', () => {
    expect(thrownCode(() => buildMerchantQr(cfg, money(100, 'USD')))).toBe('money.currency_mismatch');
    expect(thrownCode(() => buildMerchantQr(cfg, money(0, 'CNY')))).toBe('tender.invalid_amount');
    expect(thrownCode(() => buildMerchantQr({ ...cfg, currency: 'XAU' }, null))).toBe(
      'money.unknown_currency',
    );
    for (const broken of [
      { ...cfg, merchantAccount: { ...cfg.merchantAccount, id: '52' } },
      { ...cfg, merchantAccount: { ...cfg.merchantAccount, fields: { '00': 'x' } } },
      { ...cfg, mcc: '58' },
      { ...cfg, country: 'China' },
      { ...cfg, name: 'x'.repeat(26) },
      { ...cfg, city: '' },
    ]) {
      expect(thrownCode(() => buildMerchantQr(broken, null))).toBe('qr.invalid_tags');
    }
    expect(thrownCode(() => buildMerchantQr(cfg, money(10 ** 13, 'CNY')))).toBe('qr.invalid_tags');
  });
});

// --- properties -------------------------------------------------------------------------------------------

const id = (from: number, to: number) =>
  fc.integer({ min: from, max: to }).map((n) => String(n).padStart(2, '0'));
/** Any Unicode text, including non-ASCII and astral characters (LEN counts characters). */
const value = fc.string({ unit: 'grapheme', maxLength: 12 });
const leaf = fc.uniqueArray(fc.tuple(id(0, 99), value), { selector: ([k]) => k, maxLength: 4 });
const entriesOf = (pairs: [string, MpmValue][]) => mpmTemplate(pairs);
const topLevel = fc
  .uniqueArray(
    fc.oneof(
      fc.tuple(fc.oneof(id(1, 25), id(52, 61), id(65, 79)), value),
      fc.tuple(fc.oneof(id(26, 51), id(64, 64), id(80, 99)), leaf.map(entriesOf)),
      fc.tuple(
        fc.constant('62'),
        fc
          .uniqueArray(
            fc.oneof(
              fc.tuple(id(0, 49), value),
              fc.tuple(id(50, 99), leaf.map(entriesOf)) as fc.Arbitrary<[string, MpmValue]>,
            ),
            { selector: ([k]) => k, maxLength: 3 },
          )
          .map(entriesOf),
      ) as fc.Arbitrary<[string, MpmValue]>,
    ),
    { selector: ([k]) => k, maxLength: 8 },
  )
  .chain((rest) => value.map((v) => entriesOf([['00', v], ...(rest as [string, MpmValue][])])));

describe('properties', () => {
  it('decode(encode(tags)) gives the same tags in the same order, for any tag tree that fits', () => {
    fc.assert(
      fc.property(topLevel, (tags) => {
        let payload: string;
        try {
          payload = encodeMpm(tags);
        } catch {
          return; // over 512 characters: not a payload, and encodeMpm says so with qr.too_long
        }
        const r = decodeMpm(payload);
        expect(r.ok).toBe(true);
        if (r.ok) expect(deep(r.tags)).toEqual(deep(tags));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary text and always answers a typed error or tags', () => {
    const texts = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 600 }),
      fc.uint8Array({ maxLength: 600 }).map((b) => String.fromCharCode(...b)),
      fc.uint8Array({ maxLength: 200 }).map((b) => `000201${String.fromCharCode(...b)}`),
      fc.string({ maxLength: 80 }).map((s) => `00${s}`),
      fc.string({ unit: fc.constantFrom(...'0123456789ABCDEF'), maxLength: 120 }).map((s) => `0002${s}`),
      fc
        .tuple(fc.nat(promptpay.length - 1), fc.string({ minLength: 1, maxLength: 1 }))
        .map(([i, c]) => promptpay.slice(0, i) + c + promptpay.slice(i + 1)),
    );
    fc.assert(
      fc.property(texts, (text) => {
        const r = decodeMpm(text);
        if (!r.ok) expect(r.error.code).toMatch(/^qr\./);
      }),
      { numRuns: 2000 },
    );
  });
});
