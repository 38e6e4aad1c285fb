import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { EventName, Handlers } from '../../src/shared/contract.js';
import { createDispatcher, type Logger } from '../../src/shared/dispatch.js';
import {
  ipcCallChannel as callChannel,
  ipcEventChannel as eventChannel,
} from '../../src/shared/ipc-channels.js';
import { fail } from '../../src/shared/result.js';
import { appOrigin } from './app-protocol.js';

export interface IpcTerminal {
  readonly handlers: Handlers;
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
}

/**
 * Only the main frame of one of our windows, showing our own app:// origin, may call the terminal
 * (Electron security checklist, "Validate the sender of all IPC messages"). An iframe, a navigated page or
 * any other webContents gets `unauthorized`.
 */
function isTrustedSender(event: IpcMainInvokeEvent, windows: () => readonly BrowserWindow[]): boolean {
  const frame = event.senderFrame;
  if (frame === null || !frame.url.startsWith(`${appOrigin}/`)) return false;
  return windows().some(
    (win) => !win.isDestroyed() && win.webContents === event.sender && win.webContents.mainFrame === frame,
  );
}

/**
 * The IPC transport: one ipcMain.handle for the whole method table (the dispatcher validates the name and
 * the params), and every terminal event forwarded to our windows. Returns the function that undoes both.
 */
export function startIpcTransport(
  terminal: IpcTerminal,
  windows: () => readonly BrowserWindow[],
  log: Logger,
): () => void {
  const dispatch = createDispatcher(terminal.handlers, log);
  ipcMain.handle(callChannel, (event, method: unknown, params: unknown) => {
    if (!isTrustedSender(event, windows)) {
      log(`ipc: refused ${String(method)} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
      return fail({ code: 'unauthorized', message: 'This window may not use the till.' });
    }
    return dispatch(method, params);
  });
  const unsubscribe = terminal.onEvent((name, payload) => {
    for (const win of windows()) {
      if (!win.isDestroyed()) win.webContents.send(eventChannel, name, payload);
    }
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(callChannel);
  };
}
