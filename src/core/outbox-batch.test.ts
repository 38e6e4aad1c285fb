import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packBatch } from './outbox-batch.js';

const entries = (...sizes: number[]) => sizes.map((bytes, id) => ({ id, bytes }));

describe('packBatch', () => {
  it('stops at the item cap and at the byte cap, in queue order', () => {
    expect(
      packBatch(entries(10, 10, 10, 10), { maxItems: 3, maxBytes: 1_000 }).batch.map((e) => e.id),
    ).toEqual([0, 1, 2]);
    // 14 envelope + 40 + 1 + 40 = 95 fits 100; a third entry would not
    expect(packBatch(entries(40, 40, 40), { maxItems: 10, maxBytes: 100 }).batch.map((e) => e.id)).toEqual([
      0, 1,
    ]);
  });

  it('answers a leading entry that can never fit on its own', () => {
    const { batch, tooBig } = packBatch(entries(500, 10, 900, 10), { maxItems: 10, maxBytes: 100 });
    expect(tooBig.map((e) => e.id)).toEqual([0]);
    expect(batch.map((e) => e.id)).toEqual([1]);
  });

  it('never passes either cap and keeps the queue order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 20, max: 2_000 }),
        (sizes, maxItems, maxBytes) => {
          const queue = entries(...sizes);
          const { batch, tooBig } = packBatch(queue, { maxItems, maxBytes });
          expect(batch.length).toBeLessThanOrEqual(maxItems);
          const body = 14 + batch.reduce((s, e) => s + e.bytes, 0) + Math.max(0, batch.length - 1);
          if (batch.length > 0) expect(body).toBeLessThanOrEqual(maxBytes);
          const taken = [...tooBig, ...batch].map((e) => e.id).sort((a, b) => a - b);
          expect(taken).toEqual(queue.slice(0, taken.length).map((e) => e.id));
          // progress: a non-empty queue always yields something to send or to park
          if (queue.length > 0) expect(taken.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});
