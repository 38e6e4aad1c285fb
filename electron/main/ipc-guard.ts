import type { Capability, Handlers } from '../../src/shared/contract.js';
import { createDispatcher, type Logger } from '../../src/shared/dispatch.js';
import { fail, type Result } from '../../src/shared/result.js';

/** What the check reads of an IpcMainInvokeEvent: plain objects of this shape stand in for it in tests. */
export interface IpcCallEvent {
  /** null when the frame was destroyed or navigated away before the call arrived */
  readonly senderFrame: { readonly url: string } | null;
  readonly sender: unknown;
}

/** What the check reads of one of our BrowserWindows. */
export interface IpcWindow {
  isDestroyed(): boolean;
  readonly webContents: { readonly mainFrame: unknown };
}

/**
 * Only the main frame of one of our windows, showing our own origin (app://tillpoint, app-protocol.ts), may
 * call the terminal (Electron security checklist, "Validate the sender of all IPC messages"). An iframe, a
 * navigated page or any other webContents is refused. The origin is a parameter so this file does not load
 * Electron (app-protocol.ts imports it) and runs under Vitest as it is.
 */
export function isTrustedSender(event: IpcCallEvent, windows: readonly IpcWindow[], origin: string): boolean {
  const frame = event.senderFrame;
  if (frame === null || !frame.url.startsWith(`${origin}/`)) return false;
  return windows.some(
    (win) => !win.isDestroyed() && win.webContents === event.sender && win.webContents.mainFrame === frame,
  );
}

/**
 * What the sender may do: 'full' from the cashier's window, 'kiosk' from the self-service kiosk's, 'read'
 * from a read-only window (the customer display), null from anything else. The capability belongs to the
 * window, never to what the page says.
 */
export function senderCapability(
  event: IpcCallEvent,
  windows: readonly IpcWindow[],
  readOnlyWindows: readonly IpcWindow[],
  origin: string,
  kioskWindows: readonly IpcWindow[] = [],
): Capability | null {
  if (isTrustedSender(event, windows, origin)) return 'full';
  if (isTrustedSender(event, kioskWindows, origin)) return 'kiosk';
  if (isTrustedSender(event, readOnlyWindows, origin)) return 'read';
  return null;
}

/**
 * The one handler behind ipcMain.handle: refuses an untrusted sender with `unauthorized`, else hands the call
 * with the sender window's capability to the generic dispatcher, which answers `forbidden` for a write
 * method from a read-only or kiosk window and `invalid_params` (with the zod issues) for bad params.
 */
export function createIpcCallHandler(opts: {
  readonly handlers: Handlers;
  /** windows with full access (the cashier's) */
  readonly windows: () => readonly IpcWindow[];
  /** windows that may only read (the customer display) */
  readonly readOnlyWindows?: () => readonly IpcWindow[];
  /** the self-service kiosk's window: the `read` and `self` methods */
  readonly kioskWindows?: () => readonly IpcWindow[];
  readonly origin: string;
  readonly log: Logger;
}): (event: IpcCallEvent, method: unknown, params: unknown) => Promise<Result<unknown>> {
  const { windows, origin, log } = opts;
  const readOnlyWindows = opts.readOnlyWindows ?? (() => []);
  const kioskWindows = opts.kioskWindows ?? (() => []);
  const dispatch = createDispatcher(opts.handlers, log);
  return async (event, method, params) => {
    const capability = senderCapability(event, windows(), readOnlyWindows(), origin, kioskWindows());
    if (capability === null) {
      log(`ipc: refused ${String(method)} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
      return fail({ code: 'unauthorized', message: 'This window may not use the till.' });
    }
    return dispatch(method, params, { capability });
  };
}
