/**
 * When a failed delivery is tried again: about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after
 * each failure (8 attempts over about 28 hours), each delay spread by ±10 % so receivers coming
 * back from an outage are not hit by every sender in the same second. Then the delivery is failed.
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

export const JITTER = 0.1;

/** An endpoint failing without a single success for this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3_600_000;

/** The delay before the next attempt after `failures` failures in a row, or undefined when it has none left. */
export function retryDelayMs(failures: number, random: () => number = Math.random): number | undefined {
  const base = RETRY_DELAYS_MS[failures - 1];
  if (base === undefined) return undefined;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}
