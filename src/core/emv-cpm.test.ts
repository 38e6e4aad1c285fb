import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from './base64.js';
import { cpmEntries, decodeCpm, encodeCpm, maskPan, type CpmTags } from './emv-cpm.js';
import { containsPanRun } from './pan.js';
import { withLuhnCheck } from './pan.test-util.js';
import { classifyScan } from './scan-classifier.js';
import { thrownCode } from './test-util.js';

/** a card number of 13 to 19 digits whose last digit is its Luhn check digit */
const luhnPan = () => fc.stringMatching(/^\d{12,18}$/).map(withLuhnCheck);

/** mvallim/emv-qrcode DecoderCpmTest: 85 CPV01, 61 { 4F AID, 57 track 2 with test PAN 1234567890123458 }. */
const sample = 'hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=';
const b64 = (...bytes: number[]) => bytesToBase64(Uint8Array.from(bytes));
const CPV01 = [0x85, 0x05, 0x43, 0x50, 0x56, 0x30, 0x31];
const code = (text: string) => {
  const r = decodeCpm(text);
  return r.ok ? 'ok' : r.error.code;
};

describe('maskPan', () => {
  it('keeps the first 6 and last 4 digits, less for short numbers', () => {
    expect(maskPan('6212345678901234567')).toBe('621234*********4567');
    expect(maskPan('1234567890123')).toBe('123456***0123');
    expect(maskPan('123456789012')).toBe('********9012');
    expect(maskPan('1234')).toBe('****');
  });
});

describe('decodeCpm', () => {
  it('decodes the reference sample and masks the PAN inside track 2 (57)', () => {
    const r = decodeCpm(sample);
    expect(r).toEqual({
      ok: true,
      tags: {
        '85': '4350563031',
        '61': { '4F': 'A0000000555555', '57': '123456******3458D*************' },
      },
    });
    expect(JSON.stringify(r)).not.toContain('1234567890123458');
    expect(cpmEntries(r.ok ? r.tags : {}).map(([k]) => k)).toEqual(['85', '61']);
  });

  it('reads multi-byte tags, long-form lengths, 00 padding, several 61 templates and masks 5A', () => {
    const name = Array.from({ length: 130 }, () => 0x41);
    const payload = b64(
      ...CPV01,
      0x00,
      ...[
        0x61, 0x0f, 0x4f, 0x03, 0xa0, 0x00, 0x01, 0x5a, 0x08, 0x62, 0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0x34,
      ],
      ...[0x61, 0x81, 0x86, 0x5f, 0x20, 0x81, 0x82, ...name],
      ...[0x62, 0x06, 0x9f, 0x1f, 0x03, 0x01, 0x02, 0x03],
    );
    const r = decodeCpm(payload);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.tags['61']).toEqual({ '4F': 'A00001', '5A': '621234******1234' });
    // "AAA…" in hex is a run of digits holding Luhn-valid windows: masked like a card number (src/core/pan.ts)
    expect(r.tags['61#2']).toEqual({ '5F20': `414141${'*'.repeat(250)}4141` });
    expect(r.tags['62']).toEqual({ '9F1F': '010203' });
    expect(cpmEntries(r.tags).map(([k]) => k)).toEqual(['85', '61', '61#2', '62']);
  });

  it('rejects each kind of damage with its own code', () => {
    const cases: [string, string][] = [
      ['', 'qr.empty'],
      ['====', 'qr.bad_base64'],
      ['A'.repeat(3000), 'qr.too_long'],
      ['hQVD*FYwMQ==', 'qr.bad_base64'],
      ['hQVDUFYwMQ=', 'qr.bad_base64'],
      ['hQVDUFYwMR==', 'qr.bad_base64'],
      [b64(...CPV01, 0x61, 0x05, 0x4f), 'qr.bad_tlv'],
      [b64(...CPV01, 0x9f), 'qr.bad_tlv'],
      [b64(...CPV01, 0x5f, 0x81, 0x81, 0x81, 0x01, 0x00), 'qr.bad_tlv'],
      [b64(...CPV01, 0x61, 0x80, 0x00, 0x00), 'qr.bad_tlv'],
      [b64(...CPV01, 0x61, 0x84, 0, 0, 0, 1, 0), 'qr.bad_tlv'],
      [b64(0x4f, 0x01, 0xa0, ...CPV01), 'qr.cpm_no_cpv'],
      [b64(0x85, 0x05, 0x43, 0x50, 0x56, 0x30, 0x32), 'qr.cpm_no_cpv'],
      [b64(...Array.from({ length: 10 }, () => [0x61, 0x02]).flat(), 0x4f, 0x00), 'qr.bad_tlv'],
    ];
    for (const [payload, expected] of cases) expect(code(payload), payload).toBe(expected);
  });

  it('accepts base64 without padding', () => {
    expect(code(sample.replace(/=+$/, ''))).toBe('ok');
  });
});

describe('encodeCpm', () => {
  it('writes 85 first, keeps repeated templates and refuses masked or malformed values', () => {
    const tags: CpmTags = { '61': { '4F': 'A0000000555555' }, '85': '4350563031', '61#2': { '50': '4142' } };
    const r = decodeCpm(encodeCpm(tags));
    expect(r.ok && cpmEntries(r.tags)).toEqual([
      ['85', '4350563031'],
      ['61', { '4F': 'A0000000555555' }],
      ['61#2', { '50': '4142' }],
    ]);
    expect(encodeCpm(decodeCpm(sample).ok ? { '85': '4350563031' } : {})).toBe('hQVDUFYwMQ==');
    for (const bad of [
      { '85': '123456******3458' },
      { '1F': '00' },
      { ZZ: '00' },
      { '61': '00' },
      { '85': { '01': '00' } },
      { '85': 5 },
    ]) {
      expect(
        thrownCode(() => encodeCpm(bad as unknown as CpmTags)),
        JSON.stringify(bad),
      ).toBe('qr.invalid_tags');
    }
  });
});

// --- properties -------------------------------------------------------------------------------------------

/** bytes without a card number in them, as hex or as ASCII digits (those are masked: not a round trip) */
const hexBytes = fc
  .uint8Array({ maxLength: 140 })
  .filter((b) => !containsPanRun(Buffer.from(b).toString('latin1')))
  .map((b) =>
    [...b]
      .map((x) => x.toString(16).padStart(2, '0'))
      .join('')
      .toUpperCase(),
  )
  .filter((h) => !containsPanRun(h));
/** Primitive tags (constructed bit clear) that are not card-number tags, one to three bytes. */
const primitiveTag = fc.oneof(
  fc.integer({ min: 0x41, max: 0x5e }).filter((t) => t !== 0x56 && t !== 0x57 && t !== 0x5a),
  fc.integer({ min: 0x80, max: 0x9e }),
  fc.constantFrom('5F20', '5F2D', '9F08', '9F26', '9F27', '9F36', '9F10', '5F8101'),
);
const tagHex = (t: number | string) => (typeof t === 'number' ? t.toString(16).toUpperCase() : t);
const leafTags = fc.uniqueArray(fc.tuple(primitiveTag.map(tagHex), hexBytes), {
  selector: ([k]) => k,
  maxLength: 5,
});
const tree = fc
  .tuple(leafTags, fc.array(fc.tuple(fc.constantFrom('61', '62', '64', 'BF0C'), leafTags), { maxLength: 3 }))
  .map(([leaves, templates]) => {
    const tags: Record<string, string | CpmTags> = { '85': '4350563031' };
    for (const [k, v] of leaves) if (k !== '85') tags[k] = v;
    for (const [k, inner] of templates)
      tags[Object.hasOwn(tags, k) ? `${k}#${Object.keys(tags).length}` : k] = Object.fromEntries(inner);
    return tags as CpmTags;
  });

describe('track data', () => {
  it('withholds track 1 (56) whole and everything after the PAN in track 2 (57)', () => {
    const track1 = Array.from('B4761739001010119^TEST/CARD^2512101123456789', (c) =>
      c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'),
    ).join('');
    const r = decodeCpm(
      encodeCpm({
        '85': '4350563031',
        '61': { '4F': 'A0000000031010', '56': track1, '57': '4761739001010119D25121011234567F' },
      } as CpmTags),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const app = r.tags['61'] as CpmTags;
    expect(app['56']).toBe('*'.repeat(track1.length));
    expect(app['57']).toBe('476173******0119D' + '*'.repeat(15));
    expect(JSON.stringify(r.tags)).not.toContain('1234567');
  });
});

describe('properties', () => {
  it('decode(encode(tags)) gives the same tags for any tree without card numbers', () => {
    fc.assert(
      fc.property(tree, (tags) => {
        const r = decodeCpm(encodeCpm(tags));
        expect(r.ok).toBe(true);
        // "61#3" written by the generator reads back as "61#2": compare values in order.
        if (r.ok) expect(cpmEntries(r.tags).map(([, v]) => v)).toEqual(cpmEntries(tags).map(([, v]) => v));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary text or bytes, and never shows a PAN it was given', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.uint8Array({ maxLength: 300 }).map((b) => bytesToBase64(Uint8Array.from([...CPV01, ...b]))),
          fc.uint8Array({ maxLength: 300 }).map(bytesToBase64),
          fc.uint8Array({ maxLength: 300 }).map((b) => String.fromCharCode(...b)),
        ),
        (text) => {
          const r = decodeCpm(text);
          if (!r.ok) expect(r.error.code).toMatch(/^qr\./);
        },
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{15,18}$/), (pan) => {
        const bcd = (pan.length % 2 ? `${pan}F` : pan).match(/../g)?.map((h) => parseInt(h, 16)) ?? [];
        const r = decodeCpm(b64(...CPV01, 0x61, bcd.length + 2, 0x5a, bcd.length, ...bcd));
        expect(r.ok).toBe(true);
        expect(JSON.stringify(r)).not.toContain(pan);
        expect(JSON.stringify(r)).toContain(pan.slice(-4));
      }),
      { numRuns: 200 },
    );
  });

  it('base64 round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        expect(base64ToBytes(bytesToBase64(b))).toEqual(b);
      }),
    );
  });
});

describe('card numbers in tags other than 5A, 56, 57 and 9F6B', () => {
  const ascii = (text: string) => Buffer.from(text, 'latin1').toString('hex').toUpperCase();
  const bcd = (pan: string) => (pan.length % 2 ? `${pan}F` : pan);

  it('masks one written as BCD and withholds the middle of one written as ASCII digits', () => {
    const tags: CpmTags = {
      '85': '4350563031',
      '61': { '4F': 'A0000000031010', '9F24': bcd('4111111111111111'), '50': ascii('PAN:4111111111111111') },
    };
    const r = decodeCpm(encodeCpm(tags));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.tags['61']).toEqual({
      '4F': 'A0000000031010',
      '9F24': '411111******1111',
      '50': `${ascii('PAN:411111')}${'*'.repeat(12)}${ascii('1111')}`,
    });
  });

  /** a primitive value: random bytes, or a card number as BCD or ASCII digits with random bytes around it */
  const value = fc.oneof(
    fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b).toString('hex').toUpperCase()),
    fc
      .tuple(fc.uint8Array({ maxLength: 4 }), luhnPan(), fc.boolean(), fc.uint8Array({ maxLength: 4 }))
      .map(
        ([before, pan, asAscii, after]) =>
          Buffer.from(before).toString('hex').toUpperCase() +
          (asAscii ? ascii(pan) : bcd(pan)) +
          Buffer.from(after).toString('hex').toUpperCase(),
      ),
  );
  const primitiveTag = fc.constantFrom(
    '4F',
    '50',
    '5A',
    '57',
    '5F20',
    '5F2D',
    '9F24',
    '9F6B',
    '9F10',
    'C1',
    '9F7C',
  );

  it('no decoded CPM holds a Luhn-valid 13-19 digit run, in any tag (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(primitiveTag, value, { minKeys: 1, maxKeys: 6 }), value, (app, top) => {
        const payload = encodeCpm({ '85': '4350563031', '61': app, '9F7C': top });
        const r = decodeCpm(payload);
        expect(r.ok).toBe(true);
        expect(containsPanRun(JSON.stringify(r))).toBe(false);
        // the scan path (camera, wedge scanner, keypad) answers the same masked tags, or an error
        const scan = classifyScan(`${payload}\r\n`);
        expect(scan.kind).toBe('emv-cpm');
        expect(containsPanRun(JSON.stringify(scan))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('a damaged CPM carrying a card number answers an error that does not repeat it (property)', () => {
    fc.assert(
      fc.property(luhnPan(), fc.integer({ min: 1, max: 12 }), (pan, cut) => {
        const payload = encodeCpm({ '85': '4350563031', '61': { '5A': bcd(pan), '50': ascii(pan) } });
        const scan = classifyScan(payload.slice(0, -cut));
        if (scan.kind !== 'emv-cpm') expect(containsPanRun(JSON.stringify(scan))).toBe(false);
      }),
    );
  });
});
