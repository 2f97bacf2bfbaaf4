/**
 * Creating, reading, changing and removing subscriptions, and rotating their secrets. Callers pass
 * the account their key is confined to (undefined for admin and unbound integration keys): a
 * subscription of another account answers as missing.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  comparePositions,
  EventStore,
  formatPosition,
  GlobalPosition,
  SqlClient,
  START_POSITION,
} from '@caseledger/event-store';
import { APP_CONFIG, AppConfig, EVENT_STORE, readCheckpoint, STATE_DB } from '@caseledger/runtime';
import { eventTypePatternProblem } from '../event-types/webhook-event-types';
import { isoNow, WEBHOOK_CLOCK, WebhookClock } from '../webhook-clock';
import { webhookId } from '../webhook-ids';
import { migrateWebhookTables } from '../webhook-tables';
import { mintWebhookSecret, ROTATED_SECRET_GRACE_MS } from './webhook-secret';
import { visibleTo, WebhookSubscription } from './webhook-subscription';
import { WebhookSubscriptionStore } from './webhook-subscription.store';
import { checkWebhookUrl, WebhookUrlPolicyOptions, WebhookUrlRefused } from './webhook-url-policy';

export const DISPATCHER_CHECKPOINT = 'reactor:webhooks';

export class WebhookSubscriptionNotFound extends Error {
  constructor(readonly id: string) {
    super(`There is no webhook subscription ${id}.`);
    this.name = 'WebhookSubscriptionNotFound';
  }
}

export class WebhookRevisionMismatch extends Error {
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`The subscription is at revision ${actual}, not ${expected}; read it again and retry.`);
    this.name = 'WebhookRevisionMismatch';
  }
}

/** A field refused for a reason only the service can judge (DNS, the caller's account). */
export class WebhookFieldRefused extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'WebhookFieldRefused';
  }
}

export interface NewSubscription {
  url: string;
  eventTypes: string[];
  accountId?: string;
  description?: string;
  enabled?: boolean;
}

export type SubscriptionChanges = Partial<NewSubscription>;

@Injectable()
export class WebhookSubscriptions {
  readonly store: WebhookSubscriptionStore;
  private readonly policy: WebhookUrlPolicyOptions;

  constructor(
    @Inject(STATE_DB) private readonly sql: SqlClient,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(WEBHOOK_CLOCK) private readonly clock: WebhookClock,
  ) {
    this.store = new WebhookSubscriptionStore(sql);
    this.policy = { allowHttp: config.WEBHOOK_ALLOW_HTTP, allowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS };
  }

  async onModuleInit(): Promise<void> {
    await migrateWebhookTables(this.sql);
  }

  /** The new subscription with its secret, which is shown this once. */
  async create(input: NewSubscription, callerAccount: string | undefined): Promise<WebhookSubscription> {
    const accountId = this.accountFilter(input.accountId, callerAccount);
    await this.checkEventTypes(input.eventTypes);
    await this.checkUrl(input.url);
    const now = isoNow(this.clock);
    const subscription: WebhookSubscription = {
      id: webhookId(this.clock),
      url: input.url,
      eventTypes: [...new Set(input.eventTypes)],
      ...(accountId !== undefined && { accountId }),
      ...(callerAccount !== undefined && { ownerAccountId: callerAccount }),
      ...(input.description !== undefined && { description: input.description }),
      enabled: input.enabled ?? true,
      secrets: [{ secret: mintWebhookSecret() }],
      revision: 0,
      startsAfter: formatPosition(await this.head()),
      createdAt: now,
      updatedAt: now,
    };
    await this.store.insert(subscription);
    return subscription;
  }

  async get(id: string, callerAccount: string | undefined): Promise<WebhookSubscription> {
    const subscription = await this.store.find(id);
    if (!subscription || !visibleTo(subscription, callerAccount)) throw new WebhookSubscriptionNotFound(id);
    return subscription;
  }

  list(limit: number, afterId: string | undefined, callerAccount: string | undefined) {
    return this.store.list(limit, afterId, callerAccount);
  }

  async update(
    id: string,
    changes: SubscriptionChanges,
    expectedRevision: number | undefined,
    callerAccount: string | undefined,
  ): Promise<WebhookSubscription> {
    const current = await this.get(id, callerAccount);
    if (changes.eventTypes !== undefined) await this.checkEventTypes(changes.eventTypes);
    if (changes.url !== undefined) await this.checkUrl(changes.url);
    const accountId =
      changes.accountId !== undefined ? this.accountFilter(changes.accountId, callerAccount) : current.accountId;
    const reenabled = changes.enabled === true && !current.enabled;
    const next: WebhookSubscription = {
      ...current,
      ...(changes.url !== undefined && { url: changes.url }),
      ...(changes.eventTypes !== undefined && { eventTypes: [...new Set(changes.eventTypes)] }),
      ...(accountId !== undefined && { accountId }),
      ...(changes.description !== undefined && { description: changes.description }),
      ...(changes.enabled !== undefined && { enabled: changes.enabled }),
      revision: current.revision + 1,
      updatedAt: isoNow(this.clock),
    };
    // Enabling again starts a fresh run: the failures that disabled it no longer count.
    if (reenabled) {
      delete next.failingSince;
      delete next.disabledAt;
      delete next.disabledReason;
    }
    return this.write(next, current, expectedRevision);
  }

  /** A new current secret; the old ones keep signing for 24 h beside it. */
  async rotateSecret(id: string, callerAccount: string | undefined): Promise<WebhookSubscription> {
    const current = await this.get(id, callerAccount);
    const now = this.clock.now();
    const until = now.plus({ milliseconds: ROTATED_SECRET_GRACE_MS }).toUTC().toISO()!;
    const nowIso = now.toUTC().toISO()!;
    const kept = current.secrets
      .filter((s) => s.expiresAt === undefined || s.expiresAt > nowIso)
      .map((s) => ({
        secret: s.secret,
        expiresAt: s.expiresAt === undefined || s.expiresAt > until ? until : s.expiresAt,
      }));
    const next: WebhookSubscription = {
      ...current,
      secrets: [{ secret: mintWebhookSecret() }, ...kept],
      revision: current.revision + 1,
      updatedAt: nowIso,
    };
    return this.write(next, current, undefined);
  }

  async delete(id: string, expectedRevision: number | undefined, callerAccount: string | undefined): Promise<void> {
    const current = await this.get(id, callerAccount);
    if (expectedRevision !== undefined && expectedRevision !== current.revision)
      throw new WebhookRevisionMismatch(expectedRevision, current.revision);
    await this.sql.transaction((tx) => this.store.delete(id, tx));
  }

  private async write(
    next: WebhookSubscription,
    current: WebhookSubscription,
    expectedRevision: number | undefined,
  ): Promise<WebhookSubscription> {
    if (expectedRevision !== undefined && expectedRevision !== current.revision)
      throw new WebhookRevisionMismatch(expectedRevision, current.revision);
    if (!(await this.store.replace(next, current.revision))) {
      const now = await this.store.find(current.id);
      if (!now) throw new WebhookSubscriptionNotFound(current.id);
      throw new WebhookRevisionMismatch(expectedRevision ?? current.revision, now.revision);
    }
    return next;
  }

  /** A key confined to an account may filter on that account only, and always does. */
  private accountFilter(requested: string | undefined, callerAccount: string | undefined): string | undefined {
    if (callerAccount === undefined) return requested;
    if (requested !== undefined && requested !== callerAccount)
      throw new WebhookFieldRefused('accountId', "accountId must be your key's own account");
    return callerAccount;
  }

  private async checkEventTypes(patterns: string[]): Promise<void> {
    const problem = patterns.map(eventTypePatternProblem).find((p) => p !== undefined);
    if (problem !== undefined) throw new WebhookFieldRefused('eventTypes', problem);
  }

  private async checkUrl(url: string): Promise<void> {
    try {
      await checkWebhookUrl(url, this.policy);
    } catch (error) {
      if (error instanceof WebhookUrlRefused) throw new WebhookFieldRefused('url', error.reason);
      throw error;
    }
  }

  /** The last position of `$all` now: a new subscription hears of what comes after it. */
  private async head(): Promise<GlobalPosition> {
    let position: GlobalPosition = START_POSITION;
    try {
      position = (await readCheckpoint(this.sql, DISPATCHER_CHECKPOINT))?.position ?? START_POSITION;
    } catch {
      // No reactor has run on this database yet: read from the start.
    }
    for (;;) {
      const page = await this.events.readAll({ fromPosition: position, maxCount: 1000 });
      const last = page.at(-1)?.position;
      if (last === undefined || comparePositions(last, position) <= 0) return position;
      position = last;
      if (page.length < 1000) return position;
    }
  }
}
