import { TillpointError, type ErrorCode } from './errors.js';

/**
 * A typed rejection from the QR codecs. Decoders return it instead of throwing, so nothing a scanner sends can
 * crash the renderer or the terminal service. `message` is what the cashier reads (English fallback; the
 * renderer translates by `code`).
 */
export type QrErrorCode = Extract<ErrorCode, `qr.${string}`>;

export interface QrError {
  code: QrErrorCode;
  message: string;
}

const damaged = 'This code is damaged, ask the customer to refresh it.';

/** One cashier-actionable message per code. A damaged payload is the customer's to refresh, not ours. */
export const qrErrorMessages: Readonly<Record<QrErrorCode, string>> = {
  'qr.empty': 'Nothing was scanned. Scan the code again.',
  'qr.too_long': 'This is not a payment code (too long). Scan the payment code again.',
  'qr.duplicate_id': `${damaged} (a field appears twice)`,
  'qr.length_overrun': `${damaged} (a field runs past the end)`,
  'qr.length_not_numeric': `${damaged} (a field length is not a number)`,
  'qr.format_indicator_missing': 'This is not a payment QR code (it does not start with 000201).',
  'qr.crc_missing': `${damaged} (its check code is missing)`,
  'qr.crc_not_last': `${damaged} (its check code is not at the end)`,
  'qr.crc_not_hex': `${damaged} (its check code is not four hex digits)`,
  'qr.crc_mismatch': `${damaged} (its check code does not match)`,
  'qr.data_after_crc': `${damaged} (there is data after its check code)`,
  'qr.bad_base64': `${damaged} (it is not valid base64)`,
  'qr.bad_tlv': `${damaged} (its fields do not fit together)`,
  'qr.cpm_no_cpv': 'This is not a payment code the till takes (no EMV CPV01 header).',
  'qr.unknown_format': 'This is not a payment code the till knows. Ask the customer for their payment code.',
  'qr.invalid_tags': 'This QR code cannot be made from the merchant settings. Check the payment settings.',
};

export const qrError = (code: QrErrorCode): QrError => ({ code, message: qrErrorMessages[code] });

/** For callers that report through the contract: the same code and message as a TillpointError. */
export const qrErrorToTillpointError = (error: QrError, details?: unknown): TillpointError =>
  new TillpointError(error.code, error.message, details);
