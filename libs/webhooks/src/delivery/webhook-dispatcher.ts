/**
 * Turns events of `$all` into outbox rows, one per (subscription, event), on the checkpointed
 * reactor (docs/adr/0003): `react` only builds the CloudEvent, `persist` matches it against the
 * subscriptions and writes the rows inside the transaction that moves the reactor's checkpoint. A
 * crash before that commit replays the events and writes the same rows (they are unique per
 * subscription, event and origin); after it, nothing is lost. Sending is the WebhookSender's.
 */
import { Inject, Injectable } from '@nestjs/common';
import { comparePositions, parsePosition, RecordedEvent, SqlQueryable } from '@caseledger/event-store';
import type { EventStore } from '@caseledger/event-store';
import { EVENT_STORE, Reaction, Reactor, ReactorHost } from '@caseledger/runtime';
import { DISPATCHED_STORED_TYPES, matchesEventTypes, webhookEventTypeOf } from '../event-types/webhook-event-types';
import { WebhookSubscriptionStore } from '../subscriptions/webhook-subscription.store';
import { isoNow, WEBHOOK_CLOCK, WebhookClock } from '../webhook-clock';
import { webhookId } from '../webhook-ids';
import { migrateWebhookTables } from '../webhook-tables';
import { CASE_STREAM_PREFIX, CaseStreamUnreadable, CaseSummaries } from './case-summary';
import { cloudEventOf, EventToDeliver } from './cloud-event';
import { QueuedDelivery, WebhookDeliveryStore } from './webhook-delivery.store';

export const LIVE_ORIGIN = 'live';

interface Pending {
  record: RecordedEvent;
  event: EventToDeliver;
}

@Injectable()
export class WebhookDispatcher implements Reaction {
  readonly name = 'webhooks';
  readonly version = 1;
  readonly eventTypes = DISPATCHED_STORED_TYPES;
  readonly reactor: Reactor;
  private pending: Pending[] = [];
  private readonly summaries: CaseSummaries;

  constructor(
    @Inject(WEBHOOK_CLOCK) private readonly clock: WebhookClock,
    @Inject(EVENT_STORE) store: EventStore,
    host: ReactorHost,
  ) {
    this.summaries = new CaseSummaries(store);
    this.reactor = host.register(this);
  }

  async migrate(sql: SqlQueryable): Promise<void> {
    await migrateWebhookTables(sql);
  }

  async restore(): Promise<void> {
    this.pending = [];
    this.summaries.clear();
  }

  async react(record: RecordedEvent): Promise<void> {
    const type = webhookEventTypeOf(record.type);
    if (!type) return;
    const summary = record.streamId.startsWith(CASE_STREAM_PREFIX) ? await this.summaries.after(record) : undefined;
    this.pending.push({ record, event: cloudEventOf(record, type, summary) });
  }

  /** An event whose body cannot be built now will not be built on a retry either, unless the store failed. */
  isPermanent(error: unknown): boolean {
    return !(error instanceof CaseStreamUnreadable);
  }

  async persist(tx: SqlQueryable): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    if (pending.length === 0) return;
    const subscriptions = (await new WebhookSubscriptionStore(tx).all(tx)).filter((s) => s.enabled);
    if (subscriptions.length === 0) return;
    const at = isoNow(this.clock);
    const rows: QueuedDelivery[] = [];
    for (const { record, event } of pending)
      for (const subscription of subscriptions) {
        if (comparePositions(record.position, parsePosition(subscription.startsAfter)) <= 0) continue;
        if (subscription.accountId !== undefined && subscription.accountId !== event.accountId) continue;
        if (!matchesEventTypes(subscription.eventTypes, event.eventType)) continue;
        rows.push({ id: webhookId(this.clock), subscriptionId: subscription.id, origin: LIVE_ORIGIN, event, at });
      }
    await new WebhookDeliveryStore(tx).queue(rows, tx);
  }
}
