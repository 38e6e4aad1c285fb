import type { ErrorCode } from '../../../core/errors.js';
import type { OutcomeReason } from '../provider.js';

/**
 * WeChat Pay's err_code (API v2) and code (API v3) -> the till's reason code, whose message the cashier
 * reads in their language (src/shared/i18n/*-errors.ts). The provider's own code stays in the English
 * message, for support. Codes from WeChat Pay's micropay, orderquery, reverse, refund and v3 error tables.
 */
const reasonCodes: Readonly<Record<string, ErrorCode>> = {
  AUTHCODEEXPIRE: 'wallet.code_expired',
  AUTH_CODE_INVALID: 'wallet.code_invalid',
  AUTH_CODE_ERROR: 'wallet.code_invalid',
  NOTENOUGH: 'wechatpay.not_enough',
  NOT_ENOUGH: 'wechatpay.not_enough',
  NOTSUPORTCARD: 'wechatpay.card_unsupported',
  BUYER_MISMATCH: 'wechatpay.buyer_mismatch',
  TRADE_ERROR: 'wechatpay.risk_refused',
  PAYERROR: 'wechatpay.payer_error',
  ORDERCLOSED: 'wechatpay.order_closed',
  ORDER_CLOSED: 'wechatpay.order_closed',
  FREQUENCY_LIMITED: 'wechatpay.busy',
  INVALID_REQ_TOO_MUCH: 'wechatpay.busy',
  NOAUTH: 'wechatpay.merchant_refused',
  NO_AUTH: 'wechatpay.merchant_refused',
  SIGNERROR: 'wechatpay.merchant_refused',
  SIGN_ERROR: 'wechatpay.merchant_refused',
  APPID_NOT_EXIST: 'wechatpay.merchant_refused',
  MCHID_NOT_EXIST: 'wechatpay.merchant_refused',
  MCH_NOT_EXISTS: 'wechatpay.merchant_refused',
  APPID_MCHID_NOT_MATCH: 'wechatpay.merchant_refused',
  PARAM_ERROR: 'wechatpay.merchant_refused',
  LACK_PARAMS: 'wechatpay.merchant_refused',
  XML_FORMAT_ERROR: 'wechatpay.merchant_refused',
  NOT_UTF8: 'wechatpay.merchant_refused',
  REQUIRE_POST_METHOD: 'wechatpay.merchant_refused',
  POST_DATA_EMPTY: 'wechatpay.merchant_refused',
  INVALID_REQUEST: 'wechatpay.merchant_refused',
  CERT_ERROR: 'wechatpay.merchant_refused',
  OUT_TRADE_NO_USED: 'wechatpay.merchant_refused',
  TRADE_OVERDUE: 'wechatpay.refund_too_old',
  USER_ACCOUNT_ABNORMAL: 'wechatpay.refund_refused',
  REFUND_FEE_MISMATCH: 'wechatpay.refund_refused',
  ERROR: 'wechatpay.refund_refused',
};

/** In a refund, NOTENOUGH is the merchant's balance, not the payer's. */
const refundCodes: Readonly<Record<string, ErrorCode>> = {
  NOTENOUGH: 'wechatpay.refund_not_enough',
  NOT_ENOUGH: 'wechatpay.refund_not_enough',
  INVALID_REQUEST: 'wechatpay.refund_refused',
};

/** err_codes after which the outcome is unknown: the order must be queried, never taken as refused. */
export const unknownOutcomeCodes: ReadonlySet<string> = new Set([
  'USERPAYING',
  'SYSTEMERROR',
  'SYSTEM_ERROR',
  'BANKERROR',
  'BANK_ERROR',
  'BIZERR_NEED_RETRY',
  'ORDERPAID',
  'ORDER_NOT_READY',
]);

export function wechatReason(
  errCode: string,
  description: string | undefined,
  context: 'pay' | 'refund' = 'pay',
): OutcomeReason {
  const code = (context === 'refund' ? refundCodes[errCode] : undefined) ?? reasonCodes[errCode];
  const said = description ? `: ${description}` : '';
  return { code: code ?? 'payment.declined', message: `WeChat Pay answered ${errCode}${said}.` };
}

export const providerError = (message: string): OutcomeReason => ({
  code: 'payment.provider_error',
  message,
});

export const badSignature = (what: string): OutcomeReason => ({
  code: 'wechatpay.bad_signature',
  message: `WeChat Pay's answer to the ${what} failed its signature check; it is treated as no answer.`,
});
