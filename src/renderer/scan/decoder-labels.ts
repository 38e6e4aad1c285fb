import type { DecoderName } from './frame-decoder.js';

/** The decoders by their library names, as on any device (not translated). */
export const decoderLabels: Readonly<Record<DecoderName, string>> = { zxing: 'zxing-wasm', jsqr: 'jsQR' };
