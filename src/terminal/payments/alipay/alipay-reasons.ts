import type { ErrorCode } from '../../../core/errors.js';
import type { OutcomeReason } from '../provider.js';

/**
 * Alipay's sub_codes a cashier meets (face-to-face pay, cancel, refund), each mapped to a reason code of
 * ours that the renderer translates (error.alipay.* in the en and zh-CN catalogs). A sub_code not listed
 * keeps its provider text under payment.declined / payment.provider_error; the sub_code itself is always
 * kept in the message for support.
 */
const subCodeReasons: Readonly<Record<string, ErrorCode>> = {
  'ACQ.PAYMENT_AUTH_CODE_INVALID': 'alipay.auth_code_invalid',
  'ACQ.BUYER_BALANCE_NOT_ENOUGH': 'alipay.balance_not_enough',
  'ACQ.BUYER_BANKCARD_BALANCE_NOT_ENOUGH': 'alipay.balance_not_enough',
  'ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR': 'alipay.payment_limit',
  'ACQ.BUYER_PAYMENT_AMOUNT_MONTH_LIMIT_ERROR': 'alipay.payment_limit',
  'ACQ.BEYOND_PAY_RESTRICTION': 'alipay.payment_limit',
  'ACQ.PRODUCT_AMOUNT_LIMIT_ERROR': 'alipay.payment_limit',
  'ACQ.BUYER_ENABLE_STATUS_FORBID': 'alipay.buyer_unavailable',
  'ACQ.TRADE_BUYER_NOT_MATCH': 'alipay.buyer_unavailable',
  'ACQ.ERROR_BALANCE_PAYMENT_DISABLE': 'alipay.buyer_unavailable',
  'ACQ.BUYER_SELLER_EQUAL': 'alipay.buyer_unavailable',
  'ACQ.PAYMENT_FAIL': 'alipay.payment_failed',
  'ACQ.PULL_MOBILE_CASHIER_FAIL': 'alipay.payment_failed',
  'ACQ.PAYMENT_REQUEST_HAS_RISK': 'alipay.payment_failed',
  'ACQ.TRADE_HAS_CLOSE': 'alipay.trade_closed',
  'ACQ.CONTEXT_INCONSISTENT': 'alipay.order_mismatch',
  'ACQ.INVALID_PARAMETER': 'alipay.merchant_setup',
  'ACQ.ACCESS_FORBIDDEN': 'alipay.merchant_setup',
  'ACQ.EXIST_FORBIDDEN_WORD': 'alipay.merchant_setup',
  'ACQ.PARTNER_ERROR': 'alipay.merchant_setup',
  'ACQ.TOTAL_FEE_EXCEED': 'alipay.merchant_setup',
  'ACQ.SELLER_BEEN_BLOCKED': 'alipay.merchant_setup',
  'ACQ.SELLER_BALANCE_NOT_ENOUGH': 'alipay.seller_balance_not_enough',
  'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL': 'alipay.refund_exceeds',
  'ACQ.REASON_TRADE_REFUND_FEE_ERR': 'alipay.refund_exceeds',
  'ACQ.DISCORDANT_REPEAT_REQUEST': 'alipay.order_mismatch',
  'ACQ.TRADE_STATUS_ERROR': 'alipay.refund_refused',
  'ACQ.TRADE_NOT_ALLOW_REFUND': 'alipay.refund_refused',
  'ACQ.TRADE_HAS_FINISHED': 'alipay.refund_refused',
  'ACQ.REASON_TRADE_BEEN_FREEZEN': 'alipay.refund_refused',
};

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The reason for an answer that refused: our code for its sub_code, and Alipay's words plus the code. */
export function alipayReason(body: Readonly<Record<string, unknown>>, fallback: ErrorCode): OutcomeReason {
  const code = text(body.code);
  const subCode = text(body.sub_code);
  const words = text(body.sub_msg) ?? text(body.msg) ?? 'Alipay refused';
  // 40001 / 40002 / 40006 (missing or invalid parameters, bad signature, no permission) and isv.* / aop.*
  // sub_codes are the merchant's set-up, never the customer's doing
  const setup =
    code === '40001' || code === '40002' || code === '40006' || /^(isv|aop)\./.test(subCode ?? '');
  const mapped = (subCode && subCodeReasons[subCode]) ?? (setup ? 'alipay.merchant_setup' : fallback);
  return { code: mapped, message: `${words} (Alipay ${subCode ?? code ?? 'answer'})` };
}
