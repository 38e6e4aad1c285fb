import { TillpointError, type ErrorCode } from './errors.js';

/**
 * A typed rejection from the NFC codecs (ndef.ts, ntag.ts, stored-value.ts). Decoders return it instead of
 * throwing, so nothing a tag holds can crash the terminal service. `message` is what the cashier reads
 * (English fallback; the renderer translates by `code`); `details` carries the numbers a message names
 * (the balance and the amount of card.insufficient_balance) for the renderer and the log.
 */
export const nfcErrorCodes = [
  'nfc.not_ndef',
  'nfc.ndef_invalid',
  'nfc.tag_locked',
  'nfc.tag_full',
  'nfc.unsupported_tag',
  'card.not_stored_value',
  'card.wrong_scheme',
  'card.tampered',
  'card.replayed',
  'card.insufficient_balance',
  'card.currency_mismatch',
  'card.balance_limit',
] as const satisfies readonly ErrorCode[];

export type NfcErrorCode = (typeof nfcErrorCodes)[number];

export interface NfcError {
  code: NfcErrorCode;
  message: string;
  details?: Readonly<Record<string, string | number>>;
}

export type NfcResult<T> = { ok: true; value: T } | { ok: false; error: NfcError };

/** One cashier-actionable message per code. */
export const nfcErrorMessages: Readonly<Record<NfcErrorCode, string>> = {
  'nfc.not_ndef': 'This tag holds no NDEF data. Format it for NDEF first.',
  'nfc.ndef_invalid': 'The data on this tag is damaged or not NDEF. Rewrite the tag.',
  'nfc.tag_locked': 'This tag is locked (read-only), so nothing can be written to it. Use another tag.',
  'nfc.tag_full': 'This does not fit on the tag. Use a shorter text or a larger tag.',
  'nfc.unsupported_tag': 'This tag type is not supported. Use an NTAG213, 215 or 216 tag.',
  'card.not_stored_value': 'This card holds no balance of this shop. Take another tender.',
  'card.wrong_scheme': 'This balance card belongs to another shop. Take another tender.',
  'card.tampered': 'This card’s balance does not check out (it was altered). Keep the card; call a manager.',
  'card.replayed': 'This card shows an old balance (a copy or a replay). Keep the card; call a manager.',
  'card.insufficient_balance': 'The card balance is not enough. Top it up or take another tender.',
  'card.currency_mismatch': 'This card holds another currency. Take another tender.',
  'card.balance_limit': 'That top-up would take the card over its balance limit. Top up less.',
};

export const nfcError = (
  code: NfcErrorCode,
  message: string = nfcErrorMessages[code],
  details?: NfcError['details'],
): NfcError => (details === undefined ? { code, message } : { code, message, details });

/** The failed result with the code's standard message (or a more precise one). */
export const nfcFail = <T = never>(
  code: NfcErrorCode,
  message?: string,
  details?: NfcError['details'],
): NfcResult<T> => ({ ok: false, error: nfcError(code, message, details) });

export const nfcOk = <T>(value: T): NfcResult<T> => ({ ok: true, value });

/** For callers that report through the contract: the same code and message as a TillpointError. */
export const nfcErrorToTillpointError = (error: NfcError, details: unknown = error.details): TillpointError =>
  new TillpointError(error.code, error.message, details);
