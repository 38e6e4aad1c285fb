import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { readApiMethods, type ReadApiMethods, type TransportCall } from '../../src/shared/api-methods.js';
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
 * The customer display window's bridge: the contract's `read` methods and its events, nothing that changes
 * a sale. The main process binds this window to the 'read' capability as well (ipc-guard.ts), so a page
 * that found its way to ipcRenderer would still be answered `forbidden`. Bundled like preload.ts.
 */

const call: TransportCall = (method, params) =>
  ipcRenderer.invoke(callChannel, method, params) as Promise<Result<unknown>>;

const api = {
  ...readApiMethods(call),
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
} satisfies ReadApiMethods & Pick<TillpointApi, 'on'>;

contextBridge.exposeInMainWorld('tillpoint', api);
