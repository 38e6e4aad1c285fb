import { describe, expect, it } from 'vitest';
import type { PaymentOptionsDto } from '../../shared/dto.js';
import { kioskTenders } from './pay-tenders.js';

const headroom = (tender: 'wallet' | 'static-qr' | 'stored-value', allowed = true) =>
  ({
    tender,
    allowed,
    refusal: null,
    limited: false,
    countLeft: null,
    totalLeft: null,
    amountLeft: null,
    secondsLeft: null,
    overdue: false,
  }) as unknown as PaymentOptionsDto['offline']['wallet'];

const options = (online: boolean, walletAllowed = true): PaymentOptionsDto => ({
  wallets: [{ wallet: 'sandbox', providerId: 'sandbox', label: 'Sandbox wallet', promotion: null }],
  merchantQr: [
    { providerId: 'sandbox', label: 'Sandbox wallet', kind: 'merchant-qr' },
    { providerId: 'bank', label: 'Bank QR', kind: 'static-qr' },
  ],
  online,
  offline: {
    wallet: headroom('wallet', walletAllowed),
    'static-qr': headroom('static-qr'),
    'stored-value': headroom('stored-value'),
  },
});

describe('kioskTenders', () => {
  it('offers everything online', () => {
    const tenders = kioskTenders(options(true), true);
    expect(tenders).toMatchObject({ code: true, card: true, note: null });
    expect(tenders.qr.map((q) => q.providerId)).toEqual(['sandbox', 'bank']);
  });

  it('offline: no wallet code nor provider QR; a static QR and the card still work', () => {
    const tenders = kioskTenders(options(false), true);
    expect(tenders.code).toBe(false);
    expect(tenders.qr.map((q) => q.providerId)).toEqual(['bank']);
    expect(tenders.note).toBeNull();
  });

  it('says "card payments only" when only the card is left', () => {
    const noStatic = { ...options(false), merchantQr: [] };
    expect(kioskTenders(noStatic, true).note).toBe('kiosk.pay.offlineCardOnly');
    expect(kioskTenders({ ...options(true, false), merchantQr: [] }, true).note).toBe(
      'kiosk.pay.limitedCardOnly',
    );
    expect(kioskTenders(noStatic, false).note).toBe('kiosk.pay.offlineNothing');
  });

  it('says nothing on a kiosk set up for cards only, unless the card cannot pay either', () => {
    const cardsOnly = { ...options(true), wallets: [], merchantQr: [] };
    expect(kioskTenders(cardsOnly, true)).toMatchObject({ code: false, qr: [], card: true, note: null });
    expect(kioskTenders(cardsOnly, false).note).toBe('kiosk.pay.offlineNothing');
  });
});
