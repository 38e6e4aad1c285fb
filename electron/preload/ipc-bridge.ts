import { ipcRenderer, type IpcRendererEvent } from 'electron';
import type { TransportCall } from '../../src/shared/api-methods.js';
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
 * What every window's bridge is made of: one call channel for the contract's methods and `on` for its
 * events. ipcRenderer itself and any other channel stay here (Electron security checklist, "Do not expose
 * Electron APIs to untrusted web content"); which methods a window gets is its preload's choice, and what
 * it may do is main's (ipc-guard.ts binds the window's capability).
 */
export const ipcCall: TransportCall = (method, params) =>
  ipcRenderer.invoke(callChannel, method, params) as Promise<Result<unknown>>;

export const onEvent: TillpointApi['on'] = <E extends EventName>(
  event: E,
  listener: (payload: EventPayload<E>) => void,
): (() => void) => {
  if (!isEventName(event) || typeof listener !== 'function') return () => undefined;
  // Only the payload crosses: the IpcRendererEvent holds `sender` (ipcRenderer) and must not leak.
  const forward = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
    if (name === event) listener(payload as EventPayload<E>);
  };
  ipcRenderer.on(eventChannel, forward);
  return () => {
    ipcRenderer.removeListener(eventChannel, forward);
  };
};
