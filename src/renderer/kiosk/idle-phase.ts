/**
 * Where a kiosk basket is in its idle reset: in use; "Are you still there?" counting down; or given up.
 * Pure, on Date.now() milliseconds, so the rule is tested without a browser and Playwright's clock drives
 * the screen.
 */
export type IdlePhase =
  | { readonly kind: 'active' }
  | { readonly kind: 'asking'; readonly secondsLeft: number }
  | { readonly kind: 'expired' };

export function idlePhase(
  lastActivityMs: number,
  nowMs: number,
  idleS: number,
  countdownS: number,
): IdlePhase {
  const idleMs = Math.max(0, nowMs - lastActivityMs);
  if (idleMs < idleS * 1000) return { kind: 'active' };
  const left = Math.ceil((idleS * 1000 + countdownS * 1000 - idleMs) / 1000);
  return left > 0 ? { kind: 'asking', secondsLeft: left } : { kind: 'expired' };
}
