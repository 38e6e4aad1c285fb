/**
 * Whether what was typed into the account field is a scanned payment slip (GS1 element string) rather than
 * an account number: it carries the AIM prefix of a GS1 symbol (ISO/IEC 15424: ]C1 GS1-128, ]d2 GS1
 * DataMatrix, ]Q3 GS1 QR), the bracketed AIs printed under the bars, or starts with AI 415 and a GLN.
 * The terminal parses it (src/core/gs1-payment-slip.ts); this only picks the field it goes in.
 */
export const isSlipText = (text: string): boolean =>
  /^(\]C1|\]d2|\]Q3|\(415\))/.test(text) || /^415\d{13}\S+/.test(text);
