/**
 * Per-key limits for authenticated callers and a stricter per-IP limit for everyone else, so a
 * client guessing keys or hammering public routes cannot use the budget meant for integrators.
 * Limits are per process: behind N replicas a key gets N times the budget. Buckets refill on the
 * application clock, so tests move time instead of sleeping.
 */
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock } from '@caseledger/application';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG, AppConfig } from '@caseledger/runtime';
import { ProblemException, problemType } from '../problem-details/problem-details';
import { RateLimitDecision, TokenBuckets } from './token-buckets';

@Injectable()
export class RateLimiter {
  private readonly perKey: TokenBuckets;
  private readonly perAddress: TokenBuckets;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.perKey = new TokenBuckets({ perSecond: config.RATE_LIMIT_PER_SECOND, burst: config.RATE_LIMIT_BURST });
    this.perAddress = new TokenBuckets({
      perSecond: config.RATE_LIMIT_ANONYMOUS_PER_SECOND,
      burst: config.RATE_LIMIT_ANONYMOUS_BURST,
    });
  }

  /** Spends one token of the key's bucket; throws 429 problem+json when it is empty. */
  chargeKey(keyId: string, reply: FastifyReply): void {
    this.enforce(this.perKey.take(keyId, this.clock.nowMillis()), reply, 'this API key');
  }

  /** Spends one token of the client address's bucket; throws 429 problem+json when it is empty. */
  chargeAddress(address: string, reply: FastifyReply): void {
    this.enforce(
      this.perAddress.take(address, this.clock.nowMillis()),
      reply,
      'unauthenticated requests from this address',
    );
  }

  private enforce(decision: RateLimitDecision, reply: FastifyReply, whose: string): void {
    void reply.header('ratelimit-limit', String(decision.limit));
    void reply.header('ratelimit-remaining', String(decision.remaining));
    if (decision.allowed) return;
    throw new ProblemException(
      {
        type: problemType('rate-limited'),
        title: 'Too many requests',
        status: HttpStatus.TOO_MANY_REQUESTS,
        detail: `The rate limit for ${whose} (burst ${decision.limit}) is spent; retry after ${decision.retryAfterSeconds} s.`,
      },
      {
        'retry-after': String(decision.retryAfterSeconds),
        'ratelimit-limit': String(decision.limit),
        'ratelimit-remaining': '0',
      },
    );
  }
}
