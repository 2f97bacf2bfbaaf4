import { JITTER, RETRY_DELAYS_MS, retryDelayMs } from './retry-schedule';

describe('retry schedule', () => {
  it('waits about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up', () => {
    expect(RETRY_DELAYS_MS.map((ms) => ms / 1000)).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(retryDelayMs(8)).toBeUndefined();
  });

  it('spreads each delay by the jitter, never outside it', () => {
    for (let failures = 1; failures <= RETRY_DELAYS_MS.length; failures++) {
      const base = RETRY_DELAYS_MS[failures - 1];
      expect(retryDelayMs(failures, () => 0)).toBe(Math.round(base * (1 - JITTER)));
      expect(retryDelayMs(failures, () => 0.999999)).toBeLessThanOrEqual(Math.round(base * (1 + JITTER)));
    }
  });
});
