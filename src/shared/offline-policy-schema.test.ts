import { describe, expect, it } from 'vitest';
import { defaultOfflinePolicy } from '../core/offline-policy.js';
import { parseOfflinePolicy } from './offline-policy-schema.js';

describe('offline policy schema (shared by the hub and the terminal)', () => {
  it('an empty object is the default policy: red bar after 24 h, warn, no tender limits', () => {
    expect(parseOfflinePolicy({})).toEqual({ ok: true, policy: defaultOfflinePolicy });
  });

  it('takes every limit, per tender, in whole minor units and seconds', () => {
    const policy = {
      ageLimitS: 43_200,
      pastLimit: 'refuse-non-cash',
      tenders: {
        wallet: { maxAmount: 50_000, maxCount: 20, maxTotal: 500_000, maxAgeS: 14_400 },
        'static-qr': { maxCount: 3 },
        'stored-value': { maxTotal: 100_000 },
      },
    };
    expect(parseOfflinePolicy(policy)).toEqual({ ok: true, policy });
  });

  it.each([
    [{ tenders: { cash: { maxCount: 1 } } }, 'tenders'],
    [{ tenders: { wallet: { maxAmount: 10.5 } } }, 'tenders.wallet.maxAmount'],
    [{ tenders: { wallet: { maxAmount: 0 } } }, 'tenders.wallet.maxAmount'],
    [{ tenders: { wallet: { maxCount: -1 } } }, 'tenders.wallet.maxCount'],
    [{ tenders: { 'static-qr': { maxAgeS: 5 } } }, 'tenders.static-qr.maxAgeS'],
    [{ tenders: { wallet: { maxTotal: '100' } } }, 'tenders.wallet.maxTotal'],
    [{ tenders: { wallet: { maxCount: 1, limit: 2 } } }, 'tenders.wallet'],
    [{ ageLimitS: 0 }, 'ageLimitS'],
    [{ pastLimit: 'refuse' }, 'pastLimit'],
    [{ agelimits: 3600 }, '(top level)'],
    [[], '(top level)'],
    [null, '(top level)'],
  ])('refuses %j at %s', (json, where) => {
    const parsed = parseOfflinePolicy(json);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem.where).toBe(where);
  });

  it('names an unknown tender in the message', () => {
    const parsed = parseOfflinePolicy({ tenders: { cash: { maxCount: 1 } } });
    expect(parsed.ok === false && parsed.problem.message).toContain('cash');
  });
});
