import { describe, expect, it } from 'vitest';
import { waitFor, WaitTimeoutError } from './wait-for.js';

describe('waitFor', () => {
  it('answers the first truthy value, polling until it comes', async () => {
    let calls = 0;
    const value = await waitFor('the third call', () => (++calls >= 3 ? { calls } : null), { intervalMs: 1 });
    expect(value).toEqual({ calls: 3 });
  });

  it('past the deadline it fails naming what it waited for', async () => {
    const started = Date.now();
    await expect(
      waitFor('the queue to drain', () => false, { timeoutMs: 60, intervalMs: 5 }),
    ).rejects.toThrow(new WaitTimeoutError('timed out after 60 ms waiting for the queue to drain'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
  });

  it('a probe that throws is tried again; the last error is in the failure', async () => {
    let calls = 0;
    expect(
      await waitFor('a port to open', () => {
        if (++calls < 3) throw new Error('ECONNREFUSED');
        return 'open';
      }),
    ).toBe('open');
    await expect(
      waitFor(
        'a port to open',
        async () => {
          throw new Error('ECONNREFUSED');
        },
        { timeoutMs: 30 },
      ),
    ).rejects.toThrow(/waiting for a port to open \(last try: ECONNREFUSED\)/);
  });
});
