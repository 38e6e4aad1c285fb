import { describe, expect, it } from 'vitest';
import type { PaymentAttemptDto, SaleDto } from '../../shared/dto.js';
import {
  displayView,
  initialDisplayState,
  nextDisplayState,
  thanksMs,
  type DisplayInput,
  type DisplayState,
} from './display-state.js';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function sale(id: number, state: SaleDto['state'], lines = 1): SaleDto {
  return {
    id: uuid(id),
    number: state === 'completed' ? id : null,
    state,
    currency: 'CNY',
    createdAt: '2026-12-07T01:00:00.000Z',
    completedAt: null,
    voidedAt: null,
    lines: Array.from({ length: lines }, (_, i) => ({
      id: uuid(100 + i),
      productId: 'p',
      sku: 's',
      name: 'Water',
      barcode: null,
      quantity: 1,
      unitPrice: cny(200),
      discount: null,
      gross: cny(200),
      lineDiscount: cny(0),
      ticketDiscountShare: cny(0),
      net: cny(200),
      taxRateId: 't',
      taxInclusive: true,
      tax: cny(23),
      total: cny(200),
    })),
    ticketDiscount: null,
    totals: {
      subtotal: cny(200 * lines),
      discount: cny(0),
      tax: cny(23 * lines),
      taxAdded: cny(0),
      total: cny(200 * lines),
      taxes: [],
    },
    payments: [],
    customer: null,
    pointsEarned: 0,
  };
}

function attempt(
  id: number,
  saleId: number,
  state: PaymentAttemptDto['state'],
  at: string,
): PaymentAttemptDto {
  return {
    id: uuid(500 + id),
    saleId: uuid(saleId),
    kind: 'merchant-qr',
    wallet: null,
    providerId: 'sandbox',
    amount: cny(200),
    state,
    reason: null,
    maskedCode: null,
    qr: { payload: 'weixin://x', expiresAt: '2026-12-07T01:05:00.000Z' },
    confirmation: null,
    createdAt: '2026-12-07T01:00:00.000Z',
    updatedAt: at,
  };
}

const run = (...inputs: DisplayInput[]): DisplayState => inputs.reduce(nextDisplayState, initialDisplayState);

describe('customer display state', () => {
  it('welcomes with no sale, an empty ticket or a voided one; shows a ticket with items', () => {
    expect(displayView(initialDisplayState, 0).kind).toBe('welcome');
    expect(displayView(run({ kind: 'sale', sale: sale(1, 'open', 0), at: 0 }), 0).kind).toBe('welcome');
    expect(displayView(run({ kind: 'sale', sale: sale(1, 'open'), at: 0 }), 0)).toMatchObject({
      kind: 'ticket',
      sale: { id: uuid(1) },
    });
    expect(displayView(run({ kind: 'sale', sale: sale(1, 'voided'), at: 0 }), 0).kind).toBe('welcome');
  });

  it('thanks for a sale completed while watching, over the next empty ticket, then welcomes', () => {
    const state = run(
      { kind: 'sale', sale: sale(1, 'open'), at: 0 },
      { kind: 'sale', sale: sale(1, 'completed'), at: 50 },
      // the cashier's screen opens the next ticket at once
      { kind: 'sale', sale: sale(2, 'open', 0), at: 60 },
    );
    expect(displayView(state, 50 + thanksMs - 1)).toMatchObject({
      kind: 'thanks',
      sale: { id: uuid(1) },
      until: 50 + thanksMs,
    });
    expect(displayView(state, 50 + thanksMs).kind).toBe('welcome');
    // the next customer's first item ends the thank-you at once
    const next = nextDisplayState(state, { kind: 'sale', sale: sale(2, 'open', 1), at: 70 });
    expect(displayView(next, 71)).toMatchObject({ kind: 'ticket', sale: { id: uuid(2) } });
  });

  it('does not restart the thank-you for a repeated announcement of the same completion', () => {
    const state = run(
      { kind: 'sale', sale: sale(1, 'completed'), at: 50 },
      { kind: 'sale', sale: sale(1, 'completed'), at: 5_000 },
    );
    expect(displayView(state, 50 + thanksMs).kind).toBe('welcome');
  });

  it('does not thank for a sale that was already complete when the screen opened', () => {
    expect(displayView(run({ kind: 'current', sale: sale(1, 'completed'), attempt: null }), 1).kind).toBe(
      'welcome',
    );
  });

  it('ignores the first read once an announcement arrived (the read may be older)', () => {
    const state = run(
      { kind: 'sale', sale: sale(1, 'open', 2), at: 0 },
      { kind: 'current', sale: sale(1, 'open', 1), attempt: null },
    );
    expect(state.sale?.lines).toHaveLength(2);
  });

  it("follows the sale's attempt, never steps back, and forgets it with a new sale", () => {
    let state = run(
      { kind: 'sale', sale: sale(1, 'open'), at: 0 },
      { kind: 'attempt', attempt: attempt(1, 1, 'paying', '2026-12-07T01:00:01.000Z') },
      { kind: 'attempt', attempt: attempt(1, 1, 'succeeded', '2026-12-07T01:00:02.000Z') },
      { kind: 'attempt', attempt: attempt(1, 1, 'paying', '2026-12-07T01:00:01.000Z') },
    );
    expect(state.attempt?.state).toBe('succeeded');
    // another sale's attempt is not shown on this ticket
    state = nextDisplayState(state, {
      kind: 'attempt',
      attempt: attempt(2, 9, 'paying', '2026-12-07T01:00:03.000Z'),
    });
    expect(state.attempt?.id).toBe(uuid(501));
    state = nextDisplayState(state, { kind: 'sale', sale: sale(2, 'open'), at: 10 });
    expect(state.attempt).toBeNull();
  });

  it('opened mid-payment, shows the QR of the ticket it read', () => {
    const paying = attempt(1, 1, 'paying', '2026-12-07T01:00:01.000Z');
    expect(displayView(run({ kind: 'current', sale: sale(1, 'open'), attempt: paying }), 0)).toMatchObject({
      kind: 'ticket',
      attempt: { id: uuid(501), state: 'paying' },
    });
    // an attempt of another sale is not shown with this ticket
    const other = attempt(2, 7, 'paying', '2026-12-07T01:00:01.000Z');
    expect(run({ kind: 'current', sale: sale(1, 'open'), attempt: other }).attempt).toBeNull();
  });
});
