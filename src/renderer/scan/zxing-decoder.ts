import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import type { DecodedCode, FrameDecoder, FrameImage } from './frame-decoder.js';
import { halfScale, wantsHalfScale } from './half-scale.js';

/**
 * Where the reader's .wasm comes from. Never the library's default (a CDN URL): the renderer passes the
 * URL of the copy Vite emits next to the bundle, Node (the bench) passes the bytes.
 */
export type ZxingWasmSource = { readonly wasmUrl: string } | { readonly wasmBinary: ArrayBuffer };

/**
 * What a till scans: a wallet's payment code (QR), and the product barcodes on the same counter (EAN-13/8,
 * UPC-A/E, Code 128). Fewer formats means fewer detectors run per frame.
 */
export const scanFormats: NonNullable<ReaderOptions['formats']> = [
  'QRCode',
  'Code128',
  'EAN13',
  'EAN8',
  'UPCA',
  'UPCE',
];

const readerOptions: ReaderOptions = {
  formats: scanFormats,
  // One code per frame is all a payment needs; stop looking once found.
  maxNumberOfSymbols: 1,
  // A live camera gives ~15 frames a second: a fast pass on every frame reads a held-up code sooner than a
  // thorough pass on fewer (the bench: tryHarder costs ~40 % more on 720p frames with no code, reads no more).
  tryHarder: false,
  // A phone screen is dark-on-light; the inverted pass costs time for codes no wallet shows.
  tryInvert: false,
};

export function createZxingDecoder(source: ZxingWasmSource): FrameDecoder {
  prepareZXingModule({
    overrides:
      'wasmBinary' in source
        ? { wasmBinary: source.wasmBinary }
        : { locateFile: (file: string) => (file.endsWith('.wasm') ? source.wasmUrl : file) },
    fireImmediately: false,
  });
  return {
    name: 'zxing',
    async decode(image: FrameImage): Promise<DecodedCode | null> {
      const frame = wantsHalfScale(image) ? halfScale(image) : image;
      const [first] = await readBarcodes(frame as ImageData, readerOptions);
      return first && first.isValid && first.text !== '' ? { text: first.text, format: first.format } : null;
    },
  };
}
