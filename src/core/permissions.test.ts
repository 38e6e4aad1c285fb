import { describe, expect, it } from 'vitest';
import { discountShareBps, permissions, roleHas, rolePermissions, staffRoles } from './permissions.js';

describe('roles and permissions', () => {
  it('prints the table the README shows', () => {
    const rows = permissions.map(
      (p) => `${p.padEnd(15)} ${staffRoles.map((r) => (roleHas(r, p) ? 'x' : '-')).join(' ')}`,
    );
    // the table a reader checks against the README's
    console.log(`permission      ${staffRoles.map((r) => r[0]).join(' ')}\n${rows.join('\n')}`);
    expect(rolePermissions.manager).toEqual(permissions);
    expect(rolePermissions.cashier).toEqual([]);
  });

  it('a supervisor may void and give big discounts but not refund, resolve sync or manage staff', () => {
    expect(roleHas('supervisor', 'sale.void')).toBe(true);
    expect(roleHas('supervisor', 'discount.large')).toBe(true);
    expect(roleHas('supervisor', 'refund')).toBe(false);
    expect(roleHas('supervisor', 'sync.resolve')).toBe(false);
    expect(roleHas('supervisor', 'staff.manage')).toBe(false);
  });

  it('every role a manager has, the manager has', () => {
    for (const role of staffRoles) {
      for (const p of rolePermissions[role]) expect(roleHas('manager', p)).toBe(true);
    }
  });

  it('a discount share rounds up and a zero base counts as everything', () => {
    expect(discountShareBps(2_000, 10_000)).toBe(2_000);
    expect(discountShareBps(2_001, 10_000)).toBe(2_001);
    expect(discountShareBps(1, 3)).toBe(3_334);
    expect(discountShareBps(5, 0)).toBe(10_000);
  });
});
