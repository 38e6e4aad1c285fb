import jsQRModule from 'jsqr';
import type { DecodedCode, FrameDecoder, FrameImage } from './frame-decoder.js';

/**
 * jsqr is CommonJS whose module.exports is the function with a `.default` pointing at itself: `.default`
 * is the one spelling that works under Node's ESM interop, Vite's and the NodeNext types alike.
 */
const jsQR = jsQRModule.default;

/**
 * jsQR: pure JavaScript, QR only. 'dontInvert' because payment codes are dark on light; trying the inverted
 * image as well doubles the time per frame for codes no wallet shows.
 */
export function createJsqrDecoder(): FrameDecoder {
  return {
    name: 'jsqr',
    decode(image: FrameImage): Promise<DecodedCode | null> {
      const found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
      return Promise.resolve(found && found.data !== '' ? { text: found.data, format: 'QRCode' } : null);
    },
  };
}
