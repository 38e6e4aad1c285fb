import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  journalGenesisHash,
  journalReceiptRef,
  journalRowBytes,
  journalRowHash,
  verifyJournalChain,
  type JournalRow,
} from './journal-chain.js';

// An int test only because it cross-checks with node:crypto's SHA-256, the one the till and the hub pass in.
const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function chain(
  contents: readonly { at: string; kind: string; saleId: string | null; data: string }[],
): JournalRow[] {
  const rows: JournalRow[] = [];
  let prevHash = journalGenesisHash;
  contents.forEach((c, i) => {
    const content = { ...c, seq: i + 1, prevHash };
    const hash = journalRowHash(content, sha256Hex);
    rows.push({ ...content, hash });
    prevHash = hash;
  });
  return rows;
}

const sample = chain(
  Array.from({ length: 6 }, (_, i) => ({
    at: `2026-12-07T10:0${i}:00.000Z`,
    kind: i % 2 ? 'payment.final' : 'sale.completed',
    saleId: i % 3 ? `s${i}` : null,
    data: JSON.stringify({ total: { amount: 100 * i, currency: 'CNY' } }),
  })),
);

describe('journal chain', () => {
  it('hashes a fixed canonical form (changing it would break every till already in the field)', () => {
    const row = {
      seq: 1,
      at: 'a',
      kind: 'k',
      saleId: null,
      data: '{"b":1,"a":2}',
      prevHash: journalGenesisHash,
    };
    expect(journalRowBytes(row)).toBe(
      `{"at":"a","data":"{\\"b\\":1,\\"a\\":2}","kind":"k","prevHash":"${journalGenesisHash}","saleId":null,"seq":1,"v":1}`,
    );
    expect(journalRowHash(row, sha256Hex)).toBe(sha256Hex(journalRowBytes(row)));
  });

  it('an untouched chain verifies and answers its head', () => {
    const verdict = verifyJournalChain(sample, sha256Hex);
    expect(verdict).toEqual({ ok: true, rows: 6, head: { seq: 6, hash: sample[5]!.hash } });
    expect(verifyJournalChain([], sha256Hex)).toEqual({
      ok: true,
      rows: 0,
      head: { seq: 0, hash: journalGenesisHash },
    });
  });

  it('a changed row is hash_mismatch at its seq', () => {
    const rows = sample.map((r) =>
      r.seq === 3 ? { ...r, data: '{"total":{"amount":1,"currency":"CNY"}}' } : r,
    );
    expect(verifyJournalChain(rows, sha256Hex)).toMatchObject({
      ok: false,
      firstBadSeq: 3,
      reason: 'hash_mismatch',
    });
  });

  it('a changed row re-hashed is caught at the next row (prev_mismatch)', () => {
    const rows = sample.map((r) => {
      if (r.seq !== 3) return r;
      const changed = { ...r, kind: 'void' };
      return { ...changed, hash: journalRowHash(changed, sha256Hex) };
    });
    expect(verifyJournalChain(rows, sha256Hex)).toMatchObject({
      ok: false,
      firstBadSeq: 4,
      reason: 'prev_mismatch',
    });
  });

  it('a deleted row is seq_gap naming the missing seq', () => {
    const rows = sample.filter((r) => r.seq !== 2);
    expect(verifyJournalChain(rows, sha256Hex)).toMatchObject({
      ok: false,
      firstBadSeq: 2,
      reason: 'seq_gap',
    });
  });

  it('a deleted tail is found only against an anchor: head_behind, or anchor_mismatch for a rewritten one', () => {
    const rows = sample.slice(0, 4);
    expect(verifyJournalChain(rows, sha256Hex).ok).toBe(true);
    const anchor = { seq: 5, hash: sample[4]!.hash, source: 'Z 1' };
    expect(verifyJournalChain(rows, sha256Hex, [anchor])).toMatchObject({
      ok: false,
      firstBadSeq: 5,
      reason: 'head_behind',
    });
    expect(verifyJournalChain(sample, sha256Hex, [{ ...anchor, hash: 'f'.repeat(64) }])).toMatchObject({
      ok: false,
      firstBadSeq: 5,
      reason: 'anchor_mismatch',
    });
    expect(verifyJournalChain(sample, sha256Hex, [anchor]).ok).toBe(true);
  });

  it('receipts show the seq and the first 8 hex of the hash', () => {
    expect(journalReceiptRef({ seq: 1234, hash: 'a1b2c3d4' + '0'.repeat(56) })).toBe('J#1234 a1b2c3d4');
  });

  it('property: any edit, deletion or reordering of any row is detected at or before the row touched', () => {
    const content = fc.record({
      at: fc.string({ maxLength: 8 }),
      kind: fc.string({ minLength: 1, maxLength: 8 }),
      saleId: fc.option(fc.string({ maxLength: 8 })),
      data: fc.json({ maxDepth: 2 }),
    });
    const edit = fc.oneof(
      fc.record({
        op: fc.constant('field' as const),
        field: fc.constantFrom('at', 'kind', 'saleId', 'data', 'prevHash', 'hash', 'seq'),
        value: fc.string({ maxLength: 8 }),
      }),
      fc.record({ op: fc.constant('delete' as const) }),
      fc.record({ op: fc.constant('swap' as const) }),
    );
    fc.assert(
      fc.property(fc.array(content, { minLength: 2, maxLength: 12 }), fc.nat(), edit, (contents, at, e) => {
        const rows = chain(contents);
        const i = at % rows.length;
        const target = rows[i]!;
        let edited: JournalRow[];
        if (e.op === 'delete') {
          // the tail alone is the anchor's job (checked above)
          fc.pre(i < rows.length - 1);
          edited = rows.filter((_, j) => j !== i);
        } else if (e.op === 'swap') {
          fc.pre(i < rows.length - 1);
          edited = [...rows];
          edited[i] = rows[i + 1]!;
          edited[i + 1] = target;
        } else {
          const value =
            e.field === 'seq'
              ? target.seq + 1 + e.value.length
              : e.field === 'saleId' && e.value === ''
                ? null
                : e.value;
          fc.pre(value !== target[e.field]);
          edited = rows.map((r, j) => (j === i ? { ...r, [e.field]: value } : r));
        }
        const verdict = verifyJournalChain(edited, sha256Hex);
        expect(verdict.ok).toBe(false);
        if (!verdict.ok) expect(verdict.firstBadSeq).toBeLessThanOrEqual(target.seq + 1);
      }),
      { numRuns: 500 },
    );
  });
});
