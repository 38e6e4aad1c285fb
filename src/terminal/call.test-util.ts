import type { MethodName, ParamsOf, ResultOf } from '../shared/contract.js';
import { createDispatcher } from '../shared/dispatch.js';
import type { ApiError } from '../shared/result.js';
import type { Terminal } from './terminal.js';

/**
 * Calls a terminal's handlers through the real dispatcher (params validated, errors mapped), as a
 * transport does. `terminal` is read at each call, so a test may reopen it. Tests only.
 */
export function callsOf(terminal: () => Terminal | null | undefined) {
  const dispatch = (name: MethodName, params: unknown) => {
    const t = terminal();
    if (!t) throw new Error(`no terminal is open for ${name}`);
    return createDispatcher(t.handlers, () => {})(name, params);
  };
  return {
    async call<M extends MethodName>(name: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
      const result = await dispatch(name, params);
      if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
      return result.value as ResultOf<M>;
    },
    async fails(name: MethodName, params: unknown): Promise<ApiError> {
      const result = await dispatch(name, params);
      if (result.ok) throw new Error(`${name} unexpectedly succeeded`);
      return result.error;
    },
  };
}
