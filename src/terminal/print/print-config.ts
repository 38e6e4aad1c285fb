import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import type { ReceiptShop } from '../../core/receipt.js';

export const PRINTERS_FILE_NAME = 'printers.json';
export const SHOP_FILE_NAME = 'shop.json';

const common = {
  id: z.string().trim().min(1).max(40),
  /** escpos: Epson TM-T88IV level; generic: the cheap Chinese printers (Xprinter, Zywell): raster GS v 0 */
  command: z.enum(['escpos', 'generic']).default('generic'),
  /** characters per line of the paper: 48 (80 mm), 42 (80 mm font B on some), 32 (58 mm) */
  cpl: z.number().int().min(24).max(64).default(42),
  /** the cash drawer is wired to this printer's kick-out connector (an object: which pin, how long) */
  drawer: z.boolean().default(false),
  /** this printer prints the customer's receipts */
  receipts: z.boolean().default(true),
};

const printerSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('tcp'),
      host: z.union([z.ipv4(), z.hostname()], { error: 'host must be an IPv4 address or a host name' }),
      port: z.number().int().min(1).max(65_535).default(9100),
      ...common,
    })
    .strict(),
  z
    .object({
      kind: z.literal('device'),
      path: z.string().refine(isAbsolute, 'path must be absolute, e.g. /dev/usb/lp0'),
      ...common,
    })
    .strict(),
]);

/**
 * The drawer's kick-out pulse, ESC p m t1 t2: m 0 drives connector pin 2, m 1 pin 5 (a second drawer, or a
 * drawer wired to pin 5); the printer turns the pulse on for t1 x 2 ms and off for t2 x 2 ms, t1 and t2 one
 * byte each, and takes t2 as t1 when it is shorter.
 */
export interface DrawerPulse {
  readonly pin: 2 | 5;
  readonly onMs: number;
  readonly offMs: number;
}
/** Pin 2, 50 ms on, 500 ms off: what most drawers take. */
export const defaultDrawerPulse: DrawerPulse = { pin: 2, onMs: 50, offMs: 500 };

const drawerSchema = z
  .object({
    pin: z.union([z.literal(2), z.literal(5)], { error: 'the drawer pin must be 2 or 5' }).default(2),
    onMs: z.number().int().min(2).max(510).default(defaultDrawerPulse.onMs),
    offMs: z.number().int().min(2).max(510).default(defaultDrawerPulse.offMs),
  })
  .strict()
  .refine((d) => d.offMs >= d.onMs, { error: 'offMs must be at least onMs', path: ['offMs'] });

export type PrinterConfig = z.output<typeof printerSchema> & {
  /** set when `drawer` names a pin or timings; otherwise the default pulse */
  readonly drawerPulse?: DrawerPulse;
};

/** A printer entry printers.json names but the till cannot use: shown in the status bar, never fatal. */
export interface PrinterProblem {
  readonly id: string;
  readonly message: string;
}

export interface PrintersFile {
  readonly printers: readonly PrinterConfig[];
  readonly problems: readonly PrinterProblem[];
}

const issueText = (issues: readonly z.core.$ZodIssue[]): string =>
  issues.map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`).join('; ');

/**
 * printers.json, entry by entry: a bad host, port or path makes THAT printer a problem (named in a log line
 * and the status bar) and the others still print; a file that is not JSON at all is one problem. A till
 * without the file has no thermal printer (the browser's print dialog stays).
 */
export function parsePrinters(json: unknown, source: string): PrintersFile {
  const list = (json as { printers?: unknown } | null)?.printers;
  if (typeof json !== 'object' || json === null || !Array.isArray(list)) {
    return { printers: [], problems: [{ id: source, message: `${source} needs { "printers": [ ... ] }` }] };
  }
  const printers: PrinterConfig[] = [];
  const problems: PrinterProblem[] = [];
  list.forEach((entry: unknown, i) => {
    const named = (entry as { id?: unknown } | null)?.id;
    const id = typeof named === 'string' && named.trim() ? named : `#${i + 1}`;
    // `drawer` is true/false, or { pin, onMs, offMs }: a drawer wired to this printer with its own pulse
    const drawer = (entry as { drawer?: unknown } | null)?.drawer;
    const pulse = typeof drawer === 'object' && drawer !== null ? drawerSchema.safeParse(drawer) : null;
    if (pulse && !pulse.success) {
      const issues = pulse.error.issues.map((i) => ({ ...i, path: ['drawer', ...i.path] }));
      problems.push({ id, message: `${source}: printer ${id}: ${issueText(issues)}` });
      return;
    }
    const parsed = printerSchema.safeParse(pulse ? { ...(entry as object), drawer: true } : entry);
    if (!parsed.success)
      problems.push({ id, message: `${source}: printer ${id}: ${issueText(parsed.error.issues)}` });
    else if (printers.some((p) => p.id === parsed.data.id))
      problems.push({ id, message: `${source}: printer ${id}: the id is used twice` });
    else printers.push(pulse ? { ...parsed.data, drawerPulse: pulse.data } : parsed.data);
  });
  return { printers, problems };
}

function readJson(file: string): { json: unknown } | { missing: true } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    return { problem: `cannot read ${file}: ${String(error)}` };
  }
  try {
    return { json: JSON.parse(text) as unknown };
  } catch (error) {
    return { problem: `${file} is not valid JSON: ${(error as Error).message}` };
  }
}

export function loadPrinters(dataDir: string): PrintersFile {
  const file = join(dataDir, PRINTERS_FILE_NAME);
  const read = readJson(file);
  if ('missing' in read) return { printers: [], problems: [] };
  if ('problem' in read)
    return { printers: [], problems: [{ id: PRINTERS_FILE_NAME, message: read.problem }] };
  return parsePrinters(read.json, file);
}

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'timeZone must be an IANA time zone such as Asia/Shanghai');

const shopSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    address: z.string().max(200).default(''),
    taxId: z.string().max(40).default(''),
    timeZone: timeZone.default('Asia/Shanghai'),
    phone: z.string().max(40).nullable().default(null),
    footer: z.string().max(200).nullable().default(null),
    /** cash rounding per currency (src/terminal/cash-rounding-config.ts reads it; receipts do not) */
    cashRounding: z.unknown().optional(),
  })
  .strict();

/** The demo shop (a convenience store in Shanghai); a made-up unified social credit code. */
export const demoShop: ReceiptShop = {
  name: '便利店 Tillpoint',
  address: '上海市黄浦区南京东路 1 号',
  taxId: '91310000MA1FL0001X',
  timeZone: 'Asia/Shanghai',
  phone: '021-5555 0100',
  footer: null,
};

/**
 * `<data>/shop.json` (name, address, tax id, time zone). Without one a demo till prints the demo shop and
 * any other till the terminal's name; a bad file is a problem named at start, and the till prints with the
 * fallback rather than not at all.
 */
export function loadShop(
  dataDir: string,
  fallback: ReceiptShop,
): { shop: ReceiptShop; problem: string | null } {
  const file = join(dataDir, SHOP_FILE_NAME);
  const read = readJson(file);
  if ('missing' in read) return { shop: fallback, problem: null };
  if ('problem' in read) return { shop: fallback, problem: read.problem };
  const parsed = shopSchema.safeParse(read.json);
  if (!parsed.success) return { shop: fallback, problem: `${file}: ${issueText(parsed.error.issues)}` };
  const { cashRounding: _rounding, ...shop } = parsed.data;
  return { shop, problem: null };
}

/** shop.json as JSON, or why not (a missing file is no problem: the defaults apply). */
export function readShopJson(dataDir: string): { json: unknown } | { missing: true } | { problem: string } {
  return readJson(join(dataDir, SHOP_FILE_NAME));
}
