import { describe, expect, it } from 'vitest';
import type { NfcTapDto } from '../../shared/nfc-dto.js';
import { en } from '../i18n/en.js';
import { formatBps, formatMoney } from '../i18n/money-text.js';
import { createTranslator, errorText } from '../i18n/translate.js';
import { tapOutcome, type TapWords } from './tap-message.js';

const t = createTranslator(en);
const words: TapWords = {
  t,
  error: (error) => errorText(t, error),
  money: (money) => formatMoney(money, 'en-US'),
  percent: (bps) => formatBps(bps, 'en-US'),
};

const tap = (over: Partial<NfcTapDto>): NfcTapDto => ({
  card: { reader: 'ACS ACR122U', uid: '04A1B2C3D4E5F6', atr: '3B8F80', standard: 'TAG_ISO_14443_3' },
  kind: 'unknown',
  customer: null,
  attachedToSaleId: null,
  balance: null,
  applications: [],
  problem: null,
  ...over,
});

const member = {
  id: '00000000-0000-4000-8000-000000000021',
  name: 'Ana Li',
  discountBps: 1000,
  points: 120,
  cardUid: '04A1B2C3D4E5F6',
};
const saleId = '00000000-0000-4000-8000-000000000022';

describe('tapOutcome', () => {
  it('a member attached to the open sale: announced with the discount, the ticket refreshed', () => {
    expect(tapOutcome(tap({ kind: 'member', customer: member, attachedToSaleId: saleId }), words)).toEqual({
      tone: 'info',
      text: 'Member Ana Li attached: 10% off',
      refreshSale: true,
    });
  });
  it('a member without a discount, and a member with no open sale', () => {
    const plain = { ...member, discountBps: 0 };
    expect(tapOutcome(tap({ kind: 'member', customer: plain, attachedToSaleId: saleId }), words).text).toBe(
      'Member Ana Li attached',
    );
    const none = tapOutcome(tap({ kind: 'member', customer: member }), words);
    expect(none).toMatchObject({ tone: 'info', refreshSale: false });
    expect(none.text).toContain('no open ticket');
  });
  it('a bank card is an alert in the catalog’s words', () => {
    const outcome = tapOutcome(
      tap({ kind: 'bank-card', problem: { code: 'nfc.bank_card', message: 'bank card' } }),
      words,
    );
    expect(outcome).toEqual({
      tone: 'alert',
      text: 'This is a bank card or phone wallet: use the card terminal for it.',
      refreshSale: false,
    });
    expect(tapOutcome(tap({ kind: 'bank-card' }), words).text).toBe(outcome.text);
  });
  it('a stored-value card announces its balance; a tampered one says so', () => {
    const balance = { amount: 5000, currency: 'CNY' };
    expect(tapOutcome(tap({ kind: 'stored-value', balance }), words)).toEqual({
      tone: 'info',
      text: 'Card balance: CN¥50.00',
      refreshSale: false,
    });
    const tampered = tapOutcome(
      tap({ kind: 'stored-value', problem: { code: 'card.tampered', message: 'x' } }),
      words,
    );
    expect(tampered.tone).toBe('alert');
    expect(tampered.text).toContain('altered');
  });
  it('a plain tag and an unknown card say what they are, with the terminal’s reason', () => {
    const tag = tapOutcome(tap({ kind: 'tag', problem: { code: 'nfc.not_ndef', message: 'x' } }), words);
    expect(tag.tone).toBe('alert');
    expect(tag.text).toBe(
      'That is a plain NFC tag, not a card of this shop. This tag holds no NDEF data. Format it for NDEF first.',
    );
    const unknown = tapOutcome(
      tap({ kind: 'unknown', problem: { code: 'nfc.unknown_card', message: 'x' } }),
      words,
    );
    expect(unknown.text).toBe('The till does not know this card. Try another card or another tender.');
    expect(tapOutcome(tap({ kind: 'unknown' }), words).text).toBe('The till does not know this card.');
  });
  it('on the Members screen an unknown card or tag is the one to enroll; a member card is still a member', () => {
    expect(tapOutcome(tap({ kind: 'unknown' }), words, true)).toEqual({
      tone: 'info',
      text: 'Card 04A1B2C3D4E5F6 is on the reader: enter the name and enroll it.',
      refreshSale: false,
    });
    expect(tapOutcome(tap({ kind: 'tag' }), words, true).tone).toBe('info');
    const bank = tap({ kind: 'bank-card', problem: { code: 'nfc.bank_card', message: 'x' } });
    expect(tapOutcome(bank, words, true).tone).toBe('alert');
    expect(tapOutcome(tap({ kind: 'member', customer: member }), words, true).tone).toBe('info');
  });
  it('an unknown code from a newer terminal falls back to its own message', () => {
    const outcome = tapOutcome(
      tap({ kind: 'unknown', problem: { code: 'nfc.future', message: 'Newer' } }),
      words,
    );
    expect(outcome.text).toBe('Newer');
  });
});
