import { ipcMain } from 'electron';
import type { EventName, Handlers } from '../../src/shared/contract.js';
import type { Logger } from '../../src/shared/dispatch.js';
import {
  ipcCallChannel as callChannel,
  ipcEventChannel as eventChannel,
} from '../../src/shared/ipc-channels.js';
import { appOrigin } from './app-protocol.js';
import { createIpcCallHandler } from './ipc-guard.js';
import type { WindowRegistry } from './windows.js';

export interface IpcTerminal {
  readonly handlers: Handlers;
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
}

/**
 * The IPC transport: one ipcMain.handle for the whole method table (ipc-guard.ts checks the sender and gives
 * the call its window's capability, the dispatcher checks the method's access, the name and the params), and
 * every terminal event forwarded to all our windows. Returns the function that undoes both.
 */
export function startIpcTransport(terminal: IpcTerminal, registry: WindowRegistry, log: Logger): () => void {
  const windows = () => registry.all();
  const call = createIpcCallHandler({
    handlers: terminal.handlers,
    windows: () => registry.withCapability('full'),
    readOnlyWindows: () => registry.withCapability('read'),
    kioskWindows: () => registry.withCapability('kiosk'),
    origin: appOrigin,
    log,
  });
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
