/**
 * The only two Electron IPC channels. The preload and main both import these, so neither can drift; no
 * other channel exists (the preload never exposes ipcRenderer or a channel parameter).
 */
/** renderer -> main, ipcRenderer.invoke(callChannel, methodName, params) answering a Result */
export const ipcCallChannel = 'tillpoint:call';
/** main -> renderer, webContents.send(eventChannel, eventName, payload) */
export const ipcEventChannel = 'tillpoint:event';
