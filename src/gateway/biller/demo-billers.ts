import type { BillerWire } from '../../shared/biller-wire.js';

/**
 * The sandbox's billers and their demo accounts. Sandbox data, never real: the GLNs are in the GS1 prefix
 * 690 range with a valid mod-10 check digit, the names are masked as billers mask them (only the last
 * character shown, as Alipay's bill_user_name).
 */
export const demoBillers: readonly BillerWire[] = [
  {
    charge_inst: 'state-grid',
    gln: '6900000000014',
    sub_order_type: 'electricity',
    name: '国家电网 电费',
    name_en: 'State Grid electricity',
    // State Grid account numbers (户号), unverified regional example: 13 digits, "160" + the old 10
    // digits, new accounts start "165".
    bill_key_pattern: '^16[05]\\d{10}$',
    prepay: true,
    max_prepay: 200_000,
    currency: 'CNY',
  },
  {
    charge_inst: 'city-water',
    gln: '6900000000021',
    sub_order_type: 'water',
    name: '城市自来水 水费',
    name_en: 'City Water',
    bill_key_pattern: '^\\d{9}$',
    prepay: false,
    max_prepay: 100_000,
    currency: 'CNY',
  },
  {
    charge_inst: 'city-gas',
    gln: '6900000000038',
    sub_order_type: 'gas',
    name: '城市燃气 燃气费',
    name_en: 'City Gas',
    bill_key_pattern: '^\\d{10}$',
    prepay: false,
    max_prepay: 100_000,
    currency: 'CNY',
  },
  {
    charge_inst: 'mobile-topup',
    gln: '6900000000045',
    sub_order_type: 'phone',
    name: '手机话费充值',
    name_en: 'Phone top-up',
    // mainland China mobile numbers: 11 digits starting 13-19
    bill_key_pattern: '^1[3-9]\\d{9}$',
    prepay: true,
    denominations: [1_000, 3_000, 5_000, 10_000],
    max_prepay: 10_000,
    currency: 'CNY',
  },
];

export interface DemoAccount {
  charge_inst: string;
  bill_key: string;
  /** the open bill, minor units (0: nothing owing, only prepayment) */
  amount: number;
  fines: number;
  user_name: string;
  bill_date: string | null;
  due_date: string | null;
  /** the biller refuses every payment to this account (closed, in dispute): a refund owed at the till */
  rejects?: string;
}

export const demoAccounts: readonly DemoAccount[] = [
  {
    charge_inst: 'state-grid',
    bill_key: '1601234567890',
    amount: 10_400,
    fines: 0,
    user_name: '**伟',
    bill_date: '2026-11',
    due_date: '2026-12-31',
  },
  {
    charge_inst: 'state-grid',
    bill_key: '1650000000018',
    amount: 23_050,
    fines: 1_153,
    user_name: '*芳',
    bill_date: '2026-10',
    due_date: '2026-11-30',
  },
  {
    charge_inst: 'state-grid',
    bill_key: '1650000000025',
    amount: 0,
    fines: 0,
    user_name: '**明',
    bill_date: null,
    due_date: null,
  },
  {
    charge_inst: 'state-grid',
    bill_key: '1609999999999',
    amount: 5_000,
    fines: 0,
    user_name: '*强',
    bill_date: '2026-11',
    due_date: '2026-12-31',
    rejects: 'The account is closed at the biller',
  },
  {
    charge_inst: 'city-water',
    bill_key: '310000001',
    amount: 4_560,
    fines: 0,
    user_name: '*丽',
    bill_date: '2026-11',
    due_date: '2026-12-20',
  },
  {
    charge_inst: 'city-gas',
    bill_key: '2100000001',
    amount: 8_800,
    fines: 264,
    user_name: '**军',
    bill_date: '2026-10',
    due_date: '2026-11-25',
  },
  {
    charge_inst: 'mobile-topup',
    bill_key: '13800138000',
    amount: 0,
    fines: 0,
    user_name: '*磊',
    bill_date: null,
    due_date: null,
  },
];
