/**
 * Sends what the dispatcher queued. Each pass starts, for every enabled subscription with pending
 * deliveries that is not being sent to already, a loop of its own (so a busy or slow receiver holds
 * back no other subscription), which takes that subscription's lock (one sender per subscription across processes, as the
 * projections and reactors have theirs) and sends, for each case, its oldest pending delivery if it
 * is due: a case's later events wait while an earlier one is retried, other cases go on. A success
 * moves on to the case's next delivery in the same pass; a failure schedules the next attempt from
 * the retry schedule on the injected clock, or fails the delivery when none is left. An endpoint
 * that has not answered 2xx for 5 days is disabled, and the subscription says when and why.
 *
 * Passes run every SEND_TICK_MS of real time and read the injected clock, so production is late by
 * at most one interval and tests move a ManualClock and await `tick()`.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { domainEventTypeOf } from '@caseledger/domain';
import type { SqlClient } from '@caseledger/event-store';
import {
  APP_CONFIG,
  AppConfig,
  ExclusiveLock,
  PERSONAL_DATA_READER,
  type PersonalDataReader,
  ReactorHost,
  STATE_DB,
} from '@caseledger/runtime';
import { CLOUD_EVENT_TYPE_PREFIX } from '../event-types/webhook-event-types';
import { signingSecrets, WebhookSubscription } from '../subscriptions/webhook-subscription';
import { WebhookSubscriptionStore } from '../subscriptions/webhook-subscription.store';
import { isoNow, WEBHOOK_CLOCK, WebhookClock } from '../webhook-clock';
import { ReceiverClient } from './http-post';
import { DISABLE_AFTER_FAILING_MS, retryDelayMs } from './retry-schedule';
import { Delivery, DeliveryAttempt, RecordedAttempt, WebhookDeliveryStore } from './webhook-delivery.store';
import { WebhookDispatcher } from './webhook-dispatcher';
import { AttemptOutcome, WebhookSendStats } from './webhook-send-stats';
import { webhookHeaders } from './webhook-signature';

export const SEND_TICK_MS = 200;
/** Cases of one subscription sent to at once. */
const CONCURRENT_CASES = 16;

export const WEBHOOK_RECEIVER_CLIENT = Symbol('WEBHOOK_RECEIVER_CLIENT');

@Injectable()
export class WebhookSender {
  private readonly logger = new Logger(WebhookSender.name);
  private readonly subscriptions: WebhookSubscriptionStore;
  private readonly deliveries: WebhookDeliveryStore;
  private readonly client: ReceiverClient;
  private readonly locks = new Map<string, ExclusiveLock>();
  /** This process's attempts and settled deliveries, for /metrics. */
  readonly stats = new WebhookSendStats();
  private timer: NodeJS.Timeout | null = null;
  /** A pass listing what to send for, while it runs. */
  private listing: Promise<void> | null = null;
  /** Per subscription this process is sending for now, its loop. */
  private readonly sending = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    @Inject(STATE_DB) sql: SqlClient,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(WEBHOOK_CLOCK) private readonly clock: WebhookClock,
    private readonly host: ReactorHost,
    private readonly dispatcher: WebhookDispatcher,
    @Inject(PERSONAL_DATA_READER) private readonly personalData: PersonalDataReader,
  ) {
    this.subscriptions = new WebhookSubscriptionStore(sql);
    this.deliveries = new WebhookDeliveryStore(sql);
    this.client = new ReceiverClient(config.WEBHOOK_ALLOW_PRIVATE_NETWORKS, config.WEBHOOK_TIMEOUT_MS);
  }

  start(): void {
    if (this.timer !== null) return;
    this.stopped = false;
    this.timer = setInterval(() => void this.pass(), SEND_TICK_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.idle();
    await Promise.all([...this.locks.values()].map((lock) => lock.release()));
    this.locks.clear();
    this.client.close();
  }

  /**
   * Queues every event the store holds now, then sends whatever is due at the clock's now. Tests
   * await it after moving the clock; it waits for the sending already under way, then passes again.
   */
  async tick(): Promise<void> {
    const reactor = this.dispatcher.reactor;
    // In standby another process dispatches; this one only sends what it holds the lock for.
    await reactor.until(() => reactor.isLive || reactor.state === 'standby' || this.stopped);
    await reactor.drain();
    await reactor.until(
      () =>
        this.stopped ||
        !reactor.active ||
        (reactor.position === undefined
          ? true
          : reactor.checkpoint !== undefined &&
            reactor.checkpoint.commit === reactor.position.commit &&
            reactor.checkpoint.prepare === reactor.position.prepare),
    );
    await this.idle();
    await this.pass();
    await this.idle();
  }

  /**
   * Starts sending for each subscription with something pending that this process is not already
   * sending for. Each subscription goes on at its own pace until nothing of it is due: one whose
   * receiver is slow, or whose queue never empties, holds no other back.
   */
  private pass(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.listing ??= this.startSending()
      .catch((error: unknown) => this.logger.warn(`webhook pass failed: ${String(error)}`))
      .finally(() => {
        this.listing = null;
      });
    return this.listing;
  }

  private async startSending(): Promise<void> {
    const ids = await this.deliveries.subscriptionsWithPending();
    for (const id of ids) {
      if (this.sending.has(id) || this.stopped) continue;
      const sending = this.sendFor(id)
        .catch((error: unknown) => this.logger.warn(`webhook sending to ${id} failed: ${String(error)}`))
        .finally(() => this.sending.delete(id));
      this.sending.set(id, sending);
    }
  }

  private async sendFor(id: string): Promise<void> {
    const subscription = await this.subscriptions.find(id);
    if (!subscription?.enabled || this.stopped) return;
    if (!(await this.lockOf(id).tryAcquire())) return;
    await this.sendDue(subscription);
  }

  /** Until no pass is starting anything and no subscription is being sent to. */
  private async idle(): Promise<void> {
    while (this.listing !== null || this.sending.size > 0) await Promise.all([this.listing, ...this.sending.values()]);
  }

  private lockOf(subscriptionId: string): ExclusiveLock {
    let lock = this.locks.get(subscriptionId);
    if (!lock) this.locks.set(subscriptionId, (lock = this.host.lockFor(`webhook-sender:${subscriptionId}`)));
    return lock;
  }

  /**
   * Rounds until nothing more is due: each success may make the next delivery of its case due. A
   * round's attempts are recorded together once they have all ended (one commit per round); a crash
   * before that sends the round again, with the same `webhook-id`s.
   */
  private async sendDue(subscription: WebhookSubscription): Promise<void> {
    let current = subscription;
    for (;;) {
      if (this.stopped || !current.enabled) return;
      const due = await this.deliveries.due(current.id, isoNow(this.clock), CONCURRENT_CASES);
      if (due.length === 0) return;
      const attempts = await Promise.all(due.map((delivery) => this.attempt(current, delivery)));
      await this.deliveries.recordAttempts(attempts.map((a) => a.recorded));
      for (const { recorded, outcome } of attempts) {
        this.stats.recordAttempt(current.id, outcome, recorded.status === 'pending' ? 'retrying' : recorded.status);
        if (recorded.status === 'failed')
          this.logger.warn(
            `webhook delivery ${recorded.id} to ${current.id} failed after ${recorded.failures} attempts`,
          );
      }
      const outcomes = attempts.map((a) => a.outcome === 'success');
      current = await this.afterRound(current, outcomes);
      if (!outcomes.some((ok) => ok)) return;
    }
  }

  /**
   * The outbox keeps each body as the event stores it, contacts' personal data sealed; it is opened
   * only for the request, so an erasure reaches every later attempt and replay ("[erased]").
   */
  private async bodyToSend(delivery: Delivery): Promise<string> {
    const event = JSON.parse(delivery.body) as { type: string; data?: unknown };
    const from = domainEventTypeOf(event.type.slice(CLOUD_EVENT_TYPE_PREFIX.length));
    if (from === undefined || event.data === undefined) return delivery.body;
    const [opened] = await this.personalData.reveal([{ type: from, data: event.data }]);
    return opened.data === event.data ? delivery.body : JSON.stringify({ ...event, data: opened.data });
  }

  /** Sends one delivery; says how it went and where it leaves the delivery, for the round to record. */
  private async attempt(
    subscription: WebhookSubscription,
    delivery: Delivery,
  ): Promise<{ recorded: RecordedAttempt; outcome: AttemptOutcome }> {
    const now = this.clock.now();
    const at = now.toUTC().toISO()!;
    const body = await this.bodyToSend(delivery);
    const headers = webhookHeaders(delivery.eventId, now.toJSDate(), body, signingSecrets(subscription, at));
    const outcome = await this.client.post(subscription.url, headers, body);
    const ok = outcome.statusCode !== undefined && outcome.statusCode >= 200 && outcome.statusCode < 300;
    const attempt: DeliveryAttempt = { at, latencyMs: outcome.latencyMs };
    if (outcome.statusCode !== undefined) attempt.statusCode = outcome.statusCode;
    if (outcome.error !== undefined) attempt.error = outcome.error;
    if (outcome.responseBody !== undefined) attempt.responseBody = outcome.responseBody;
    if (ok)
      return {
        recorded: {
          id: delivery.id,
          attempt,
          status: 'delivered',
          failures: delivery.failures,
          nextAttemptAt: delivery.nextAttemptAt,
          deliveredAt: at,
        },
        outcome: 'success',
      };
    const failures = delivery.failures + 1;
    const delay = retryDelayMs(failures);
    return {
      recorded: {
        id: delivery.id,
        attempt,
        status: delay === undefined ? 'failed' : 'pending',
        failures,
        nextAttemptAt:
          delay === undefined ? delivery.nextAttemptAt : now.plus({ milliseconds: delay }).toUTC().toISO()!,
      },
      outcome: outcome.statusCode === undefined ? 'unanswered' : 'rejected',
    };
  }

  /** Records the endpoint's run of failures, and disables it once the run has lasted 5 days. */
  private async afterRound(subscription: WebhookSubscription, outcomes: boolean[]): Promise<WebhookSubscription> {
    const fresh = await this.subscriptions.find(subscription.id);
    if (!fresh) return { ...subscription, enabled: false };
    const now = this.clock.now();
    const nowIso = now.toUTC().toISO()!;
    let next: WebhookSubscription | undefined;
    if (outcomes.some((ok) => ok)) {
      if (fresh.failingSince !== undefined) {
        next = { ...fresh, revision: fresh.revision + 1 };
        delete next.failingSince;
      }
    } else if (fresh.failingSince === undefined) {
      next = { ...fresh, failingSince: nowIso, revision: fresh.revision + 1 };
    } else if (now.toMillis() - Date.parse(fresh.failingSince) >= DISABLE_AFTER_FAILING_MS && fresh.enabled) {
      next = {
        ...fresh,
        enabled: false,
        disabledAt: nowIso,
        disabledReason: `no 2xx answer since ${fresh.failingSince}: disabled after 5 days of failures`,
        revision: fresh.revision + 1,
        updatedAt: nowIso,
      };
      this.logger.warn(`webhook subscription ${fresh.id} disabled: ${next.disabledReason}`);
    }
    if (next === undefined) return fresh;
    // A concurrent change through the API wins; the next round sees it.
    return (await this.subscriptions.replace(next, fresh.revision)) ? next : fresh;
  }
}
