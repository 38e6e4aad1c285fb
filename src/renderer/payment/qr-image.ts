import QRCode from 'qrcode/lib/browser.js';

/**
 * The payload as an SVG data: URL for an <img> (the CSP allows img data:, and SVG stays sharp at the size
 * of a customer display). Error correction M (ISO/IEC 18004: ~15 % of the code may be damaged) is what
 * wallets use for payment codes; the 4-module quiet zone is the standard's minimum.
 */
export async function qrImageUrl(payload: string): Promise<string> {
  const svg = await QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
