import { parsePercentBps } from '../i18n/money-text.js';

export type MemberForm =
  | { readonly ok: true; readonly name: string; readonly discountBps: number }
  | { readonly ok: false; readonly problem: 'members.badName' | 'members.badDiscount' };

/**
 * The enroll form: a name (trimmed, 1..80 characters as member.enroll takes it) and a discount in percent,
 * where an empty field or 0 is a member without a discount.
 */
export function readMemberForm(name: string, discount: string): MemberForm {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 80) return { ok: false, problem: 'members.badName' };
  const text = discount.trim();
  const discountBps = text === '' || /^0+([.,]0*)?$/.test(text) ? 0 : parsePercentBps(text);
  if (discountBps === null) return { ok: false, problem: 'members.badDiscount' };
  return { ok: true, name: trimmed, discountBps };
}
