import type { MessageKey } from '../i18n/en.js';

export interface CameraProblem {
  readonly key: Extract<MessageKey, `camera.${string}`>;
  readonly message: string;
}

/**
 * What getUserMedia's rejection means for the cashier (Media Capture and Streams §10.2.1 lists the
 * DOMException names): blocked by the user or policy, no camera at all, a camera another program holds.
 */
export function cameraProblem(error: unknown): CameraProblem {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const message = error instanceof Error || error instanceof DOMException ? error.message : String(error);
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return { key: 'camera.denied', message };
    case 'NotFoundError':
    case 'OverconstrainedError':
      return { key: 'camera.notFound', message };
    case 'NotReadableError':
    case 'AbortError':
      return { key: 'camera.busy', message };
    case 'TypeError':
      return { key: 'camera.unsupported', message };
    default:
      return { key: 'camera.failed', message: message || name || 'unknown error' };
  }
}
