import { describe, expect, it } from 'vitest';
import { readMemberForm } from './member-form.js';

describe('readMemberForm', () => {
  it('takes a trimmed name and a percent as basis points', () => {
    expect(readMemberForm('  Ana Li ', '12.5')).toEqual({ ok: true, name: 'Ana Li', discountBps: 1250 });
    expect(readMemberForm('Bo', '10')).toEqual({ ok: true, name: 'Bo', discountBps: 1000 });
  });
  it('an empty or zero discount is a member without one', () => {
    expect(readMemberForm('Bo', '')).toMatchObject({ discountBps: 0 });
    expect(readMemberForm('Bo', '0')).toMatchObject({ discountBps: 0 });
    expect(readMemberForm('Bo', '0.00')).toMatchObject({ discountBps: 0 });
  });
  it('refuses an empty name and a discount outside 0..100 %', () => {
    expect(readMemberForm('   ', '5')).toEqual({ ok: false, problem: 'members.badName' });
    expect(readMemberForm('x'.repeat(81), '5')).toEqual({ ok: false, problem: 'members.badName' });
    expect(readMemberForm('Bo', '101')).toEqual({ ok: false, problem: 'members.badDiscount' });
    expect(readMemberForm('Bo', '-5')).toEqual({ ok: false, problem: 'members.badDiscount' });
    expect(readMemberForm('Bo', 'ten')).toEqual({ ok: false, problem: 'members.badDiscount' });
  });
});
