import { contextBridge } from 'electron';
import { readApiMethods, type ReadApiMethods } from '../../src/shared/api-methods.js';
import type { TillpointApi } from '../../src/shared/contract.js';
import { ipcCall, onEvent } from './ipc-bridge.js';

/**
 * The customer display window's bridge: the contract's `read` methods and its events, nothing that changes
 * a sale. The main process binds this window to the 'read' capability as well (ipc-guard.ts), so a page
 * that found its way to ipcRenderer would still be answered `forbidden`. Bundled like preload.ts.
 */
const api = { ...readApiMethods(ipcCall), on: onEvent } satisfies ReadApiMethods & Pick<TillpointApi, 'on'>;

contextBridge.exposeInMainWorld('tillpoint', api);
