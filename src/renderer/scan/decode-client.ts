import type { FromDecodeWorker, ToDecodeWorker } from './decode-protocol.js';
import type { DecodedCode, DecoderName, FrameDecoder } from './frame-decoder.js';

export interface FrameResult {
  readonly code: DecodedCode | null;
  readonly decoder: DecoderName;
  readonly ms: number;
}

export interface DecodeClient {
  use(decoder: DecoderName): void;
  /** Decodes one frame in the worker. The frame's pixels are transferred, so the caller must not reuse it. */
  decode(image: ImageData): Promise<FrameResult>;
  close(): void;
}

/**
 * The decode worker (a module worker, bundled by Vite from decode-worker.ts with the .wasm beside it). If the
 * worker itself cannot run (its script blocked or missing), frames are decoded with jsQR on this thread:
 * slower, but the cashier keeps a working camera.
 */
export function createDecodeClient(): DecodeClient {
  const worker = new Worker(new URL('./decode-worker.ts', import.meta.url), { type: 'module' });
  const pending = new Map<number, { resolve: (r: FrameResult) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let broken = false;
  // Loaded only if needed: a chunk of its own, so jsQR does not weigh on every start of the cashier screen.
  let fallback: Promise<FrameDecoder> | null = null;
  const send = (message: ToDecodeWorker, transfer: Transferable[] = []) =>
    worker.postMessage(message, transfer);

  const failAll = (error: Error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  worker.addEventListener('message', (event: MessageEvent<FromDecodeWorker>) => {
    const message = event.data;
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.kind === 'decoded') {
      waiter.resolve({ code: message.code, decoder: message.decoder, ms: message.ms });
    } else {
      waiter.reject(new Error(message.message));
    }
  });
  // A worker that cannot run (its script blocked or missing) answers nothing: reject what waits.
  worker.addEventListener('error', (event) => {
    broken = true;
    failAll(new Error(event.message || 'decode worker failed'));
  });

  return {
    use: (decoder) => send({ kind: 'use', decoder }),
    async decode(image) {
      if (broken) {
        const started = performance.now();
        fallback ??= import('./jsqr-decoder.js').then((module) => module.createJsqrDecoder());
        const code = await (await fallback).decode(image);
        return { code, decoder: 'jsqr', ms: performance.now() - started };
      }
      const id = nextId++;
      return new Promise<FrameResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        send({ kind: 'frame', id, image }, [image.data.buffer]);
      });
    },
    close() {
      failAll(new Error('decode worker closed'));
      worker.terminate();
    },
  };
}
