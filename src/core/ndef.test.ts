import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeNdefMessage, encodeNdefMessage, URI_PREFIXES, type NdefRecord } from './ndef.js';
import { utf8Decode } from './utf8.js';

const hex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const encoded = (records: NdefRecord[]) => {
  const r = encodeNdefMessage(records);
  if (!r.ok) throw new Error(r.error.message);
  return toHex(r.value);
};
const errorCode = (bytes: Uint8Array) => {
  const r = decodeNdefMessage(bytes);
  return r.ok ? 'ok' : r.error.code;
};

describe('known vectors', () => {
  // Text "Hello"/en: the record nfcpy and Android write (D1 01 len 54 02 65 6E ...), e.g. BBPOS's
  // encodeNdefFormat "D101" + len + "54" + "02656E" + text.
  it('text record "Hello" (en)', () => {
    expect(encoded([{ kind: 'text', text: 'Hello', lang: 'en' }])).toBe('d101085402656e48656c6c6f');
    expect(decodeNdefMessage(hex('d101085402656e48656c6c6f'))).toEqual({
      ok: true,
      value: [{ kind: 'text', text: 'Hello', lang: 'en' }],
    });
  });

  it('URI record https://www.example.com uses identifier code 0x02', () => {
    expect(encoded([{ kind: 'uri', uri: 'https://www.example.com' }])).toBe(
      'd1010c55026578616d706c652e636f6d',
    );
    expect(decodeNdefMessage(hex('d1010c55026578616d706c652e636f6d'))).toEqual({
      ok: true,
      value: [{ kind: 'uri', uri: 'https://www.example.com' }],
    });
  });

  it('takes the longest prefix: urn:nfc: (0x23) over urn: (0x13), https://www. over https://', () => {
    expect(encoded([{ kind: 'uri', uri: 'urn:nfc:sn:x' }])).toBe('d101055523736e3a78');
    expect(encoded([{ kind: 'uri', uri: 'https://a' }])).toBe('d10102550461');
    expect(URI_PREFIXES).toHaveLength(0x24);
  });

  it('text "Hello, World!" in en-US (status 0x05: UTF-8, 5-byte language code)', () => {
    const bytes = hex('d101135405656e2d555348656c6c6f2c20576f726c6421');
    expect(decodeNdefMessage(bytes)).toEqual({
      ok: true,
      value: [{ kind: 'text', text: 'Hello, World!', lang: 'en-US' }],
    });
  });

  it('decodes UTF-16 text, with a BOM (either order) and without one (big-endian)', () => {
    const utf16be = hex('d1010754' + '82656e' + '00480069'); // "Hi", no BOM
    expect(decodeNdefMessage(utf16be)).toEqual({
      ok: true,
      value: [{ kind: 'text', text: 'Hi', lang: 'en' }],
    });
    const utf16le = hex('d1010954' + '82656e' + 'fffe48006900');
    expect(decodeNdefMessage(utf16le)).toEqual({
      ok: true,
      value: [{ kind: 'text', text: 'Hi', lang: 'en' }],
    });
    const odd = hex('d1010654' + '82656e' + '004800');
    expect(errorCode(odd)).toBe('nfc.ndef_invalid');
  });

  it('long payloads use the 4-byte length (SR clear) and decode back', () => {
    const text = 'x'.repeat(300);
    const bytes = encoded([{ kind: 'text', text, lang: 'en' }]);
    expect(bytes.slice(0, 14)).toBe('c1010000012f54');
    expect(decodeNdefMessage(hex(bytes))).toEqual({ ok: true, value: [{ kind: 'text', text, lang: 'en' }] });
  });

  it('MB on the first record, ME on the last, neither in the middle', () => {
    const three = encoded([
      { kind: 'uri', uri: 'a' },
      { kind: 'uri', uri: 'b' },
      { kind: 'uri', uri: 'c' },
    ]);
    expect(three).toBe('910102550061' + '110102550062' + '510102550063');
  });

  it('the empty message is no bytes, and no bytes is the empty message', () => {
    expect(encoded([])).toBe('');
    expect(decodeNdefMessage(new Uint8Array(0))).toEqual({ ok: true, value: [] });
  });

  it('an empty record (TNF 0, as Android writes to erase) and records with IDs', () => {
    expect(decodeNdefMessage(hex('d00000'))).toEqual({
      ok: true,
      value: [{ kind: 'other', tnf: 0, type: '', payload: '' }],
    });
    // IL set, ID "id": the ID is stepped over
    expect(decodeNdefMessage(hex('d9010202' + '55' + '6964' + '0061'))).toEqual({
      ok: true,
      value: [{ kind: 'uri', uri: 'a' }],
    });
  });
});

describe('refusals', () => {
  it.each([
    ['chunked record (CF)', 'f1010255' + '0061'],
    ['first record without MB', '51010255' + '0061'],
    ['no ME on the last record', '91010255' + '0061'],
    ['bytes after ME', 'd1010255' + '0061' + '00'],
    ['payload past the end', 'd1010955' + '0061'],
    ['header past the end', 'd101'],
    ['reserved URI identifier code 0x24', 'd1010255' + '2461'],
    ['invalid UTF-8 in a URI', 'd1010255' + '00c0'],
    ['language code past the payload', 'd101025405'],
    ['TNF 0 with a type', 'd0010055'],
    ['TNF 6 (unchanged)', 'd6000100'],
    ['TNF 1 without a type', 'd1000100'],
    ['second MB', '910102550061' + '910102550062' + '510102550063'],
  ])('%s is nfc.ndef_invalid', (_, bytes) => {
    expect(errorCode(hex(bytes))).toBe('nfc.ndef_invalid');
  });

  it('encode refuses what it cannot write', () => {
    const bad: NdefRecord[] = [
      { kind: 'text', text: 'x', lang: 'a'.repeat(64) },
      { kind: 'text', text: 'x', lang: 'é' },
      { kind: 'text', text: '\ud800', lang: 'en' },
      { kind: 'other', tnf: 2, type: 'zz', payload: '' },
      { kind: 'other', tnf: 2, type: '', payload: '' },
      { kind: 'other', tnf: 6, type: '', payload: '' },
      { kind: 'other', tnf: 8, type: '61', payload: '' },
      { kind: 'other', tnf: 0, type: '', payload: '00' },
    ];
    for (const record of bad) expect(encodeNdefMessage([record]).ok, JSON.stringify(record)).toBe(false);
  });
});

describe('utf8Decode', () => {
  it('refuses overlongs, surrogates, truncations and code points past U+10FFFF', () => {
    for (const bad of ['c0af', 'e080af', 'eda080', 'f08080af', 'f4908080', 'f5808080', '80', 'e282', 'ff']) {
      expect(utf8Decode(hex(bad)), bad).toBeNull();
    }
    expect(utf8Decode(hex('e282ac'))).toBe('€');
    expect(utf8Decode(hex('f09f9880'))).toBe('😀');
  });
});

const hexBytes = (max: number) => fc.uint8Array({ maxLength: max }).map(toHex);
const arbRecord: fc.Arbitrary<NdefRecord> = fc.oneof(
  fc.record({
    kind: fc.constant('text' as const),
    text: fc.string({ unit: 'grapheme', maxLength: 300 }),
    lang: fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      maxLength: 63,
    }),
  }),
  fc.record({
    kind: fc.constant('uri' as const),
    uri: fc.oneof(fc.webUrl(), fc.string({ unit: 'grapheme' }), fc.constantFrom(...URI_PREFIXES)),
  }),
  fc.record({
    kind: fc.constant('other' as const),
    tnf: fc.constant(0),
    type: fc.constant(''),
    payload: fc.constant(''),
  }),
  fc.record({
    kind: fc.constant('other' as const),
    tnf: fc.constantFrom(2, 3, 4),
    type: hexBytes(20).filter((t) => t.length > 0),
    payload: hexBytes(300),
  }),
  fc.record({
    kind: fc.constant('other' as const),
    tnf: fc.constantFrom(5, 7),
    type: fc.constant(''),
    payload: hexBytes(40),
  }),
  // TNF 1 with a type other than T and U (e.g. "Sp", a smart poster) stays opaque
  fc.record({
    kind: fc.constant('other' as const),
    tnf: fc.constant(1),
    type: fc.constantFrom('5370', '4863', '6163'),
    payload: hexBytes(40),
  }),
);

describe('properties', () => {
  it('encode then decode gives the records back', () => {
    fc.assert(
      fc.property(fc.array(arbRecord, { maxLength: 5 }), (records) => {
        const bytes = encodeNdefMessage(records);
        expect(bytes.ok).toBe(true);
        if (bytes.ok) expect(decodeNdefMessage(bytes.value)).toEqual({ ok: true, value: records });
      }),
    );
  });

  it('decode never throws and fails only with nfc.ndef_invalid', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const r = decodeNdefMessage(bytes);
        if (!r.ok) expect(r.error.code).toBe('nfc.ndef_invalid');
      }),
      { numRuns: 2000 },
    );
  });

  it('decode never throws on a valid message with bytes changed', () => {
    fc.assert(
      fc.property(
        fc.array(arbRecord, { minLength: 1, maxLength: 3 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (records, i, b) => {
          const r = encodeNdefMessage(records);
          if (!r.ok) return;
          const bytes = r.value.slice();
          bytes[i % bytes.length] = b;
          const d = decodeNdefMessage(bytes);
          if (!d.ok) expect(d.error.code).toBe('nfc.ndef_invalid');
        },
      ),
    );
  });
});
