import { describe, expect, it } from 'vitest';
import { readFragment } from './fragment.js';

describe('readFragment', () => {
  it('reads the cashier link', () => {
    expect(readFragment('#token=abc-_1')).toEqual({ route: 'cashier', token: 'abc-_1', withoutToken: '' });
  });

  it('reads the customer display link and keeps its route without the token', () => {
    expect(readFragment('#/customer&token=xyz')).toEqual({
      route: 'customer',
      token: 'xyz',
      withoutToken: '#/customer',
    });
    // after the token was taken out (a reload): the route stays, the token comes from sessionStorage
    expect(readFragment('#/customer')).toEqual({
      route: 'customer',
      token: null,
      withoutToken: '#/customer',
    });
  });

  it('reads the kiosk link, and keeps the route without the token for a reload', () => {
    expect(readFragment('#/kiosk&token=k1')).toEqual({
      route: 'kiosk',
      token: 'k1',
      withoutToken: '#/kiosk',
    });
    expect(readFragment('#/kiosk')).toEqual({ route: 'kiosk', token: null, withoutToken: '#/kiosk' });
  });

  it('is the cashier for anything else, and never takes an empty token', () => {
    expect(readFragment('')).toMatchObject({ route: 'cashier', token: null });
    expect(readFragment('#/other&token=')).toEqual({
      route: 'cashier',
      token: null,
      withoutToken: '#/other',
    });
    expect(readFragment('#x=1&token=t')).toEqual({ route: 'cashier', token: 't', withoutToken: '#x=1' });
  });
});
