import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isErrorCode } from './errors.js';
import { refundMethodFor, refundRefusal, type OutboxState, type RefundCheck } from './refund.js';
import { saleStates } from './sale-state.js';

const ok: RefundCheck = {
  saleId: 'sale-1',
  state: 'completed',
  saleCurrency: 'CNY',
  tillCurrency: 'CNY',
  paymentCurrencies: ['CNY'],
  outboxState: 'sent',
};

describe('refundRefusal', () => {
  it('allows a completed single-tender sale in the till currency whose outbox row reached the hub', () => {
    expect(refundRefusal(ok)).toBeNull();
  });

  it.each<[OutboxState | null, string, RegExp]>([
    ['queued', 'queued', /waiting in the queue\).*once it has synced; check the Sync screen/],
    ['parked', 'parked', /refused it, so it is parked/],
    ['resolved', 'resolved', /never accepted this sale/],
    [null, 'missing', /no record on its way to head office/],
  ])('refuses an unsynced sale (outbox %s) and says why', (outboxState, shown, message) => {
    const error = refundRefusal({ ...ok, outboxState });
    expect(error?.code).toBe('sale.refund_unsynced');
    expect(error?.message).toMatch(message);
    expect(error?.details).toEqual({ saleId: 'sale-1', outboxState: shown });
  });

  it('tells the cashier the exact words for a queued sale', () => {
    expect(refundRefusal({ ...ok, outboxState: 'queued' })?.message).toBe(
      'This sale has not reached head office yet (it is waiting in the queue). Refunds are possible once it has synced; check the Sync screen.',
    );
  });

  it('refuses open and voided tickets before anything else', () => {
    expect(refundRefusal({ ...ok, state: 'open', outboxState: null })?.code).toBe(
      'sale.refund_not_completed',
    );
    const voided = refundRefusal({ ...ok, state: 'voided', paymentCurrencies: [], outboxState: null });
    expect(voided?.code).toBe('sale.refund_not_completed');
    expect(voided?.message).toMatch(/voided and took no money/);
  });

  it('refuses another currency, of the sale or of its payment', () => {
    expect(refundRefusal({ ...ok, saleCurrency: 'EUR', paymentCurrencies: ['EUR'] })?.details).toEqual({
      saleId: 'sale-1',
      currency: 'EUR',
      tillCurrency: 'CNY',
    });
    expect(refundRefusal({ ...ok, paymentCurrencies: ['USD'] })?.code).toBe('sale.refund_other_currency');
  });

  it('refuses a sale without exactly one tender', () => {
    expect(refundRefusal({ ...ok, paymentCurrencies: [] })?.code).toBe('sale.refund_unsupported');
    expect(refundRefusal({ ...ok, paymentCurrencies: ['CNY', 'CNY'] })?.code).toBe('sale.refund_unsupported');
  });

  it('never throws: null only for the one allowed case, otherwise a typed error', () => {
    const currency = fc.constantFrom('CNY', 'EUR');
    fc.assert(
      fc.property(
        fc.record({
          saleId: fc.string(),
          state: fc.constantFrom(...saleStates),
          saleCurrency: currency,
          tillCurrency: currency,
          paymentCurrencies: fc.array(currency, { maxLength: 3 }),
          outboxState: fc.constantFrom<OutboxState | null>('queued', 'sent', 'parked', 'resolved', null),
        }),
        (check) => {
          const error = refundRefusal(check);
          const allowed =
            check.state === 'completed' &&
            check.outboxState === 'sent' &&
            check.paymentCurrencies.length === 1 &&
            check.saleCurrency === check.tillCurrency &&
            check.paymentCurrencies[0] === check.tillCurrency;
          expect(error === null).toBe(allowed);
          if (error) expect(isErrorCode(error.code)).toBe(true);
        },
      ),
    );
  });
});

describe('refundMethodFor', () => {
  it('refunds a wallet through its provider, cash and stored-value cards as cash', () => {
    expect(refundMethodFor('wallet')).toBe('wallet');
    expect(refundMethodFor('cash')).toBe('cash');
    expect(refundMethodFor('stored-value')).toBe('cash');
  });
});
