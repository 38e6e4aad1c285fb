/**
 * The Result envelope every contract call answers with (Signal-Desktop's `wrapResult` shape).
 * Error classes never cross a transport; their stable `code` does.
 */
export interface ApiError {
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: ApiError): Result<never> => ({ ok: false, error });
