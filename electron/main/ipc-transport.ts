import { ipcMain, type BrowserWindow } from 'electron';
import type { EventName, Handlers } from '../../src/shared/contract.js';
import type { Logger } from '../../src/shared/dispatch.js';
import {
  ipcCallChannel as callChannel,
  ipcEventChannel as eventChannel,
} from '../../src/shared/ipc-channels.js';
import { appOrigin } from './app-protocol.js';
import { createIpcCallHandler } from './ipc-guard.js';

export interface IpcTerminal {
  readonly handlers: Handlers;
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
}

/**
 * The IPC transport: one ipcMain.handle for the whole method table (ipc-guard.ts checks the sender, the
 * dispatcher the name and the params), and every terminal event forwarded to our windows. Returns the
 * function that undoes both.
 */
export function startIpcTransport(
  terminal: IpcTerminal,
  windows: () => readonly BrowserWindow[],
  log: Logger,
): () => void {
  const call = createIpcCallHandler({ handlers: terminal.handlers, windows, origin: appOrigin, log });
  ipcMain.handle(callChannel, (event, method: unknown, params: unknown) => call(event, method, params));
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
