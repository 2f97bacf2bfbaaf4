/**
 * The delivery log of a subscription and what an integrator may ask of it: a failed delivery sent
 * again, a window of past events sent again after an outage, a ping. Each only queues rows; the
 * sender sends them in the same order and with the same retries as live deliveries.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, GlobalPosition, SqlClient } from '@caseledger/event-store';
import { EVENT_STORE, STATE_DB } from '@caseledger/runtime';
import { DISPATCHED_STORED_TYPES, matchesEventTypes, webhookEventTypeOf } from '../event-types/webhook-event-types';
import { WebhookSubscriptions } from '../subscriptions/webhook-subscriptions.service';
import { isoNow, WEBHOOK_CLOCK, WebhookClock } from '../webhook-clock';
import { webhookId } from '../webhook-ids';
import { CASE_STREAM_PREFIX, CaseSummaries } from './case-summary';
import { cloudEventOf, pingEvent } from './cloud-event';
import { Delivery, DeliveryStatus, QueuedDelivery, WebhookDeliveryStore } from './webhook-delivery.store';

export class WebhookDeliveryNotFound extends Error {
  constructor(readonly id: string) {
    super(`There is no delivery ${id} of this subscription.`);
    this.name = 'WebhookDeliveryNotFound';
  }
}

const REPLAY_PAGE = 1000;

@Injectable()
export class WebhookDeliveries {
  readonly store: WebhookDeliveryStore;

  constructor(
    @Inject(STATE_DB) sql: SqlClient,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(WEBHOOK_CLOCK) private readonly clock: WebhookClock,
    @Inject(WebhookSubscriptions) private readonly subscriptions: WebhookSubscriptions,
  ) {
    this.store = new WebhookDeliveryStore(sql);
  }

  async list(
    subscriptionId: string,
    callerAccount: string | undefined,
    page: { limit: number; beforeSeq?: number; status?: DeliveryStatus },
  ): Promise<{ items: Delivery[]; more: boolean }> {
    await this.subscriptions.get(subscriptionId, callerAccount);
    return this.store.list(subscriptionId, page.limit, page.beforeSeq, page.status);
  }

  async get(subscriptionId: string, deliveryId: string, callerAccount: string | undefined): Promise<Delivery> {
    await this.subscriptions.get(subscriptionId, callerAccount);
    const delivery = await this.store.find(subscriptionId, deliveryId);
    if (!delivery) throw new WebhookDeliveryNotFound(deliveryId);
    return delivery;
  }

  /** Pending again at once with a fresh run of retries; its earlier attempts stay in the log. */
  async retry(subscriptionId: string, deliveryId: string, callerAccount: string | undefined): Promise<Delivery> {
    await this.get(subscriptionId, deliveryId, callerAccount);
    return (await this.store.requeue(subscriptionId, deliveryId, isoNow(this.clock)))!;
  }

  /**
   * Queues again every event the subscription matches whose instant (the CloudEvent's `time`) is
   * in [from, to), in store order, as one replay: receivers that got them the first time drop them
   * by `webhook-id`, which is the event's id.
   */
  async replay(
    subscriptionId: string,
    window: { from: string; to?: string },
    callerAccount: string | undefined,
  ): Promise<{ replayId: string; queued: number }> {
    const subscription = await this.subscriptions.get(subscriptionId, callerAccount);
    const replayId = webhookId(this.clock);
    const origin = `replay:${replayId}`;
    const at = isoNow(this.clock);
    let queued = 0;
    let after: GlobalPosition | 'start' = 'start';
    // The same summary the live delivery carried: the case folded up to each event.
    const summaries = new CaseSummaries(this.events);
    for (;;) {
      const page = await this.events.readAll({ fromPosition: after, maxCount: REPLAY_PAGE });
      const rows: QueuedDelivery[] = [];
      for (const record of page) {
        if (!DISPATCHED_STORED_TYPES.has(record.type)) continue;
        const type = webhookEventTypeOf(record.type)!;
        const event = cloudEventOf(record, type);
        if (event.time < window.from || (window.to !== undefined && event.time >= window.to)) continue;
        if (subscription.accountId !== undefined && subscription.accountId !== event.accountId) continue;
        if (!matchesEventTypes(subscription.eventTypes, event.eventType)) continue;
        const summary = record.streamId.startsWith(CASE_STREAM_PREFIX) ? await summaries.after(record) : undefined;
        rows.push({
          id: webhookId(this.clock),
          subscriptionId,
          origin,
          event: cloudEventOf(record, type, summary),
          at,
        });
      }
      await this.store.queue(rows);
      queued += rows.length;
      if (page.length < REPLAY_PAGE) break;
      after = page[page.length - 1].position;
    }
    return { replayId, queued };
  }

  /** A `webhook.ping` event, signed and retried like any other. */
  async ping(subscriptionId: string, callerAccount: string | undefined): Promise<Delivery> {
    await this.subscriptions.get(subscriptionId, callerAccount);
    const id = webhookId(this.clock);
    const at = isoNow(this.clock);
    await this.store.queue([
      { id, subscriptionId, origin: `test:${id}`, event: pingEvent(id, subscriptionId, at), at },
    ]);
    return (await this.store.find(subscriptionId, id))!;
  }
}
