/**
 * Scripted customer-code behaviours (design section B). Only 'success' is accepted unless the gateway was
 * started with --test; the rest play the wallets' awkward cases for tests and demos.
 */
export const behaviours = [
  /** paid at once */
  'success',
  /** the payer must type a password: USERPAYING for passwordMs, then SUCCESS */
  'password',
  /** USERPAYING for passwordMs, then the payer declines: PAYERROR */
  'password-declined',
  /** NOT_ENOUGH: the payer's balance does not cover the amount */
  'insufficient',
  /** answers SYSTEMERROR (outcome unknown) although the charge went through; the caller must query */
  'systemerror',
  /** paid, but the answer comes after delayMs */
  'slow',
  /** paid, and the connection is destroyed instead of answering */
  'lost-reply',
] as const;
export type Behaviour = (typeof behaviours)[number];

export const defaultPasswordMs = 3_000;
export const defaultDelayMs = 5_000;
/** A generous default wallet balance: 1,000,000.00 in a two-decimal currency. */
export const defaultBalance = 100_000_000;
/** Customer codes are valid for 60 s after the phone shows them (WeChat Pay and Alipay both use one minute). */
export const codeTtlMs = 60_000;
/** How long a precreated merchant QR can be paid (the sandbox's choice; WeChat Native allows up to 2 h). */
export const qrTtlMs = 120_000;
