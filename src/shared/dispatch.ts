import { isTillpointError } from '../core/errors.js';
import { isMethodName, mayCall, methods, type Capability, type Handlers } from './contract.js';
import { issueCountNote, summarizeIssues } from './invalid-params.js';
import { fail, ok, type Result } from './result.js';

export type Logger = (line: string, details?: unknown) => void;

/** Who is calling, as the transport knows it (the window that sent the IPC call, the WebSocket's token). */
export interface CallContext {
  readonly capability: Capability;
}

/** The caller that may do everything: the cashier's window and token, and in-process callers. */
export const fullAccess: CallContext = { capability: 'full' };

export const forbiddenMessage = 'This screen can only show the sale; it cannot change it.';
/** What a self-service kiosk is told when it calls a cashier's method (a refund, a discount, the settings). */
export const kioskForbiddenMessage = 'A self-service kiosk cannot do this; ask a member of staff.';

/**
 * The one generic loop every transport calls: check the caller may call the method (its access in the
 * table against the call context's capability), validate params with the method's zod schema, run the
 * handler, answer a Result. Unknown exceptions become `internal` with a log line; nothing is thrown out.
 */
export function createDispatcher(handlers: Handlers, log: Logger = console.error) {
  return async function dispatch(
    name: unknown,
    rawParams: unknown,
    context: CallContext = fullAccess,
  ): Promise<Result<unknown>> {
    if (!isMethodName(name)) {
      // the name is the caller's text: quoted short, never whole
      const shown = String(name).slice(0, 100);
      return fail({ code: 'unknown_method', message: `There is no method called ${shown}.` });
    }
    // before the params are read or the handler runs: a read-only caller learns nothing from a write method
    if (!mayCall(context.capability, name)) {
      const message = context.capability === 'kiosk' ? kioskForbiddenMessage : forbiddenMessage;
      return fail({ code: 'forbidden', message, details: { method: name } });
    }
    const parsed = methods[name].params.safeParse(rawParams ?? {});
    if (!parsed.success) {
      return fail({
        code: 'invalid_params',
        message: `The request to ${name} was not valid${issueCountNote(parsed.error.issues)}.`,
        details: summarizeIssues(parsed.error.issues),
      });
    }
    try {
      const handler = handlers[name] as (p: unknown) => unknown;
      return ok(await handler(parsed.data));
    } catch (error) {
      if (isTillpointError(error)) {
        return fail({ code: error.code, message: error.message, details: error.details });
      }
      log(`internal error in ${name}`, error);
      return fail({
        code: 'internal',
        message: 'Something went wrong. The sale in progress is kept; try again.',
      });
    }
  };
}

export type Dispatch = ReturnType<typeof createDispatcher>;
