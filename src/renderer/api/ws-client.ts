import { apiMethods } from '../../shared/api-methods.js';
import {
  isEventName,
  type EventName,
  type EventPayload,
  type MethodName,
  type TillpointApi,
} from '../../shared/contract.js';
import type { ApiError, Result } from '../../shared/result.js';
import { maxFrameBytes, serverFrame } from '../../shared/ws-protocol.js';

/**
 * The browser transport's client: the same TillpointApi object the Electron preload exposes, carried over the
 * host's loopback WebSocket. Built by looping over the method table; there is no per-method code here.
 * Browser-only (no node:*): a kiosk browser and our Playwright Chromium load it from the host.
 */

export interface WebSocketApiOptions {
  /** ws://127.0.0.1:PORT/api */
  url: string;
  /** The per-run token the page read from its URL fragment (#token=...). */
  token: string;
  /** How long a call may wait for a connection before it answers transport.disconnected. */
  connectTimeoutMs?: number;
  /** For tests outside a browser; defaults to the browser's WebSocket. */
  createSocket?: (url: string) => WebSocket;
}

export type WebSocketApi = TillpointApi & {
  /** Closes the socket for good: no reconnect; waiting calls answer transport.disconnected. */
  close(): void;
};

interface Waiting {
  readonly frame: string;
  readonly resolve: (result: Result<unknown>) => void;
  /** true once written to a socket: a drop then means we cannot know whether the host ran it */
  sent: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const backoffBaseMs = 250;
const backoffMaxMs = 5_000;

const failure = (code: string, message: string): Result<never> => ({
  ok: false,
  error: { code, message } satisfies ApiError,
});

const disconnected = (sent: boolean) =>
  failure(
    'transport.disconnected',
    sent
      ? 'The connection to the till was lost during this request. Check the ticket before trying again.'
      : 'The till is not reachable. Check that Tillpoint is running, then try again.',
  );

export function connectWebSocketApi(opts: WebSocketApiOptions): WebSocketApi {
  const connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
  const createSocket = opts.createSocket ?? ((url: string) => new WebSocket(url));
  const socketUrl = `${opts.url}${opts.url.includes('?') ? '&' : '?'}token=${encodeURIComponent(opts.token)}`;
  const waiting = new Map<number, Waiting>();
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  let nextId = 1;
  let socket: WebSocket | undefined;
  let open = false;
  let closedForGood = false;
  let attempt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  const settle = (id: number, result: Result<unknown>) => {
    const entry = waiting.get(id);
    if (entry === undefined) return;
    waiting.delete(id);
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.resolve(result);
  };

  const write = (id: number, entry: Waiting) => {
    if (!open || socket === undefined || entry.sent) return;
    socket.send(entry.frame);
    entry.sent = true;
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.timer = undefined;
  };

  const onFrame = (data: unknown) => {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const frame = serverFrame.safeParse(json);
    if (!frame.success) return;
    if ('event' in frame.data) {
      const { event, payload } = frame.data;
      if (!isEventName(event)) return;
      for (const listener of listeners.get(event) ?? []) {
        try {
          (listener as (p: unknown) => void)(payload);
        } catch (error) {
          console.error(`tillpoint: listener for ${event} failed`, error);
        }
      }
      return;
    }
    if (frame.data.id !== null) settle(frame.data.id, frame.data.result as Result<unknown>);
    else console.error('tillpoint: the till refused a request frame', frame.data.result);
  };

  const scheduleReconnect = () => {
    if (closedForGood || reconnectTimer !== undefined) return;
    // Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter").
    const ceiling = Math.min(backoffMaxMs, backoffBaseMs * 2 ** attempt);
    attempt += 1;
    reconnectTimer = setTimeout(
      () => {
        reconnectTimer = undefined;
        connect();
      },
      Math.round(ceiling / 2 + (Math.random() * ceiling) / 2),
    );
  };

  const connect = () => {
    if (closedForGood) return;
    let ws: WebSocket;
    try {
      ws = createSocket(socketUrl);
    } catch (error) {
      console.error('tillpoint: could not open the WebSocket', error);
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      open = true;
      attempt = 0;
      for (const [id, entry] of waiting) write(id, entry);
    };
    ws.onmessage = (event: MessageEvent) => onFrame(event.data);
    ws.onclose = () => {
      if (socket !== ws) return;
      open = false;
      socket = undefined;
      // A request already written may or may not have run on the till; its caller must look, not retry blindly.
      for (const [id, entry] of [...waiting]) if (entry.sent) settle(id, disconnected(true));
      scheduleReconnect();
    };
    // An error is always followed by close; the reconnect happens there.
    ws.onerror = () => undefined;
  };

  const call = (method: MethodName, params: unknown): Promise<Result<unknown>> => {
    if (closedForGood) return Promise.resolve(disconnected(false));
    const id = nextId++;
    const frame = JSON.stringify({ id, method, params });
    // The host closes the whole socket on an oversized frame (1009); refuse it here so only this call fails.
    if (new TextEncoder().encode(frame).length > maxFrameBytes) {
      return Promise.resolve(failure('invalid_params', `The request to ${method} is too large to send.`));
    }
    return new Promise((resolve) => {
      const entry: Waiting = { frame, resolve, sent: false, timer: undefined };
      entry.timer = setTimeout(() => settle(id, disconnected(false)), connectTimeoutMs);
      waiting.set(id, entry);
      write(id, entry);
    });
  };

  const api = {
    ...apiMethods(call),
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = listeners.get(event);
      if (set === undefined) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => {
        set.delete(listener as (payload: never) => void);
      };
    },
    close() {
      closedForGood = true;
      if (reconnectTimer !== undefined) clearTimeout(reconnectTimer);
      socket?.close();
      socket = undefined;
      open = false;
      for (const [id, entry] of [...waiting]) settle(id, disconnected(entry.sent));
    },
  } satisfies WebSocketApi;

  connect();
  return api;
}
