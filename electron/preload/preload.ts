import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { apiMethods, type TransportCall } from '../../src/shared/api-methods.js';
import {
  isEventName,
  type EventName,
  type EventPayload,
  type TillpointApi,
} from '../../src/shared/contract.js';
import {
  ipcCallChannel as callChannel,
  ipcEventChannel as eventChannel,
} from '../../src/shared/ipc-channels.js';
import type { Result } from '../../src/shared/result.js';

/**
 * The whole bridge between the sandboxed renderer and the terminal: one named function per contract method
 * and `on` for contract events, built by looping over the method table. ipcRenderer itself and any other
 * channel stay here (Electron security checklist, "Do not expose Electron APIs to untrusted web content").
 * Bundled to one CommonJS file, because a sandboxed preload can only require('electron').
 */

const call: TransportCall = (method, params) =>
  ipcRenderer.invoke(callChannel, method, params) as Promise<Result<unknown>>;

const api = {
  ...apiMethods(call),
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    if (!isEventName(event) || typeof listener !== 'function') return () => undefined;
    // Only the payload crosses: the IpcRendererEvent holds `sender` (ipcRenderer) and must not leak.
    const forward = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload as EventPayload<E>);
    };
    ipcRenderer.on(eventChannel, forward);
    return () => {
      ipcRenderer.removeListener(eventChannel, forward);
    };
  },
} satisfies TillpointApi;

contextBridge.exposeInMainWorld('tillpoint', api);
