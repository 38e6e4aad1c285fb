import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds } from './entry-checks.js';
import { scanOutboxBatch } from './payload-spans.js';

const text = (s: string) => Buffer.from(s);
const slices = (body: string, limit = 40) => {
  const b = text(body);
  const r = scanOutboxBatch(b, limit);
  return r.spans?.map((s) => (s === null ? null : b.subarray(s[0], s[1]).toString()));
};

describe('scanOutboxBatch', () => {
  it("finds each entry's payload bytes exactly as sent, whatever their spacing and position", () => {
    const body =
      '{"entries":[{"idempotencyKey":"sale:1","kind":"k","payload":{"b":1, "a":[1,{"x":"}"}]},"createdAt":"t"},' +
      ' { "payload" : "a \\" b" , "kind":"k"} ,{"kind":"k","payload":12.5e3}, {"payload":null}],"head":{"payload":1}}';
    expect(slices(body)).toEqual(['{"b":1, "a":[1,{"x":"}"}]}', '"a \\" b"', '12.5e3', 'null']);
  });

  it('vouches for no bytes JSON.parse could read otherwise: an escaped or repeated key, entries twice', () => {
    expect(slices('{"entries":[{"pay\\u006coad":{"a":1}},{"payload":1}]}')).toEqual([null, '1']);
    expect(slices('{"entries":[{"payload":{"a":1},"payload":{"a":2}}]}')).toEqual([null]);
    expect(slices('{"entries":[{"payload":1,"kind\\u0000":2}]}')).toEqual([null]);
    // a scalar element is not counted: the hub's count check (spans = entries) then trusts no span
    expect(slices('{"entries":[{"kind":"k"},7,[1]]}')).toEqual([null, null]);
    expect(slices('{"entries":[{"payload":1}],"entries":[{"payload":2}]}')).toBeUndefined();
    expect(slices('{"entr\\u0069es":[{"payload":1}]}')).toBeUndefined();
    expect(slices('{"other":[{"payload":1}]}')).toBeUndefined();
  });

  it('bounds the depth like jsonDepthExceeds, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', '\\', 'a', ',', ':') }), (s) => {
        const b = text(s);
        expect(scanOutboxBatch(b, 3).tooDeep).toBe(jsonDepthExceeds(b, 3));
      }),
    );
    expect(scanOutboxBatch(text(`{"entries":[{"payload":${'['.repeat(50)}`), 40)).toEqual({
      tooDeep: true,
      spans: null,
    });
  });

  it('for any batch JSON.stringify makes, each span parses to the entry payload JSON.parse gives', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record(
            {
              idempotencyKey: fc.string(),
              kind: fc.string(),
              payload: fc.jsonValue(),
              extra: fc.jsonValue(),
            },
            { requiredKeys: ['payload'] },
          ),
          { minLength: 1, maxLength: 5 },
        ),
        fc.jsonValue(),
        fc.boolean(),
        (entries, head, spaced) => {
          const json = JSON.stringify({ entries, head }, null, spaced ? 2 : undefined);
          const b = text(json);
          const { spans } = scanOutboxBatch(b, 1_000);
          const parsed = (JSON.parse(json) as { entries: { payload: unknown }[] }).entries;
          expect(spans).toHaveLength(parsed.length);
          spans!.forEach((s, i) => {
            expect(s).not.toBeNull();
            expect(JSON.parse(b.subarray(s![0], s![1]).toString())).toEqual(parsed[i]!.payload);
          });
        },
      ),
    );
  });
});
