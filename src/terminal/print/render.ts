import receiptline from 'receiptline';
import { defaultDrawerPulse, type DrawerPulse, type PrinterConfig } from './print-config.js';

/** ESC p m t1 t2: m 0 for pin 2, 1 for pin 5; t1, t2 in units of 2 ms (the default: ESC p 0 25 250). */
export function drawerPulseBytes(pulse: DrawerPulse = defaultDrawerPulse): Buffer {
  const units = (ms: number) => Math.min(255, Math.max(1, Math.round(ms / 2)));
  return Buffer.from([0x1b, 0x70, pulse.pin === 5 ? 1 : 0, units(pulse.onMs), units(pulse.offMs)]);
}

/**
 * A receipt document as the printer's bytes: ReceiptLine's ESC/POS in GB18030 (Chinese printers start in
 * Chinese mode; ReceiptLine sends FS & before double-byte text), a cut at the end. The drawer pulse goes
 * FIRST, so the cashier can give change while the receipt prints.
 */
export function renderJob(
  document: string | null,
  printer: Pick<PrinterConfig, 'command' | 'cpl' | 'drawerPulse'>,
  drawer: boolean,
): Buffer {
  const parts: Buffer[] = [];
  if (drawer) parts.push(drawerPulseBytes(printer.drawerPulse));
  if (document !== null) {
    const commands = receiptline.transform(document, {
      cpl: printer.cpl,
      encoding: 'gb18030',
      command: printer.command,
      cutting: true,
      // text and QR codes, not photos: a crisp threshold
      gradient: false,
    });
    // ReceiptLine answers a byte string (one char per byte)
    parts.push(Buffer.from(commands, 'latin1'));
  }
  return Buffer.concat(parts);
}

/** The same document as the screen's preview. */
export function renderSvg(document: string, cpl: number): string {
  return receiptline.transform(document, { cpl, encoding: 'gb18030', command: 'svg' });
}

/** The same document as plain text (logs, the e-receipt's text part). */
export function renderText(document: string, cpl: number): string {
  return receiptline.transform(document, { cpl, encoding: 'gb18030', command: 'text' });
}
