import type { DecodedCode, DecoderName } from './frame-decoder.js';

/** Messages between the renderer and decode-worker.ts (structured clone; the frame's buffer is transferred). */
export type ToDecodeWorker =
  | { readonly kind: 'use'; readonly decoder: DecoderName }
  | { readonly kind: 'frame'; readonly id: number; readonly image: ImageData };

export type FromDecodeWorker =
  | {
      readonly kind: 'decoded';
      readonly id: number;
      readonly decoder: DecoderName;
      readonly code: DecodedCode | null;
      /** time spent decoding this frame inside the worker */
      readonly ms: number;
    }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string };
