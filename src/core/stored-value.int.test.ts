import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCounter,
  encodeSvRecord,
  issueSvCard,
  planSvWrite,
  readSvCard,
  SV_FIRST_PAGE,
  SV_PAGE_COUNT,
  type PageWrite,
  type SvCardState,
  type SvRecord,
  type SvScheme,
} from './stored-value.js';

/** A real HMAC-SHA256, as the terminal service injects it. */
const hmacSha256 = (key: Uint8Array, data: Uint8Array) => createHmac('sha256', key).update(data).digest();

const scheme: SvScheme = {
  id: 'TPCS',
  key: Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1),
  currency: 'EUR',
  maxBalance: 50_000,
  mac: hmacSha256,
};
const uid = Uint8Array.of(0x04, 0x5a, 0x1b, 0x2c, 0x3d, 0x4e, 0x80);
const terminalA = '7f8e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b';
const terminalB = '00112233-4455-6677-8899-aabbccddeeff';
const issued: SvRecord = {
  schemeId: 'TPCS',
  currency: 'EUR',
  balance: 10_000,
  counter: 0,
  terminalId: terminalA,
};

/** The card's pages 4..37 after the writes (pages outside are ignored), from a given image. */
const apply = (memory: Uint8Array, writes: readonly PageWrite[]) => {
  const out = memory.slice();
  for (const w of writes) {
    expect(w.data).toHaveLength(4);
    out.set(w.data, (w.page - SV_FIRST_PAGE) * 4);
  }
  return out;
};
const blank = () => new Uint8Array(SV_PAGE_COUNT * 4);
const issue = (record = issued, s = scheme, u = uid) => apply(blank(), issueSvCard(u, record, s));

const read = (memory: Uint8Array, s = scheme, u = uid): SvCardState => {
  const r = readSvCard(u, memory, s);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};
const code = (memory: Uint8Array, s = scheme, u = uid) => {
  const r = readSvCard(u, memory, s);
  return r.ok ? 'ok' : r.error.code;
};
const plan = (state: SvCardState, kind: 'debit' | 'topup', amount: number, terminalId = terminalB) => {
  const r = planSvWrite(uid, state, { kind, amount, terminalId }, scheme);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};
const bytesAt = (memory: Uint8Array, page: number, length: number) =>
  memory.slice((page - SV_FIRST_PAGE) * 4, (page - SV_FIRST_PAGE) * 4 + length);

describe('issue and read', () => {
  it('a new card has the record in both slots, slot 0 live', () => {
    const card = issue();
    expect(Array.from(card.subarray(0, 8))).toEqual([0x54, 0x50, 0x53, 0x56, 1, 0, 0, 0]);
    expect(read(card)).toEqual({
      activeSlot: 0,
      active: issued,
      inactive: { valid: true, record: issued },
      pointerTorn: false,
      needsRepair: false,
    });
  });

  it('the record bytes are as the layout says, the MAC is HMAC-SHA256(key, UID || record)', () => {
    const slot = encodeSvRecord(uid, { ...issued, balance: 0x01020304, counter: 7 }, scheme);
    expect(Buffer.from(slot.subarray(0, 32)).toString('hex')).toBe(
      '01' + '54504353' + '03d2' + '01020304' + '00000007' + '7f8e2a4c1b3d4e5f8a9b0c1d2e3f4a5b' + '00',
    );
    const mac = hmacSha256(scheme.key, Buffer.concat([uid, slot.subarray(0, 32)]));
    expect(Buffer.from(slot.subarray(32)).equals(mac)).toBe(true);
  });

  it('a card pulled away during issuing reads as no stored-value card until the magic is written last', () => {
    const writes = issueSvCard(uid, issued, scheme);
    for (let n = 0; n < writes.length; n++) {
      expect(code(apply(blank(), writes.slice(0, n)))).toBe('card.not_stored_value');
    }
    expect(code(apply(blank(), writes))).toBe('ok');
  });

  it('another scheme, another UID, another currency', () => {
    const other: SvScheme = { ...scheme, id: 'OTHR', key: new Uint8Array(32).fill(9) };
    expect(code(issue({ ...issued, schemeId: 'OTHR' }, other))).toBe('card.wrong_scheme');
    // copied byte for byte onto another card: the UID is in the MAC
    expect(code(issue(), scheme, Uint8Array.of(0x04, 0x5a, 0x1b, 0x2c, 0x3d, 0x4e, 0x81))).toBe(
      'card.tampered',
    );
    const usd: SvScheme = { ...scheme, currency: 'USD' };
    expect(code(issue({ ...issued, currency: 'USD' }, usd))).toBe('card.currency_mismatch');
    // the same scheme id under another key: a forged record
    expect(code(issue(issued, { ...scheme, key: new Uint8Array(32) }))).toBe('card.tampered');
  });

  it('flipping any bit of the live record or its MAC is card.tampered (in the scheme id: card.wrong_scheme)', () => {
    const card = issue();
    for (let byte = 0; byte < 64; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        const altered = card.slice();
        altered[8 + byte] = (altered[8 + byte] as number) ^ (1 << bit);
        const expected = byte >= 1 && byte <= 4 ? 'card.wrong_scheme' : 'card.tampered';
        expect(code(altered), `byte ${byte} bit ${bit}`).toBe(expected);
      }
    }
  });

  it('never throws on arbitrary bytes after the magic', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 132, maxLength: 132 }), fc.boolean(), (rest, pointerOk) => {
        const memory = Uint8Array.from([0x54, 0x50, 0x53, 0x56, ...rest]);
        if (pointerOk) memory.set([1, (rest[1] ?? 0) & 1], 4);
        const r = readSvCard(uid, memory, scheme);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.code).toMatch(/^card\./);
      }),
      { numRuns: 500 },
    );
  });
});

describe('debit and top-up', () => {
  it('slot, read-back, pointer: the new balance and counter + 1 are live', () => {
    const card = issue();
    const p = plan(read(card), 'debit', 2_550);
    expect(p.slot).toBe(1);
    expect(p.slotPages.map((w) => w.page)).toEqual(Array.from({ length: 16 }, (_, i) => 22 + i));
    const written = apply(card, p.slotPages);
    expect(bytesAt(written, p.readBack.page, p.readBack.bytes.length)).toEqual(p.readBack.bytes);
    expect(p.pointerPage).toEqual({ page: 5, data: Uint8Array.of(1, 1, 0, 0) });
    const after = read(apply(written, p.pointerPage ? [p.pointerPage] : []));
    expect(after.activeSlot).toBe(1);
    expect(after.active).toEqual({ ...issued, balance: 7_450, counter: 1, terminalId: terminalB });
    expect(after.inactive).toEqual({ valid: true, record: issued });
    expect(after.needsRepair).toBe(false);
  });

  it('a torn slot write (any prefix of the pages) leaves the old balance live', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom('debit' as const, 'topup' as const), fc.integer({ min: 1, max: 900 })),
          {
            maxLength: 4,
          },
        ),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 1, max: 5_000 }),
        (history, prefix, amount) => {
          let card = issue();
          for (const [kind, n] of history) {
            const p = plan(read(card), kind, n);
            card = apply(card, [...p.slotPages, ...(p.pointerPage ? [p.pointerPage] : [])]);
          }
          const before = read(card);
          const p = plan(before, 'debit', amount);
          const torn = apply(card, p.slotPages.slice(0, prefix));
          const after = read(torn);
          expect(after.activeSlot).toBe(before.activeSlot);
          expect(after.active).toEqual(before.active);
          const slotChanged = p.slotPages
            .slice(0, prefix)
            .some((w) => !bytesAt(card, w.page, 4).every((b, i) => b === w.data[i]));
          if (slotChanged) {
            expect(after.inactive).toEqual({ valid: false });
            expect(after.needsRepair).toBe(true);
          } else {
            expect(after).toEqual(before);
          }
        },
      ),
    );
  });

  it('written but not flipped: the old balance is live, the future record is not, and a repair clears it', () => {
    const card = issue();
    const p = plan(read(card), 'topup', 5_000);
    const unflipped = apply(card, p.slotPages);
    const state = read(unflipped);
    expect(state.activeSlot).toBe(0);
    expect(state.active).toEqual(issued);
    expect(state.inactive).toEqual({
      valid: true,
      record: { ...issued, balance: 15_000, counter: 1, terminalId: terminalB },
    });
    expect(state.needsRepair).toBe(true);

    const repair = planSvWrite(uid, state, { kind: 'repair' }, scheme);
    expect(repair.ok && repair.value.pointerPage).toBeNull();
    if (!repair.ok) return;
    expect(repair.value.next).toEqual(issued);
    const repaired = read(apply(unflipped, repair.value.slotPages));
    expect(repaired).toEqual({
      activeSlot: 0,
      active: issued,
      inactive: { valid: true, record: issued },
      pointerTorn: false,
      needsRepair: false,
    });
  });

  it('a sequence of changes keeps the balance, and the counter grows by one each time', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom('debit' as const, 'topup' as const), fc.integer({ min: 0, max: 20_000 })),
          {
            maxLength: 12,
          },
        ),
        (changes) => {
          let card = issue();
          let balance = issued.balance;
          let seen = 0;
          for (const [kind, amount] of changes) {
            const state = read(card);
            expect(checkCounter(state.active.counter, seen).ok).toBe(true);
            const r = planSvWrite(uid, state, { kind, amount, terminalId: terminalA }, scheme);
            const allowed = kind === 'debit' ? amount <= balance : balance + amount <= scheme.maxBalance;
            expect(r.ok).toBe(allowed);
            if (!r.ok) {
              expect(r.error.code).toBe(
                kind === 'debit' ? 'card.insufficient_balance' : 'card.balance_limit',
              );
              continue;
            }
            card = apply(card, [...r.value.slotPages, ...(r.value.pointerPage ? [r.value.pointerPage] : [])]);
            balance += kind === 'debit' ? -amount : amount;
            const after = read(card);
            expect(after.active.balance).toBe(balance);
            expect(after.active.counter).toBe(state.active.counter + 1);
            expect(after.needsRepair).toBe(false);
            seen = after.active.counter;
          }
        },
      ),
    );
  });

  it('refuses a debit past the balance and a top-up past the limit, naming the amounts', () => {
    const state = read(issue());
    const debit = planSvWrite(uid, state, { kind: 'debit', amount: 10_001, terminalId: terminalA }, scheme);
    expect(debit).toMatchObject({
      ok: false,
      error: { code: 'card.insufficient_balance', details: { balance: 10_000, amount: 10_001 } },
    });
    if (!debit.ok) expect(debit.error.message).toContain('EUR 100.00, not enough for EUR 100.01');
    const topup = planSvWrite(uid, state, { kind: 'topup', amount: 40_001, terminalId: terminalA }, scheme);
    expect(topup).toMatchObject({ ok: false, error: { code: 'card.balance_limit' } });
    expect(() =>
      planSvWrite(uid, state, { kind: 'debit', amount: 1.5, terminalId: terminalA }, scheme),
    ).toThrow();
    expect(() =>
      planSvWrite(uid, state, { kind: 'debit', amount: 1, terminalId: 'till-1' }, scheme),
    ).toThrow();
  });

  it('a pointer flipped back (or a restored dump) shows the previous record: checkCounter catches it', () => {
    const card = issue();
    const p = plan(read(card), 'debit', 1_000);
    const debited = apply(card, [...p.slotPages, ...(p.pointerPage ? [p.pointerPage] : [])]);
    const seen = read(debited).active.counter;
    const flippedBack = debited.slice();
    flippedBack[5] = 0;
    const replay = read(flippedBack);
    expect(replay.active.balance).toBe(10_000);
    expect(checkCounter(replay.active.counter, seen)).toMatchObject({
      ok: false,
      error: { code: 'card.replayed' },
    });
  });

  it('a torn flip (page 5 reads as anything but a pointer): the higher valid counter is live, a repair fixes it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.boolean(), (page5, slotTorn) => {
        fc.pre(!(page5[0] === 1 && (page5[1] === 0 || page5[1] === 1) && page5[2] === 0 && page5[3] === 0));
        const card = issue();
        const p = plan(read(card), 'debit', 1_234);
        // slotTorn: the pointer page is damaged while the new slot is not complete (only the old one is valid)
        const written = apply(card, slotTorn ? p.slotPages.slice(0, 8) : p.slotPages);
        const torn = apply(written, [{ page: 5, data: page5 }]);
        const state = read(torn);
        expect(state.pointerTorn).toBe(true);
        expect(state.needsRepair).toBe(true);
        expect(state.active).toEqual(slotTorn ? issued : p.next);
        expect(state.activeSlot).toBe(slotTorn ? 0 : 1);
        const repair = planSvWrite(uid, state, { kind: 'repair' }, scheme);
        if (!repair.ok) throw new Error(repair.error.message);
        expect(repair.value.pointerPage).toEqual({ page: 5, data: Uint8Array.of(1, state.activeSlot, 0, 0) });
        const pointer = repair.value.pointerPage ? [repair.value.pointerPage] : [];
        const repaired = read(apply(torn, [...repair.value.slotPages, ...pointer]));
        expect(repaired).toMatchObject({ active: state.active, pointerTorn: false, needsRepair: false });
      }),
      { numRuns: 200 },
    );
  });
});
