import { describe, expect, it } from 'vitest';
import type { OfflineHeadroomDto } from '../../shared/dto.js';
import { en } from '../i18n/en.js';
import { formatMoney } from '../i18n/money-text.js';
import { createTranslator, errorText } from '../i18n/translate.js';
import { durationText, offlineHeadroomText } from './offline-headroom-text.js';

const t = createTranslator(en);
const money = (m: { amount: number; currency: string }) => formatMoney(m, 'zh-CN');
const error = (e: { code: string; message: string; details?: unknown }) => errorText(t, e);
const cny = (amount: number) => ({ amount, currency: 'CNY' });

const headroom = (extra: Partial<OfflineHeadroomDto> = {}): OfflineHeadroomDto => ({
  tender: 'stored-value',
  allowed: true,
  refusal: null,
  limited: true,
  countLeft: null,
  totalLeft: null,
  amountLeft: null,
  secondsLeft: null,
  overdue: false,
  ...extra,
});
const text = (h: OfflineHeadroomDto) => offlineHeadroomText(h, t, money, error)?.text ?? null;

describe('offline headroom text', () => {
  it('says what is left in words a cashier reads at a glance', () => {
    expect(text(headroom({ countLeft: 3, amountLeft: cny(5_000), secondsLeft: 7_800 }))).toBe(
      'Card balance offline: 3 more sales, up to ¥50.00, 2 h 10 min left',
    );
    expect(text(headroom({ tender: 'wallet', countLeft: 1 }))).toBe('Wallet offline: 1 more sale');
    expect(text(headroom({ tender: 'static-qr', secondsLeft: 45 * 60 + 59 }))).toBe(
      'Bank QR offline: 45 min left',
    );
  });

  it('a refused tender says why, in the message of its error code', () => {
    const refused = headroom({
      allowed: false,
      countLeft: 0,
      refusal: {
        code: 'offline.limit_count',
        message: 'fallback',
        details: { tender: 'stored-value', maxCount: 2 },
      },
    });
    expect(text(refused)).toBe(
      'Card balance not available: This tender has reached its limit of sales waiting to sync (2). Take cash or another tender until the till has synced.',
    );
    expect(
      text(headroom({ allowed: false, refusal: { code: 'sync.overdue', message: 'x', details: {} } })),
    ).toContain('takes only cash');
  });

  it('nothing to say without a limit, or with nothing counting yet', () => {
    expect(text(headroom({ limited: false, overdue: true }))).toBeNull();
    expect(text(headroom({ limited: true }))).toBeNull();
  });

  it('durations in whole minutes, rounded down', () => {
    expect(durationText(59, t)).toBe('under a minute');
    expect(durationText(60, t)).toBe('1 min');
    expect(durationText(3_600, t)).toBe('1 h');
    expect(durationText(90_061, t)).toBe('25 h 1 min');
  });
});
