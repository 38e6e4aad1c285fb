export type EnrollForm =
  | { readonly ok: true; readonly hubUrl: string; readonly code: string }
  | { readonly ok: false; readonly problem: 'sync.enroll.badUrl' | 'sync.enroll.badCode' };

/**
 * The "Connect to hub" form, checked as sync.enroll will check it (an http or https URL of at most 300
 * characters, a code of 8 to 64), so a typo is named at the field instead of coming back as invalid_params.
 * The code is sent as typed (the hub ignores case); trailing slashes of the URL are dropped.
 */
export function readEnrollForm(hubUrl: string, code: string): EnrollForm {
  const url = hubUrl.trim().replace(/\/+$/, '');
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol) || !parsed.hostname || url.length > 300) {
    return { ok: false, problem: 'sync.enroll.badUrl' };
  }
  const trimmed = code.trim();
  if (trimmed.length < 8 || trimmed.length > 64) return { ok: false, problem: 'sync.enroll.badCode' };
  return { ok: true, hubUrl: url, code: trimmed };
}
