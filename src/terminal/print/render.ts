import { createRequire } from 'node:module';
import type Receiptline from 'receiptline';
import { defaultDrawerPulse, type DrawerPulse, type PrinterConfig } from './print-config.js';

/**
 * ReceiptLine is loaded at the first receipt (or preview), not at start: a till that has not printed yet,
 * and every `tillpoint` command that never prints, does not hold it (about 5 MB of the host's memory, see
 * e2e/bench/cold-start.ts). The same pattern as echarts (shift-charts.ts): the Electron main bundle
 * (CommonJS) has `require` and esbuild bundles the literal call in; the CLI is an ES module and loads it
 * from node_modules.
 */
let receiptlineModule: typeof Receiptline | undefined;
function receiptline(): typeof Receiptline {
  if (receiptlineModule) return receiptlineModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- bundled lazily into the CommonJS main
    receiptlineModule = require('receiptline') as typeof Receiptline;
  } catch {
    // an ES module (the CLI): esbuild's require stand-in throws there, Node's own loads node_modules
    receiptlineModule = createRequire(import.meta.url)('receiptline') as typeof Receiptline;
  }
  return receiptlineModule;
}

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
    const commands = receiptline().transform(document, {
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
  return receiptline().transform(document, { cpl, encoding: 'gb18030', command: 'svg' });
}

/** The same document as plain text (logs, the e-receipt's text part). */
export function renderText(document: string, cpl: number): string {
  return receiptline().transform(document, { cpl, encoding: 'gb18030', command: 'text' });
}
