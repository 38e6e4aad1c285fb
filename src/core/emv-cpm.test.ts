import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from './base64.js';
import { cpmEntries, decodeCpm, encodeCpm, maskPan, type CpmTags } from './emv-cpm.js';
import { thrownCode } from './test-util.js';

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
    expect(r.tags['61#2']).toEqual({ '5F20': '41'.repeat(130) });
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

const hexBytes = fc.uint8Array({ maxLength: 140 }).map((b) =>
  [...b]
    .map((x) => x.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase(),
);
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
