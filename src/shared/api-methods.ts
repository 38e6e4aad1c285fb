import { methodNames, type MethodName, type TillpointApi } from './contract.js';
import type { Result } from './result.js';

/** The method half of TillpointApi: one function per entry of the contract's method table. */
export type ApiMethods = Omit<TillpointApi, 'on'>;

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
