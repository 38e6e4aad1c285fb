import { contextBridge } from 'electron';
import { apiMethods } from '../../src/shared/api-methods.js';
import type { TillpointApi } from '../../src/shared/contract.js';
import { ipcCall, onEvent } from './ipc-bridge.js';

/**
 * The cashier window's bridge between the sandboxed renderer and the terminal: one named function per
 * contract method and `on` for contract events, built by looping over the method table.
 * Bundled to one CommonJS file, because a sandboxed preload can only require('electron').
 */
const api = { ...apiMethods(ipcCall), on: onEvent } satisfies TillpointApi;

contextBridge.exposeInMainWorld('tillpoint', api);
