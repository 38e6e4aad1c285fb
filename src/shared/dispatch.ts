import { isTillpointError } from '../core/errors.js';
import type { Permission } from '../core/permissions.js';
import {
  isMethodName,
  mayCall,
  methods,
  openWhenSignedOut,
  permissionFor,
  type CallContext,
  type CallSession,
  type Handlers,
  type MethodName,
  type PermissionLimits,
} from './contract.js';
import { issueCountNote, summarizeIssues } from './invalid-params.js';
import { fail, ok, type Result } from './result.js';

export type Logger = (line: string, details?: unknown) => void;
export type { CallContext, CallSession } from './contract.js';
export { newCallSession } from './contract.js';

/** The caller that may do everything: the cashier's window and token, and in-process callers. */
export const fullAccess: CallContext = { capability: 'full' };

export const forbiddenMessage = 'This screen can only show the sale; it cannot change it.';
/** What a self-service kiosk is told when it calls a cashier's method (a refund, a discount, the settings). */
export const kioskForbiddenMessage = 'A self-service kiosk cannot do this; ask a member of staff.';

/** One call as the staff gate sees it, once the dispatcher worked out what it needs. */
export interface StaffCheck {
  readonly method: MethodName;
  readonly session: CallSession;
  /** null: the method needs no permission (it still needs someone signed in, unless openWhenSignedOut) */
  readonly needs: { readonly permission: Permission; readonly subject: string } | null;
  /** the method answers with nobody signed in (sign-in itself, terminal.info, read methods) */
  readonly open: boolean;
  readonly approval: string | undefined;
}

/**
 * The till's staff state, asked by the dispatcher for every call from a cashier's screen: it throws
 * staff.signed_out, staff.approval_needed or staff.approval_invalid, or lets the call through (a till
 * without staff lets everything through). The terminal's staff service implements it.
 */
export interface StaffGate {
  readonly limits: PermissionLimits;
  check(call: StaffCheck): void;
}

/**
 * The one generic loop every transport calls: check the caller may call the method (its access in the
 * table against the call context's capability), validate params with the method's zod schema, check the
 * staff permission the method declares (the only place it is checked), run the handler, answer a Result.
 * Unknown exceptions become `internal` with a log line; nothing is thrown out.
 */
export function createDispatcher(handlers: Handlers, log: Logger = console.error, gate?: StaffGate) {
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
      // Staff gate only the cashier's screens: a kiosk proves staff with its PIN in the call, a display reads.
      if (gate && context.session && context.capability === 'full') {
        const params = parsed.data as { approval?: string };
        gate.check({
          method: name,
          session: context.session,
          needs: permissionFor(name, parsed.data, gate.limits),
          open: openWhenSignedOut(name),
          approval: params.approval,
        });
      }
      const handler = handlers[name] as (p: unknown, c: CallContext) => unknown;
      return ok(await handler(parsed.data, context));
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
