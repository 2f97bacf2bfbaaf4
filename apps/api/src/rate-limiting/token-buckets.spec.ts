import { TokenBuckets } from './token-buckets';

describe('token buckets', () => {
  it('admit a burst, then refuse until a token has refilled', () => {
    const buckets = new TokenBuckets({ perSecond: 2, burst: 3 });
    const decisions = [0, 0, 0, 0].map(() => buckets.take('k', 1000));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
    expect(decisions[3]).toMatchObject({ limit: 3, retryAfterSeconds: 1 });
    expect(buckets.take('k', 1499).allowed).toBe(false);
    expect(buckets.take('k', 1500).allowed).toBe(true);
  });

  it('never tell a client to retry sooner than one whole second, and round up slow refills', () => {
    const slow = new TokenBuckets({ perSecond: 0.25, burst: 1 });
    slow.take('k', 0);
    expect(slow.take('k', 0).retryAfterSeconds).toBe(4);
    const fast = new TokenBuckets({ perSecond: 1000, burst: 1 });
    fast.take('k', 0);
    expect(fast.take('k', 0).retryAfterSeconds).toBe(1);
  });

  it('keep one bucket per key', () => {
    const buckets = new TokenBuckets({ perSecond: 1, burst: 1 });
    expect(buckets.take('a', 0).allowed).toBe(true);
    expect(buckets.take('a', 0).allowed).toBe(false);
    expect(buckets.take('b', 0).allowed).toBe(true);
  });

  it('refill no higher than the burst however long a key was idle', () => {
    const buckets = new TokenBuckets({ perSecond: 10, burst: 2 });
    buckets.take('k', 0);
    expect(buckets.take('k', 3_600_000).remaining).toBe(1);
  });
});
