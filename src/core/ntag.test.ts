import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeNdefMessage, encodeNdefMessage } from './ndef.js';
import {
  findNdefMessage,
  ndefTlvBytesNeeded,
  ntagLayouts,
  parseCapabilityContainer,
  planNdefWrite,
  type CapabilityContainer,
  type NtagType,
} from './ntag.js';

const hex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

const cc = (type: NtagType): CapabilityContainer => {
  const size = { NTAG213: '12', NTAG215: '3e', NTAG216: '6d' }[type];
  const r = parseCapabilityContainer(hex(`e110${size}00`));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

/** Applies page writes to a user-memory image (page 4 = offset 0). */
const apply = (memory: Uint8Array, writes: { page: number; data: Uint8Array }[]) => {
  const out = memory.slice();
  for (const w of writes) out.set(w.data, (w.page - 4) * 4);
  return out;
};

describe('capability container', () => {
  it('NTAG213/215/216 as NXP programs them (E1 10 12/3E/6D 00)', () => {
    expect(cc('NTAG213')).toEqual({ version: 0x10, dataAreaBytes: 144, readOnly: false, type: 'NTAG213' });
    expect(cc('NTAG215')).toEqual({ version: 0x10, dataAreaBytes: 496, readOnly: false, type: 'NTAG215' });
    expect(cc('NTAG216')).toEqual({ version: 0x10, dataAreaBytes: 872, readOnly: false, type: 'NTAG216' });
  });

  it('write access 0x0F is read-only; other sizes are Type 2 Tags of no known NTAG', () => {
    expect(parseCapabilityContainer(hex('e1103e0f'))).toMatchObject({ ok: true, value: { readOnly: true } });
    expect(parseCapabilityContainer(hex('e1100600'))).toMatchObject({
      ok: true,
      value: { type: null, dataAreaBytes: 48 },
    });
  });

  it('no magic is nfc.not_ndef; another major version or read access is nfc.unsupported_tag', () => {
    const code = (h: string) => {
      const r = parseCapabilityContainer(hex(h));
      return r.ok ? 'ok' : r.error.code;
    };
    expect(code('00000000')).toBe('nfc.not_ndef');
    expect(code('e110')).toBe('nfc.not_ndef');
    expect(code('e1203e00')).toBe('nfc.unsupported_tag');
    expect(code('e1103e80')).toBe('nfc.unsupported_tag');
  });

  it('layouts match the datasheet user memory', () => {
    for (const layout of Object.values(ntagLayouts)) {
      expect((layout.lastUserPage - layout.firstUserPage + 1) * 4).toBe(layout.userBytes);
    }
  });
});

describe('findNdefMessage and ndefTlvBytesNeeded', () => {
  const hello = 'd101085402656e48656c6c6f';

  it('finds the NDEF TLV after NULL, lock control and memory control TLVs', () => {
    const memory = hex(`0000 0103a00c34 0203000000 03 0c ${hello} fe 0000`.replaceAll(' ', ''));
    expect(findNdefMessage(memory)).toEqual({ ok: true, value: hex(hello) });
    expect(ndefTlvBytesNeeded(memory.subarray(0, 16))).toBe(2 + 5 + 5 + 2 + 12);
  });

  it('reads a 3-byte length (FF hh ll)', () => {
    const message = new Uint8Array(300).fill(0x41);
    const memory = new Uint8Array(400);
    memory.set([0x03, 0xff, 0x01, 0x2c], 0);
    memory.set(message, 4);
    expect(findNdefMessage(memory)).toEqual({ ok: true, value: message });
    expect(ndefTlvBytesNeeded(memory.subarray(0, 4))).toBe(304);
    expect(ndefTlvBytesNeeded(memory.subarray(0, 3))).toBeNull();
  });

  it('the blank formatted tag (03 00 FE) holds the empty message', () => {
    const r = findNdefMessage(hex('0300fe00'));
    expect(r).toEqual({ ok: true, value: new Uint8Array(0) });
    expect(decodeNdefMessage(new Uint8Array(0))).toEqual({ ok: true, value: [] });
    expect(ndefTlvBytesNeeded(hex('0300fe00'))).toBe(2);
  });

  it('no NDEF TLV is nfc.not_ndef; a message past the end is nfc.ndef_invalid', () => {
    expect(findNdefMessage(hex('fe000000'))).toMatchObject({ ok: false, error: { code: 'nfc.not_ndef' } });
    expect(findNdefMessage(new Uint8Array(16))).toMatchObject({ ok: false, error: { code: 'nfc.not_ndef' } });
    expect(findNdefMessage(hex('0310d1'))).toMatchObject({ ok: false, error: { code: 'nfc.ndef_invalid' } });
    expect(findNdefMessage(hex('0003'))).toMatchObject({ ok: false, error: { code: 'nfc.ndef_invalid' } });
    expect(ndefTlvBytesNeeded(hex('fe'))).toBe(1);
    expect(ndefTlvBytesNeeded(hex('0000'))).toBeNull();
  });

  it('never throws on arbitrary memory and answers only its two codes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (memory) => {
        const r = findNdefMessage(memory);
        if (!r.ok) expect(['nfc.not_ndef', 'nfc.ndef_invalid']).toContain(r.error.code);
        const n = ndefTlvBytesNeeded(memory.subarray(0, 8));
        if (n !== null && n <= memory.length && r.ok) {
          expect(findNdefMessage(memory.subarray(0, n))).toEqual(r);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('parseCapabilityContainer never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 6 }), (page3) => {
        const r = parseCapabilityContainer(page3);
        if (!r.ok) expect(['nfc.not_ndef', 'nfc.unsupported_tag']).toContain(r.error.code);
      }),
    );
  });
});

describe('planNdefWrite', () => {
  it('writes 03 L V FE padded, page 4 with L = 0 first and with the real L last', () => {
    const message = hex('d101085402656e48656c6c6f');
    const r = planNdefWrite(cc('NTAG213'), message);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.map((w) => [w.page, toHex(w.data)])).toEqual([
      [4, '0300fe00'],
      [5, '08540265'],
      [6, '6e48656c'],
      [7, '6c6ffe00'],
      [4, '030cd101'],
    ]);
  });

  it('a TLV that fits in page 4 is one write', () => {
    const r = planNdefWrite(cc('NTAG213'), new Uint8Array(0));
    expect(r.ok && r.value.map((w) => [w.page, toHex(w.data)])).toEqual([[4, '0300fe00']]);
  });

  it('a read-only tag is nfc.tag_locked; a message past the data area is nfc.tag_full', () => {
    const locked = { ...cc('NTAG215'), readOnly: true };
    expect(planNdefWrite(locked, new Uint8Array(1))).toMatchObject({ error: { code: 'nfc.tag_locked' } });
    expect(planNdefWrite(cc('NTAG213'), new Uint8Array(143))).toMatchObject({
      error: { code: 'nfc.tag_full' },
    });
    // 2 + 142 = 144 fills the NTAG213 data area exactly: no room for the Terminator, which is then left out
    const full = planNdefWrite(cc('NTAG213'), new Uint8Array(142).fill(1));
    expect(full.ok && full.value.length).toBe(36 + 1);
    expect(planNdefWrite(cc('NTAG216'), new Uint8Array(869))).toMatchObject({
      error: { code: 'nfc.tag_full' },
    });
    expect(planNdefWrite(cc('NTAG216'), new Uint8Array(868)).ok).toBe(true);
  });

  const arbText = fc.string({ unit: 'grapheme', maxLength: 400 });

  it('applied to a blank tag in order, it decodes back to the message', () => {
    fc.assert(
      fc.property(fc.constantFrom<NtagType>('NTAG213', 'NTAG215', 'NTAG216'), arbText, (type, text) => {
        const message = encodeNdefMessage([{ kind: 'text', text, lang: 'en' }]);
        if (!message.ok) return;
        const plan = planNdefWrite(cc(type), message.value);
        if (!plan.ok) {
          expect(plan.error.code).toBe('nfc.tag_full');
          expect(message.value.length).toBeGreaterThan(cc(type).dataAreaBytes - 4);
          return;
        }
        const blank = new Uint8Array(ntagLayouts[type].userBytes);
        blank.set([0x03, 0x00, 0xfe], 0);
        const memory = apply(blank, plan.value);
        const found = findNdefMessage(memory);
        expect(found).toEqual({ ok: true, value: message.value });
        const needed = ndefTlvBytesNeeded(memory.subarray(0, 16));
        expect(needed).toBe(message.value.length + (message.value.length < 255 ? 2 : 4));
      }),
    );
  });

  it('pulled away after any number of writes, the tag holds the old message, the empty one or the new one', () => {
    const old = encodeNdefMessage([{ kind: 'uri', uri: 'https://example.org/old-and-rather-long-address' }]);
    fc.assert(
      fc.property(arbText, fc.nat(), (text, cut) => {
        if (!old.ok) throw new Error('old message');
        const next = encodeNdefMessage([{ kind: 'text', text, lang: 'en' }]);
        if (!next.ok) return;
        const oldPlan = planNdefWrite(cc('NTAG215'), old.value);
        const plan = planNdefWrite(cc('NTAG215'), next.value);
        if (!oldPlan.ok || !plan.ok) return;
        const before = apply(new Uint8Array(504), oldPlan.value);
        const torn = apply(before, plan.value.slice(0, cut % (plan.value.length + 1)));
        const found = findNdefMessage(torn);
        expect(found.ok).toBe(true);
        if (found.ok) expect([toHex(old.value), '', toHex(next.value)]).toContain(toHex(found.value));
      }),
    );
  });
});
