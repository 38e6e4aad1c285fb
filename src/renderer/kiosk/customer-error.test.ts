import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.js';
import { createTranslator, errorText } from '../i18n/translate.js';
import { customerErrorText } from './customer-error.js';

const t = createTranslator(en);
const text = (code: string) =>
  customerErrorText(t, (error, params) => errorText(t, error, params), { code, message: 'service text' });

describe('customerErrorText', () => {
  it('speaks to the customer for the errors a kiosk customer meets', () => {
    expect(text('wallet.code_used')).toBe(en['kiosk.error.codeUsed']);
    expect(text('nfc.bank_card')).toBe(en['kiosk.error.bankCard']);
    expect(text('catalog.unknown_barcode')).toBe(en['kiosk.error.unknownBarcode']);
  });

  it('keeps the shared message for any other code', () => {
    expect(text('kiosk.staff_needed')).toBe(en['error.kiosk.staff_needed']);
  });
});
