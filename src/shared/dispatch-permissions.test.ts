import { describe, expect, it } from 'vitest';
import { TillpointError } from '../core/errors.js';
import {
  methodNames,
  methods,
  newCallSession,
  permissionFor,
  type Handlers,
  type MethodName,
} from './contract.js';
import { createDispatcher, type StaffCheck, type StaffGate } from './dispatch.js';

const saleId = '0b7e5a4c-1d2f-4a3b-8c9d-0e1f2a3b4c5d';
const lineId = '1c8f6b5d-2e3a-4b4c-9d0e-1f2a3b4c5d6e';

/** Handlers that record which ran; a gate that records what the dispatcher asked and refuses on demand. */
function setup(refuse: (call: StaffCheck) => TillpointError | null = () => null) {
  const ran: MethodName[] = [];
  const asked: StaffCheck[] = [];
  const handlers = Object.fromEntries(
    methodNames.map((name) => [name, () => (ran.push(name), null)]),
  ) as unknown as Handlers;
  const gate: StaffGate = {
    // an amount discount is judged against a ticket of 100.00
    limits: {
      largeDiscountBps: 2_000,
      amountShareBps: (_s, _l, amount) => Math.ceil((amount * 10_000) / 10_000),
    },
    check(call) {
      asked.push(call);
      const error = refuse(call);
      if (error) throw error;
    },
  };
  const dispatch = createDispatcher(handlers, () => {}, gate);
  const cashier = { capability: 'full' as const, session: newCallSession() };
  return { ran, asked, dispatch, cashier };
}

describe('permissions in the contract', () => {
  it('the methods that need a permission, and which', () => {
    const limits = { largeDiscountBps: 2_000, amountShareBps: () => 0 };
    const fixed = methodNames
      .map((name) => [name, (methods[name] as { permission?: unknown }).permission] as const)
      .filter(([, p]) => typeof p === 'string');
    expect(Object.fromEntries(fixed)).toEqual({
      'sale.void': 'sale.void',
      'sale.refund': 'refund',
      'sale.return': 'refund',
      'svcard.topUpBegin': 'card.topUp',
      'sync.resolve': 'sync.resolve',
      'kiosk.adminExit': 'kiosk.admin',
      'journal.list': 'journal.read',
      'shift.cashMove': 'cash.inOut',
      'shift.noSale': 'drawer.noSale',
      'shift.close': 'shift.close',
    });
    expect(permissionFor('sale.addProduct', { saleId, productId: 'p1' }, limits)).toBeNull();
    // enrolling needs nothing; moving an enrolled till to another hub needs hub.repoint
    const enroll = { hubUrl: 'https://hub.shop.lan:8443', code: '7QX2-M9KD-4HTR-B6WN' };
    expect(permissionFor('sync.enroll', enroll, limits)).toBeNull();
    expect(permissionFor('sync.enroll', { ...enroll, repoint: true }, limits)).toEqual({
      permission: 'hub.repoint',
      subject: 'hub:https://hub.shop.lan:8443',
    });
    expect(permissionFor('sale.refund', { saleId, reason: 'x' }, limits)).toEqual({
      permission: 'refund',
      subject: saleId,
    });
  });

  it('a discount needs discount.large only over the limit; taking one off never does', () => {
    const limits = {
      largeDiscountBps: 2_000,
      amountShareBps: (_s: string, l: string | null, a: number) => (l ? a * 2 : a),
    };
    const line = (discount: unknown) =>
      permissionFor('sale.setLineDiscount', { saleId, lineId, discount }, limits);
    const ticket = (discount: unknown) =>
      permissionFor('sale.setTicketDiscount', { saleId, discount }, limits);
    expect(line({ kind: 'percent', bps: 2_000 })).toBeNull();
    expect(line({ kind: 'percent', bps: 2_001 })).toEqual({ permission: 'discount.large', subject: saleId });
    expect(line(null)).toBeNull();
    // the amount's share comes from the till (here: twice the amount for a line, the amount for the ticket)
    expect(line({ kind: 'amount', amount: 1_500 })).toEqual({
      permission: 'discount.large',
      subject: saleId,
    });
    expect(ticket({ kind: 'amount', amount: 1_500 })).toBeNull();
  });
});

describe('the dispatcher asks the staff gate once, before the handler', () => {
  it('a method without a permission passes with needs null; the handler runs', async () => {
    const { ran, asked, dispatch, cashier } = setup();
    const result = await dispatch('sale.addProduct', { saleId, productId: 'p1' }, cashier);
    expect(result.ok).toBe(true);
    expect(ran).toEqual(['sale.addProduct']);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({
      method: 'sale.addProduct',
      needs: null,
      open: false,
      approval: undefined,
    });
  });

  it('a large discount is asked with its permission and subject; a refusal stops the handler', async () => {
    const { ran, asked, dispatch, cashier } = setup((call) =>
      call.needs ? new TillpointError('staff.approval_needed', 'needs', call.needs) : null,
    );
    const result = await dispatch(
      'sale.setTicketDiscount',
      { saleId, discount: { kind: 'percent', bps: 5_000 } },
      cashier,
    );
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'staff.approval_needed',
        message: 'needs',
        details: { permission: 'discount.large', subject: saleId },
      },
    });
    expect(ran).toEqual([]);
    expect(asked[0]?.needs).toEqual({ permission: 'discount.large', subject: saleId });
  });

  it('the approval token travels in the params and reaches the gate', async () => {
    const { asked, dispatch, cashier } = setup();
    await dispatch('sale.void', { saleId, approval: 'a'.repeat(32) }, cashier);
    expect(asked[0]?.approval).toBe('a'.repeat(32));
    // a method without a permission takes no approval: the params stay strict
    const bad = await dispatch(
      'sale.addProduct',
      { saleId, productId: 'p1', approval: 'a'.repeat(32) },
      cashier,
    );
    expect(bad.ok ? null : bad.error.code).toBe('invalid_params');
  });

  it('sign-in and terminal.info are open while signed out; a sale method is not', async () => {
    const { asked, dispatch, cashier } = setup();
    await dispatch('staff.signIn', { pin: '1234' }, cashier);
    await dispatch('terminal.info', {}, cashier);
    await dispatch('sale.start', {}, cashier);
    expect(asked.map((c) => [c.method, c.open])).toEqual([
      ['staff.signIn', true],
      ['terminal.info', true],
      ['sale.start', false],
    ]);
  });

  it('no gate for in-process callers (no session), kiosks and read-only screens', async () => {
    const { asked, dispatch } = setup(() => new TillpointError('staff.signed_out', 'no'));
    expect((await dispatch('sale.void', { saleId })).ok).toBe(true);
    expect((await dispatch('kiosk.status', {}, { capability: 'kiosk', session: newCallSession() })).ok).toBe(
      true,
    );
    expect((await dispatch('sale.current', {}, { capability: 'read', session: newCallSession() })).ok).toBe(
      true,
    );
    expect(asked).toEqual([]);
  });
});
