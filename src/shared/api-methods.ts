import {
  mayCall,
  methodNames,
  readMethodNames,
  type MethodName,
  type MethodTable,
  type ReadMethodName,
  type TillpointApi,
} from './contract.js';
import type { Result } from './result.js';

/** The method half of TillpointApi: one function per entry of the contract's method table. */
export type ApiMethods = Omit<TillpointApi, 'on'>;

/** The methods a read-only screen (the customer display) is given: the table's `read` entries only. */
export type ReadApiMethods = Pick<ApiMethods, ReadMethodName>;

/** How a transport carries one call: it answers whatever the other side sent back, not yet typed. */
export type TransportCall = (method: MethodName, params: unknown) => Promise<Result<unknown>>;

/**
 * Builds one function per method of the table over a transport's `call` (the preload's IPC, the browser's
 * WebSocket), so a transport has no per-method code. The table is iterated at run time, which the compiler
 * cannot follow into the mapped type; this is the one place that says the loop covers every method with
 * the right types, and the API objects built from it are then checked with `satisfies TillpointApi`. What
 * the value types rest on: the terminal's dispatcher validates params and answers with the contract's
 * result types (src/shared/dispatch.ts).
 */
export function apiMethods(call: TransportCall): ApiMethods {
  const entries = methodNames.map((name) => [name, (params: unknown) => call(name, params ?? {})] as const);
  return Object.fromEntries(entries) as unknown as ApiMethods;
}

/**
 * The `read` methods only, for the customer display's preload: a write method is not even a function
 * there (the main process would refuse it anyway, by the sender's window).
 */
export function readApiMethods(call: TransportCall): ReadApiMethods {
  const entries = readMethodNames.map(
    (name) => [name, (params: unknown) => call(name, params ?? {})] as const,
  );
  return Object.fromEntries(entries) as unknown as ReadApiMethods;
}

/** The names of the methods declared `read` or `self`: what a 'kiosk' caller may call. */
export type KioskMethodName = {
  [M in MethodName]: MethodTable[M]['access'] extends 'read' | 'self' ? M : never;
}[MethodName];
export const kioskMethodNames = methodNames.filter((name): name is KioskMethodName => mayCall('kiosk', name));

/** The methods the self-service kiosk's window is given. */
export type KioskApiMethods = Pick<ApiMethods, KioskMethodName>;
/** The kiosk window's `window.tillpoint`: its methods and the contract's events. */
export type KioskApi = KioskApiMethods & Pick<TillpointApi, 'on'>;

/**
 * The `read` and `self` methods only, for the kiosk's preload: a cashier's method (a refund, the settings,
 * completing a sale for cash) is not even a function there; the main process refuses it by the window too.
 */
export function kioskApiMethods(call: TransportCall): KioskApiMethods {
  const entries = kioskMethodNames.map(
    (name) => [name, (params: unknown) => call(name, params ?? {})] as const,
  );
  return Object.fromEntries(entries) as unknown as KioskApiMethods;
}
