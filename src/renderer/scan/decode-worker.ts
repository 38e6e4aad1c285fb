import zxingWasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import type { FromDecodeWorker, ToDecodeWorker } from './decode-protocol.js';
import { defaultDecoderName, type DecoderName, type FrameDecoder } from './frame-decoder.js';
import { createJsqrDecoder } from './jsqr-decoder.js';
import { createZxingDecoder } from './zxing-decoder.js';

/**
 * Decodes camera frames off the main thread, so a slow frame never stalls the cashier screen. Each frame is
 * answered (decoded, or failed with a message); the renderer sends the next one only after the answer,
 * so frames never queue up here.
 */
// The project compiles with the DOM lib; the webworker lib would clash with it, so name the two calls used.
const scope = self as unknown as {
  postMessage(message: FromDecodeWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToDecodeWorker>) => void): void;
};

const decoders = new Map<DecoderName, FrameDecoder>();
let current: DecoderName = defaultDecoderName;

function decoder(name: DecoderName): FrameDecoder {
  let found = decoders.get(name);
  if (!found) {
    // The .wasm Vite copied next to this bundle (same origin), never the library's CDN default.
    found = name === 'zxing' ? createZxingDecoder({ wasmUrl: zxingWasmUrl }) : createJsqrDecoder();
    decoders.set(name, found);
  }
  return found;
}

const post = (message: FromDecodeWorker) => scope.postMessage(message);

scope.addEventListener('message', (event) => {
  const message = event.data;
  if (message.kind === 'use') {
    current = message.decoder;
    return;
  }
  const name = current;
  const started = performance.now();
  decoder(name)
    .decode(message.image)
    .then(
      (code) =>
        post({ kind: 'decoded', id: message.id, decoder: name, code, ms: performance.now() - started }),
      (error: unknown) =>
        post({
          kind: 'failed',
          id: message.id,
          message: error instanceof Error ? error.message : String(error),
        }),
    );
});
