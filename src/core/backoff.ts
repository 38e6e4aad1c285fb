/**
 * When the sync client tries the hub again after a failed round: "full jitter" exponential backoff
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/): a uniformly random delay in
 * [0, min(cap, base * 2^failures)], so a shop full of terminals that lost the network together does not
 * come back in lockstep. A Retry-After from the hub is a floor: the hub said when it can take us again.
 */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly capMs: number;
}

export const syncBackoff: BackoffPolicy = { baseMs: 1_000, capMs: 300_000 };

/** What a sync round achieved, for the backoff decision. */
export interface RoundOutcome {
  /** a request of the round failed (no reply, 5xx, 401, a reply that settled nothing) */
  readonly failed: boolean;
  /** the round moved something: an entry accepted or parked by the hub, or a catalog change pulled */
  readonly progressed: boolean;
}

/**
 * The failure count after a round: progress, not clean rounds, is what counts. On a flaky link nearly every
 * round with several requests has one that fails; counting those rounds as failures grew the backoff to
 * minutes while entries were getting through. So a clean round resets the count, a round that failed but
 * moved something retries soon (one failure: a delay of at most the base), and only a round that moved
 * nothing grows the backoff.
 */
export function failuresAfterRound(previous: number, round: RoundOutcome): number {
  if (!round.failed) return 0;
  return round.progressed ? 1 : Math.max(0, previous) + 1;
}

/** The ceiling of the random delay after `failures` failed rounds in a row (1 for the first failure). */
export function backoffCeilingMs(failures: number, policy: BackoffPolicy = syncBackoff): number {
  if (failures <= 0) return 0;
  // 2^(failures-1) grows past any cap quickly; stop before the number does
  const exponent = Math.min(failures - 1, 30);
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}

/**
 * The delay before the next round. `random` answers [0, 1) (Math.random in the terminal, a seeded one in
 * tests); `retryAfterMs` is the hub's Retry-After, capped by the policy's cap so a hostile or broken header
 * cannot park the till for a day.
 */
export function nextBackoffMs(
  failures: number,
  random: () => number,
  retryAfterMs: number | null = null,
  policy: BackoffPolicy = syncBackoff,
): number {
  const jittered = Math.floor(random() * (backoffCeilingMs(failures, policy) + 1));
  const floor = retryAfterMs === null ? 0 : Math.min(Math.max(0, retryAfterMs), policy.capMs);
  return Math.max(floor, Math.min(jittered, policy.capMs));
}

/**
 * Retry-After as RFC 9110 section 10.2.3 defines it: delay-seconds or an HTTP-date. Answers milliseconds
 * from `now`, or null when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (/^[0-9]{1,9}$/.test(text)) return Number(text) * 1_000;
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/[a-z]/i.test(text)) return null;
  return Math.max(0, at - now.getTime());
}
