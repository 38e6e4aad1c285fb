import { barcodeToShow } from '../../core/barcode.js';
import { maskWalletCode } from '../../core/wallet-code.js';

/**
 * A scanned text as a message on screen may show it: a barcode whole, anything longer (a customer's payment
 * code, a card number) only by its first and last four characters, like the payment screens.
 */
export const scannedText = (text: string): string =>
  barcodeToShow(text.trim()) ?? maskWalletCode(text.trim());
