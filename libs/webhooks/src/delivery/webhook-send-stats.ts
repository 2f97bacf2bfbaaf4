/**
 * What this process's sender has done since it started, per subscription: each attempt by how it
 * ended, and each delivery by how it settled. Plain counters, read by whoever exposes metrics (the
 * API's /metrics), so this library does not depend on a metrics client.
 */
export type AttemptOutcome = 'success' | 'rejected' | 'unanswered';
export type DeliveryOutcome = 'delivered' | 'retrying' | 'failed';

export const ATTEMPT_OUTCOMES: readonly AttemptOutcome[] = ['success', 'rejected', 'unanswered'];
export const DELIVERY_OUTCOMES: readonly DeliveryOutcome[] = ['delivered', 'retrying', 'failed'];

export interface SubscriptionSendCounts {
  attempts: Record<AttemptOutcome, number>;
  deliveries: Record<DeliveryOutcome, number>;
}

export class WebhookSendStats {
  private readonly counts = new Map<string, SubscriptionSendCounts>();

  /**
   * An attempt `rejected` got an answer other than 2xx; `unanswered` got none (timeout, refused
   * address, connection error). Its delivery is then `delivered`, `retrying` later, or `failed`.
   */
  recordAttempt(subscriptionId: string, attempt: AttemptOutcome, delivery: DeliveryOutcome): void {
    const counts = this.of(subscriptionId);
    counts.attempts[attempt] += 1;
    counts.deliveries[delivery] += 1;
  }

  snapshot(): ReadonlyMap<string, SubscriptionSendCounts> {
    return this.counts;
  }

  private of(subscriptionId: string): SubscriptionSendCounts {
    let counts = this.counts.get(subscriptionId);
    if (!counts)
      this.counts.set(
        subscriptionId,
        (counts = {
          attempts: { success: 0, rejected: 0, unanswered: 0 },
          deliveries: { delivered: 0, retrying: 0, failed: 0 },
        }),
      );
    return counts;
  }
}
