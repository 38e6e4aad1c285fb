import bwipjs from 'bwip-js/node';
import { encodePaymentSlip, type PaymentSlip } from '../../core/gs1-payment-slip.js';

/**
 * A payment slip as a GS1-128 barcode, drawn by bwip-js (BWIPP's encoder): it takes the bracketed element
 * string and inserts FNC1 itself, first as the GS1 flag and after each variable-length field not last.
 */
export function slipBarcodeSvg(slip: PaymentSlip): string {
  return bwipjs.toSVG({
    bcid: 'gs1-128',
    text: encodePaymentSlip(slip, { bracketed: true }),
    scale: 2,
    height: 12,
    includetext: true,
    textxalign: 'center',
  });
}

/**
 * The same barcode as its bar and space widths in modules (bwip-js's raw encoding), for a test to draw
 * into pixels without another image library.
 */
export function slipBarcodeWidths(slip: PaymentSlip): number[] {
  const [first] = bwipjs.raw({ bcid: 'gs1-128', text: encodePaymentSlip(slip, { bracketed: true }) }) as {
    sbs?: number[];
  }[];
  if (!first?.sbs) throw new Error('bwip-js gave no linear encoding for gs1-128');
  return first.sbs;
}
