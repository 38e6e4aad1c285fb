import { describe, expect, it } from 'vitest';
import type { OutboxEntryDto } from '../../shared/dto.js';
import { en } from '../i18n/en.js';
import { createTranslator, errorText } from '../i18n/translate.js';
import { entryLabel, entryReason } from './entry-text.js';

const t = createTranslator(en);
const error = (e: { code: string; message: string }) => errorText(t, e);

const entry = (over: Partial<OutboxEntryDto> = {}): OutboxEntryDto => ({
  id: 7,
  idempotencyKey: 'sale:0b9f3c8e-5b0a-4c4e-9d55-2a1f0e6c7d01',
  kind: 'sale.completed',
  state: 'queued',
  receiptNumber: 12,
  amount: { amount: 350, currency: 'CNY' },
  attempts: 0,
  createdAt: '2026-12-01T10:00:00.000Z',
  sentAt: null,
  nextAttemptAt: null,
  reason: null,
  resolution: null,
  ...over,
});

describe('entryLabel', () => {
  it('a sale by its receipt number', () => {
    expect(entryLabel(entry(), t)).toBe('Sale No. 12');
    expect(entryLabel(entry({ receiptNumber: null }), t)).toBe('Sale');
  });
  it('refunds, top-ups and wallet payment records', () => {
    expect(entryLabel(entry({ kind: 'sale.refunded', receiptNumber: null }), t)).toBe('Refund');
    expect(entryLabel(entry({ kind: 'sale.refunded', receiptNumber: 3 }), t)).toBe('Refund of sale No. 3');
    expect(entryLabel(entry({ kind: 'svcard.topup', receiptNumber: null }), t)).toBe('Card top-up');
    expect(entryLabel(entry({ kind: 'payment.final', receiptNumber: null }), t)).toBe(
      'Wallet payment record',
    );
  });
  it('a kind it does not know is named as the terminal names it', () => {
    expect(entryLabel(entry({ kind: 'giftcard.sold', receiptNumber: null }), t)).toBe(
      'Other (giftcard.sold)',
    );
  });
});

describe('entryReason', () => {
  it('parked: the hub’s reason, in its own words when the code is the hub’s', () => {
    const parked = entry({
      state: 'parked',
      reason: { code: 'sync.rejected', message: 'unknown kind giftcard.sold' },
    });
    expect(entryReason(parked, t, error)).toBe('Refused by the hub: unknown kind giftcard.sold');
  });
  it('parked as a conflict, or queued after a hub error: the hub’s code in the catalog’s words', () => {
    const conflict = entry({
      state: 'parked',
      reason: { code: 'sync.conflict', message: 'sale:0b9f… holds another payload' },
    });
    expect(entryReason(conflict, t, error)).toBe(`Refused by the hub: ${en['error.sync.conflict']}`);
    const skewed = entry({
      attempts: 3,
      reason: { code: 'hub.clock_skew', message: "The terminal's clock is 400 s ahead of the hub's" },
    });
    expect(entryReason(skewed, t, error)).toBe(`Last try: ${en['error.hub.clock_skew']}`);
    expect(en['error.hub.clock_skew']).toMatch(/clock/);
  });
  it('queued: the last try’s error, in the catalog’s words for a known code', () => {
    const queued = entry({ attempts: 2, reason: { code: 'sync.offline', message: 'connect ECONNREFUSED' } });
    expect(entryReason(queued, t, error)).toBe(`Last try: ${en['error.sync.offline']}`);
  });
  it('resolved: the manager’s note; sent or no reason: nothing', () => {
    expect(entryReason(entry({ state: 'resolved', resolution: 'booked by hand' }), t, error)).toBe(
      'Settled by hand: booked by hand',
    );
    expect(entryReason(entry({ state: 'sent', sentAt: '2026-12-01T10:00:05.000Z' }), t, error)).toBe('');
    expect(entryReason(entry(), t, error)).toBe('');
  });
});
