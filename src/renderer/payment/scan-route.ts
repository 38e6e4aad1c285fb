import type { QrError } from '../../core/qr-error.js';
import { classifyScan } from '../../core/scan-classifier.js';

/** What the cashier screen does with one scanned text (camera, wedge scanner or keypad). */
export type ScanRoute =
  /** a customer's payment code: charge it if a sale awaits payment */
  | { readonly action: 'charge'; readonly code: string }
  /** an issuer-signed offline payment code: checked and taken by the till with no network */
  | { readonly action: 'charge-offline'; readonly code: string }
  /** try it as a product barcode (sale.scan answers catalog.unknown_barcode if no product has it) */
  | { readonly action: 'product'; readonly barcode: string }
  /** a code that is not a customer payment code (a merchant's QR, a bank card's QR, a link) */
  | { readonly action: 'not-payment-code'; readonly kind: 'emv-mpm' | 'emv-cpm' | 'url' }
  /**
   * a sale's receipt QR (or its code typed): look the sale up for a return; when no sale of this till has
   * it, it is tried as a product barcode (an in-store code may look like one)
   */
  | { readonly action: 'receipt'; readonly code: string; readonly barcode: string }
  /** a refund receipt's QR: a return cannot be returned (return.of_return) */
  | { readonly action: 'refund-receipt'; readonly code: string }
  /** a payload recognised as damaged (bad CRC, bad TLV ...): its own cashier message */
  | { readonly action: 'damaged'; readonly error: QrError };

/** contract: sale.scan takes at most 64 characters (a wallet code, at most 24, always fits chargeCode's 128). */
const BARCODE_MAX = 64;

/**
 * Sorts a scan with the core classifier (which never throws). Text the classifier cannot place still goes to
 * the catalog as a barcode, as before this issue, so in-store codes (Code 128 SKUs) keep working; only a
 * payload that looks like EMV but is damaged gets the "damaged" message.
 */
export function routeScan(text: string): ScanRoute {
  const scan = classifyScan(text);
  const trimmed = text.trim();
  switch (scan.kind) {
    case 'wallet-code':
      return { action: 'charge', code: scan.code };
    case 'offline-code':
      return { action: 'charge-offline', code: scan.code };
    case 'product-barcode':
      return { action: 'product', barcode: scan.code };
    // A banking app's card QR (EMV QRCPS-CPM) carries a card number; the till charges wallet codes only, so
    // it is never sent anywhere and the cashier is told card codes are not taken here.
    case 'emv-cpm':
    case 'emv-mpm':
    case 'url':
      return { action: 'not-payment-code', kind: scan.kind };
    case 'receipt':
      return { action: 'receipt', code: scan.code, barcode: trimmed };
    case 'refund-receipt':
      return { action: 'refund-receipt', code: scan.code };
    case 'unknown': {
      const fallsThrough = !scan.error || scan.error.code === 'qr.unknown_format';
      if (fallsThrough && trimmed.length > 0 && trimmed.length <= BARCODE_MAX) {
        return { action: 'product', barcode: trimmed };
      }
      return {
        action: 'damaged',
        error: scan.error ?? { code: 'qr.unknown_format', message: 'The till does not recognise this code.' },
      };
    }
  }
}
