import { contextBridge } from 'electron';
import { kioskApiMethods, type KioskApi } from '../../src/shared/api-methods.js';
import { ipcCall, onEvent } from './ipc-bridge.js';

/**
 * The self-service kiosk window's bridge: the contract's `read` and `self` methods (start and fill a basket,
 * pay by code, QR or card, call staff, the staff PIN) and its events; no cashier's method (complete for
 * cash, void, refund, the settings, sync). The main process binds this window to the 'kiosk' capability as
 * well (ipc-guard.ts), so a page that found its way to ipcRenderer would still be answered `forbidden`.
 * Bundled like preload.ts.
 */
const api = { ...kioskApiMethods(ipcCall), on: onEvent } satisfies KioskApi;

contextBridge.exposeInMainWorld('tillpoint', api);
