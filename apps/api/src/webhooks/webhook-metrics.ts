/**
 * Webhooks on /metrics, measured when Prometheus scrapes. From the outbox (every process sees the
 * same): pending deliveries and the age of the oldest, per subscription. From this process's sender,
 * where it runs one (ROLE all or worker): attempts by outcome and deliveries by how they settled.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CLOCK, Clock } from '@caseledger/application';
import type { SqlClient } from '@caseledger/event-store';
import { STATE_DB } from '@caseledger/runtime';
import { ATTEMPT_OUTCOMES, DELIVERY_OUTCOMES, WebhookDeliveryStore, WebhookSender } from '@caseledger/webhooks';
import { Counter, Gauge } from 'prom-client';
import { MetricsRegistry } from '../metrics/metrics.registry';

@Injectable()
export class WebhookMetrics {
  private readonly logger = new Logger('WebhookMetrics');
  private readonly outbox: WebhookDeliveryStore;

  constructor(
    @Inject(MetricsRegistry) registry: MetricsRegistry,
    @Inject(STATE_DB) sql: SqlClient,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly modules: ModuleRef,
  ) {
    this.outbox = new WebhookDeliveryStore(sql);
    const attempts: Counter = new Counter({
      name: 'caseledger_webhook_attempts_total',
      help:
        "This process's webhook attempts by subscription and outcome: success (2xx), rejected (another " +
        'status), unanswered (timeout, refused address, connection error).',
      labelNames: ['subscription', 'outcome'],
      registers: [registry],
      collect: () => this.copySenderCounts(attempts, 'attempts'),
    });
    const deliveries: Counter = new Counter({
      name: 'caseledger_webhook_deliveries_total',
      help:
        "This process's webhook attempts by how their delivery settled: delivered, retrying (another " +
        'attempt scheduled), failed (retries spent).',
      labelNames: ['subscription', 'outcome'],
      registers: [registry],
      collect: () => this.copySenderCounts(deliveries, 'deliveries'),
    });
    // Both gauges share one read of the outbox per scrape.
    let refreshing: Promise<void> | undefined;
    const collect = (): Promise<void> =>
      (refreshing ??= this.refreshQueue(depth, oldest).finally(() => (refreshing = undefined)));
    const depth: Gauge = new Gauge({
      name: 'caseledger_webhook_queue_depth',
      help: 'Webhook deliveries pending (queued or waiting for a retry), by subscription.',
      labelNames: ['subscription'],
      registers: [registry],
      collect,
    });
    const oldest: Gauge = new Gauge({
      name: 'caseledger_webhook_oldest_pending_age_seconds',
      help: 'How long the oldest pending webhook delivery of the subscription has been queued.',
      labelNames: ['subscription'],
      registers: [registry],
      collect,
    });
  }

  private sender(): WebhookSender | undefined {
    try {
      return this.modules.get(WebhookSender, { strict: false });
    } catch {
      // ROLE=api: another process sends.
      return undefined;
    }
  }

  private copySenderCounts(counter: Counter, kind: 'attempts' | 'deliveries'): void {
    const stats = this.sender()?.stats.snapshot();
    counter.reset();
    if (!stats) return;
    const outcomes: readonly string[] = kind === 'attempts' ? ATTEMPT_OUTCOMES : DELIVERY_OUTCOMES;
    for (const [subscription, counts] of stats)
      for (const outcome of outcomes)
        counter.inc({ subscription, outcome }, (counts[kind] as Record<string, number>)[outcome]);
  }

  private async refreshQueue(depth: Gauge, oldest: Gauge): Promise<void> {
    try {
      const pending = await this.outbox.pendingBySubscription();
      // A subscription whose queue emptied shows 0, not its last value.
      depth.reset();
      oldest.reset();
      const now = this.clock.now().toMillis();
      for (const { subscriptionId, pending: count, oldestQueuedAt } of pending) {
        depth.set({ subscription: subscriptionId }, count);
        oldest.set({ subscription: subscriptionId }, Math.max(0, (now - Date.parse(oldestQueuedAt)) / 1000));
      }
    } catch (error) {
      // A scrape while the state database is down still answers.
      this.logger.warn(`webhook metrics not refreshed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
