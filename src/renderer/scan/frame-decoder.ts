/**
 * One camera frame in, at most one code out. Two implementations run on the same frames (zxing-wasm and
 * jsQR) so the bench can compare them; the scanner uses `defaultDecoderName`.
 */

/** What a decoder reads: an ImageData, or the same shape built by hand (Node has no ImageData). */
export type FrameImage = Pick<ImageData, 'data' | 'width' | 'height'>;

export interface DecodedCode {
  readonly text: string;
  /** The symbology as the library names it: 'QRCode', 'Code128', 'EAN13' ... */
  readonly format: string;
}

export interface FrameDecoder {
  readonly name: DecoderName;
  decode(image: FrameImage): Promise<DecodedCode | null>;
}

export const decoderNames = ['zxing', 'jsqr'] as const;
export type DecoderName = (typeof decoderNames)[number];

/**
 * zxing-wasm: e2e/bench/qr-decode.ts measures it faster than jsQR on 720p frames and the only one of the two
 * that still reads noisy frames in time (and it also reads the 1D codes on products); see the bench table.
 */
export const defaultDecoderName: DecoderName = 'zxing';

export const isDecoderName = (value: unknown): value is DecoderName =>
  typeof value === 'string' && (decoderNames as readonly string[]).includes(value);
