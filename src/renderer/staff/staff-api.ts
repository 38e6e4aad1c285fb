import type { Permission } from '../../core/permissions.js';
import { isMethodName, type TillpointApi } from '../../shared/contract.js';
import type { Result } from '../../shared/result.js';

export interface ApprovalRequest {
  readonly permission: Permission;
  readonly subject: string;
}

export interface StaffApiHooks {
  /** opens the approval pad; answers the approval token, or null when staff cancelled */
  approve(request: ApprovalRequest): Promise<string | null>;
  /** a call found this screen signed out (locked, idle): show the lock screen */
  signedOut(): void;
}

/**
 * The API every screen uses, with the staff rules applied in one place: a call answered
 * staff.approval_needed opens the approval pad and, once a manager approved, is made again with the
 * approval token in its params; staff.signed_out brings up the lock screen. Screens stay unaware.
 */
export function withStaff(api: TillpointApi, hooks: StaffApiHooks): TillpointApi {
  const wrapped = new Map<string, unknown>();
  return new Proxy(api, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || !isMethodName(prop) || typeof value !== 'function') return value;
      if (prop === 'staff.approve' || prop === 'staff.signIn') return value;
      const known = wrapped.get(prop);
      if (known) return known;
      const call = value as (params: unknown) => Promise<Result<unknown>>;
      const fn = async (params: unknown): Promise<Result<unknown>> => {
        const first = await call(params);
        if (first.ok) return first;
        if (first.error.code === 'staff.signed_out') hooks.signedOut();
        if (first.error.code !== 'staff.approval_needed') return first;
        const details = first.error.details as Partial<ApprovalRequest> | undefined;
        if (!details?.permission) return first;
        const token = await hooks.approve({ permission: details.permission, subject: details.subject ?? '' });
        if (token === null) return first;
        const retried = await call({ ...(params as object), approval: token });
        if (!retried.ok && retried.error.code === 'staff.signed_out') hooks.signedOut();
        return retried;
      };
      wrapped.set(prop, fn);
      return fn;
    },
  });
}
