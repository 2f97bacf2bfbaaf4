/**
 * Token buckets kept in process memory: each key refills at `perSecond` up to `burst`. A bucket
 * that has refilled to full carries no information, so those are the ones dropped when the map
 * grows (a scan of made-up keys or many client IPs must not grow memory without bound).
 */
export interface RateLimitPolicy {
  perSecond: number;
  burst: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Whole seconds (≥ 1) until one token is back; only meaningful when refused. */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

const PRUNE_ABOVE = 50_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly policy: RateLimitPolicy) {}

  take(key: string, nowMs: number): RateLimitDecision {
    const { perSecond, burst } = this.policy;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= PRUNE_ABOVE) this.prune(nowMs);
      bucket = { tokens: burst, updatedMs: nowMs };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, nowMs - bucket.updatedMs) / 1000) * perSecond);
      bucket.updatedMs = nowMs;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, limit: burst, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
    }
    return {
      allowed: false,
      limit: burst,
      remaining: 0,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)),
    };
  }

  get size(): number {
    return this.buckets.size;
  }

  private prune(nowMs: number): void {
    const { perSecond, burst } = this.policy;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((nowMs - bucket.updatedMs) / 1000) * perSecond >= burst) this.buckets.delete(key);
    }
  }
}
