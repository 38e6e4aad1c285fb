import jsQRModule from 'jsqr';

// CommonJS whose module.exports has a `.default` pointing at itself (src/renderer/scan/jsqr-decoder.ts)
const jsQR = jsQRModule.default;

/**
 * What a printer made of one ESC/POS job: the text it printed, the QR codes in its raster images, the
 * drawer pulses and the cuts. The virtual printer (printer-sim) and the tests read jobs with this, so a
 * test checks what a printer would do with the bytes, not the bytes the till meant to send.
 */
export interface PrintedJob {
  readonly bytes: number;
  /** the printed lines; Chinese decoded from GB18030 while Chinese mode (FS &) is on */
  readonly text: string;
  /** payloads of the QR codes found in the raster images (GS v 0, GS 8 L / GS ( L) */
  readonly qr: readonly string[];
  readonly images: number;
  /** ESC p m t1 t2 (and DLE DC4 1 m t): pin 2 or 5, on and off times in ms */
  readonly pulses: readonly { pin: 2 | 5; onMs: number; offMs: number }[];
  /** GS V */
  readonly cuts: number;
}

interface Bitmap {
  width: number;
  height: number;
  /** one byte per dot, 1 = black */
  dots: Uint8Array;
}

/** Raster rows MSB first, `rowBytes` bytes a row (ESC/POS GS v 0 and GS 8 L fn 112 share this layout). */
function bitmap(data: Uint8Array, rowBytes: number, height: number, width = rowBytes * 8): Bitmap {
  const dots = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const byte = data[y * rowBytes + (x >> 3)] ?? 0;
      dots[y * width + x] = (byte >> (7 - (x & 7))) & 1;
    }
  }
  return { width, height, dots };
}

/** A QR read from one bitmap (or a band of bitmaps of one image), with a white quiet zone added. */
function readQr(images: readonly Bitmap[]): string | null {
  if (images.length === 0) return null;
  const width = Math.max(...images.map((i) => i.width));
  const height = images.reduce((h, i) => h + i.height, 0);
  const margin = 16;
  const w = width + 2 * margin;
  const h = height + 2 * margin;
  const rgba = new Uint8ClampedArray(w * h * 4).fill(255);
  let top = margin;
  for (const image of images) {
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        if (image.dots[y * image.width + x] === 1) {
          const at = ((top + y) * w + margin + x) * 4;
          rgba[at] = rgba[at + 1] = rgba[at + 2] = 0;
        }
      }
    }
    top += image.height;
  }
  return jsQR(rgba, w, h)?.data ?? null;
}

// single-byte code page 1 box drawing (ReceiptLine's rules) shown as ASCII
const boxDrawing = (byte: number): string => (byte === 0x95 ? '-' : byte === 0x96 ? '|' : '+');

/** Interprets one job's bytes: text, raster images (decoded for QR codes), pulses and cuts. */
export function interpretEscPos(input: Uint8Array): PrintedJob {
  const b = input;
  const lines: string[] = [];
  let line = '';
  let run: number[] = [];
  let chinese = false;
  const gb18030 = new TextDecoder('gb18030');
  const flush = () => {
    if (run.length === 0) return;
    line += chinese
      ? gb18030.decode(Uint8Array.from(run))
      : run.map((c) => (c < 0x80 ? String.fromCharCode(c) : boxDrawing(c))).join('');
    run = [];
  };
  const newline = () => {
    flush();
    lines.push(line.replace(/\s+$/, ''));
    line = '';
  };
  const qr: string[] = [];
  let band: Bitmap[] = [];
  let images = 0;
  const endImage = () => {
    if (band.length === 0) return;
    const found = readQr(band);
    if (found !== null) qr.push(found);
    band = [];
  };
  let stored: Bitmap | null = null;
  const pulses: { pin: 2 | 5; onMs: number; offMs: number }[] = [];
  let cuts = 0;
  const u16 = (i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);

  let i = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    if (c === 0x0a) {
      endImage();
      newline();
      i += 1;
    } else if (c === 0x0d) {
      i += 1;
    } else if (c === 0x1b) {
      flush();
      const n = b[i + 1];
      if (n === 0x70) {
        // ESC p m t1 t2: pulse pin 2 (m 0/48) or pin 5 (m 1/49), t x 2 ms
        pulses.push({
          pin: (b[i + 2] ?? 0) % 48 === 1 ? 5 : 2,
          onMs: (b[i + 3] ?? 0) * 2,
          offMs: (b[i + 4] ?? 0) * 2,
        });
        i += 5;
      } else if (n === 0x24 || n === 0x5c) {
        // ESC $ / ESC \: absolute / relative position: the columns' gap
        line += ' ';
        i += 4;
      } else if (n === 0x2a) {
        // ESC * m nL nH d: bit image, 8 or 24 dots high
        const dots = u16(i + 3) * ((b[i + 2] ?? 0) >= 32 ? 3 : 1);
        i += 5 + dots;
      } else if (n === 0x40 || n === 0x32 || n === 0x3c) {
        i += 2; // ESC @, ESC 2, ESC <
      } else if (n === 0x64 || n === 0x4a) {
        endImage();
        i += 3; // ESC d n, ESC J n: feed
      } else {
        i += 3; // ESC ! - E M SP 3 { a t R r G V c: one parameter
      }
    } else if (c === 0x1d) {
      flush();
      const n = b[i + 1];
      if (n === 0x56) {
        // GS V m [n]: cut; m 65/66 take a feed amount
        cuts += 1;
        endImage();
        i += (b[i + 2] ?? 0) >= 65 ? 4 : 3;
      } else if (n === 0x76 && b[i + 2] === 0x30) {
        // GS v 0 m xL xH yL yH d: raster image, x bytes a row, y rows
        const rowBytes = u16(i + 4);
        const rows = u16(i + 6);
        band.push(bitmap(b.subarray(i + 8, i + 8 + rowBytes * rows), rowBytes, rows));
        images += 1;
        i += 8 + rowBytes * rows;
      } else if (n === 0x38 && b[i + 2] === 0x4c) {
        // GS 8 L p1-p4 m fn ...: graphics data with a 32-bit length
        const length = u16(i + 3) + u16(i + 5) * 65_536;
        graphics(b.subarray(i + 7, i + 7 + length));
        i += 7 + length;
      } else if (n === 0x28) {
        // GS ( L / GS ( k / GS ( A ...: pL pH then that many bytes
        const length = u16(i + 3);
        if (b[i + 2] === 0x4c) graphics(b.subarray(i + 5, i + 5 + length));
        i += 5 + length;
      } else if (n === 0x6b) {
        // GS k m: barcode; m >= 65: a length byte, else NUL-terminated
        const m = b[i + 2] ?? 0;
        if (m >= 65) i += 4 + (b[i + 3] ?? 0);
        else {
          i += 3;
          while (i < b.length && b[i] !== 0) i += 1;
          i += 1;
        }
      } else if (n === 0x4c || n === 0x57 || n === 0x24 || n === 0x5c) {
        i += 4; // GS L, GS W, GS $, GS \: two bytes
      } else {
        i += 3; // GS ! B a r w h H f: one byte
      }
    } else if (c === 0x1c) {
      flush();
      const n = b[i + 1];
      if (n === 0x26) {
        chinese = true;
        i += 2;
      } else if (n === 0x2e) {
        chinese = false;
        i += 2;
      } else if (n === 0x53) {
        i += 4; // FS S n1 n2
      } else if (n === 0x28) {
        i += 5 + u16(i + 3); // FS ( A / ( L ...
      } else if (n === 0x43 || n === 0x2d || n === 0x21 || n === 0x57) {
        i += 3;
      } else {
        i += 2;
      }
    } else if (c === 0x10) {
      flush();
      const n = b[i + 1];
      if (n === 0x14 && b[i + 2] === 1) {
        // DLE DC4 1 m t: real-time pulse of t x 100 ms
        pulses.push({
          pin: b[i + 3] === 1 ? 5 : 2,
          onMs: (b[i + 4] ?? 0) * 100,
          offMs: (b[i + 4] ?? 0) * 100,
        });
        i += 5;
      } else if (n === 0x14) {
        i += 5;
      } else {
        i += 3; // DLE EOT n, DLE ENQ n: answered live by the printer, nothing printed
      }
    } else {
      if (band.length > 0) endImage();
      run.push(c);
      i += 1;
    }
  }
  endImage();
  flush();
  if (line) lines.push(line);
  return { bytes: b.length, text: lines.join('\n'), qr, images, pulses, cuts };

  /** GS ( L / GS 8 L body: m fn ...; fn 112 stores a raster, fn 50 prints the stored one */
  function graphics(body: Uint8Array): void {
    const fn = body[1];
    if (fn === 112) {
      // m fn a bx by c xL xH yL yH d
      const width = (body[6] ?? 0) | ((body[7] ?? 0) << 8);
      const height = (body[8] ?? 0) | ((body[9] ?? 0) << 8);
      const rowBytes = Math.ceil(width / 8);
      stored = bitmap(body.subarray(10, 10 + rowBytes * height), rowBytes, height, width);
    } else if (fn === 50 && stored) {
      band.push(stored);
      images += 1;
      stored = null;
    }
  }
}

/** A job is something printed: a status query alone (DLE EOT) is not one. */
export const printedSomething = (job: PrintedJob): boolean =>
  job.text.trim() !== '' || job.images > 0 || job.pulses.length > 0 || job.cuts > 0;
