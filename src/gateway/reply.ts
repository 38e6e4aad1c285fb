/**
 * What the gateway answers, before the transport: a JSON body, maybe after a delay, or nothing at all
 * (the socket destroyed, as when a wallet's reply is lost after the charge).
 */
export type Json = Record<string, unknown>;

export interface Reply {
  status: number;
  body: Json;
  /** the exact body to send instead of JSON.stringify(body) (a dialect that signs the text it sends) */
  text?: string;
  /** a binary body with its content type (a settlement file's zip) */
  bytes?: { data: Buffer; contentType: string; fileName?: string };
  delayMs?: number;
  dropReply?: boolean;
}

/** Business codes (HTTP 200, like the wallets) with a message the cashier or the integrator can act on. */
export const businessMessages = {
  AUTH_CODE_INVALID: 'This payment code is not valid; ask the customer to show the code again',
  AUTH_CODE_EXPIRED: 'This payment code has expired; ask the customer to refresh it',
  AUTH_CODE_USED: 'This payment code was already used; ask the customer to refresh it',
  NOT_ENOUGH: 'The customer does not have enough funds; ask for another payment method',
  PAYER_DECLINED: 'The customer declined the payment on their phone',
  SYSTEMERROR: 'The wallet did not confirm the payment; query the order before doing anything else',
  OUT_TRADE_NO_USED: 'This out_trade_no was already used with a different amount, currency or code',
  ORDER_REVERSED: 'This order was reversed; start a new payment',
  ORDER_NOT_EXIST: 'No order with this out_trade_no',
  ORDER_CLOSED: 'This QR code has expired or was cancelled; show a new one',
  ORDER_NOT_PAID: 'This order was not paid, so there is nothing to refund',
  REFUND_EXCEEDS: 'The refund is more than what is left of the payment',
  OUT_REFUND_NO_USED: 'This out_refund_no was already used for a different refund',
} as const;
export type BusinessCode = keyof typeof businessMessages;

export const answer = (body: Json, extra: Partial<Reply> = {}): Reply => ({ status: 200, body, ...extra });

export const business = (code: BusinessCode, extra: Json = {}, status = 200): Reply => ({
  status,
  body: { code, message: businessMessages[code], ...extra },
});
