import type { TillpointApi } from '../../shared/contract.js';
import { readFragment, type Route } from './fragment.js';
import { connectWebSocketApi } from './ws-client.js';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in a plain browser. */
    tillpoint?: TillpointApi;
  }
}

const TOKEN_KEY = 'tillpoint.token';

/**
 * The session token arrives once in the URL fragment (`#token=...`, `#/customer&token=...`,
 * `#/kiosk&token=...`; never sent to a server in a request line, RFC 3986 §3.5). Keep it for this tab only
 * (sessionStorage, so a reload still works) and take it out of the visible URL so it does not end up in
 * screenshots or bookmarks; the route stays.
 */
export function takeToken(): string {
  const fragment = readFragment(location.hash);
  if (fragment.token) {
    sessionStorage.setItem(TOKEN_KEY, fragment.token);
    history.replaceState(history.state, '', `${location.pathname}${location.search}${fragment.withoutToken}`);
    return fragment.token;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** Which screen this page is: the cashier's, the customer display (`#/customer`) or the kiosk (`#/kiosk`). */
export const currentRoute = (): Route => readFragment(location.hash).route;

/** false when this page was opened without the link the till printed: no call can be authorised. */
export const hasCredentials = (): boolean =>
  Boolean(window.tillpoint) || Boolean(sessionStorage.getItem(TOKEN_KEY));

let api: TillpointApi | undefined;

/** Electron's preload object when present, else one WebSocket client to the loopback host that served us. */
export function getApi(): TillpointApi {
  if (window.tillpoint) return window.tillpoint;
  if (!api) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    api = connectWebSocketApi({ url: `${scheme}://${location.host}/api`, token: takeToken() });
  }
  return api;
}
