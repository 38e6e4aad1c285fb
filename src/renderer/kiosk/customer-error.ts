import type { ApiError } from '../../shared/result.js';
import type { MessageKey } from '../i18n/en.js';
import type { MessageParams, Translate } from '../i18n/translate.js';

/**
 * The errors a kiosk customer meets, said to the customer (the shared messages speak to a cashier: "ask the
 * customer to…"). Any other code keeps its shared message.
 */
const forCustomer: Readonly<Record<string, MessageKey>> = {
  'catalog.unknown_barcode': 'kiosk.error.unknownBarcode',
  'wallet.unconfigured': 'kiosk.error.walletUnconfigured',
  'wallet.code_invalid': 'kiosk.pay.notACode',
  'wallet.code_expired': 'kiosk.error.codeExpired',
  'wallet.code_used': 'kiosk.error.codeUsed',
  'nfc.bank_card': 'kiosk.error.bankCard',
  'payment.offline': 'kiosk.error.offline',
};

export function customerErrorText(
  t: Translate,
  errorText: (error: ApiError, params?: MessageParams) => string,
  error: ApiError,
  params?: MessageParams,
): string {
  const key = forCustomer[error.code];
  return key === undefined ? errorText(error, params) : t(key);
}
