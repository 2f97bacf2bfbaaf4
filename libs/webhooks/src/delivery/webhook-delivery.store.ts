/**
 * The outbox and delivery log: one row per (subscription, event, origin), where origin is `live`
 * for what the dispatcher wrote, or the replay or ping that asked for it again. Each row keeps its
 * attempts, so the log and the queue are the same table.
 */
import type { SqlQueryable } from '@caseledger/event-store';
import type { EventToDeliver } from './cloud-event';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryAttempt {
  at: string;
  /** The HTTP status answered; absent when no answer came (timeout, refused connection). */
  statusCode?: number;
  /** Why the attempt failed without an HTTP answer. */
  error?: string;
  latencyMs: number;
  /** The first 1 KB of the response body. */
  responseBody?: string;
}

export interface Delivery {
  seq: number;
  id: string;
  subscriptionId: string;
  origin: string;
  eventId: string;
  eventType: string;
  orderingKey: string;
  eventTime: string;
  body: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  /** Failed attempts since it was queued or last retried by hand. */
  failures: number;
  nextAttemptAt: string;
  createdAt: string;
  deliveredAt?: string;
}

interface Row {
  seq: string | number;
  id: string;
  subscription_id: string;
  origin: string;
  event_id: string;
  event_type: string;
  ordering_key: string;
  event_time: string;
  body: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[] | string;
  failures: number;
  next_attempt_at: string;
  created_at: string;
  delivered_at: string | null;
}

const COLUMNS =
  'seq, id, subscription_id, origin, event_id, event_type, ordering_key, event_time, body, status, attempts, ' +
  'failures, next_attempt_at, created_at, delivered_at';

function toDelivery(row: Row): Delivery {
  return {
    seq: Number(row.seq),
    id: row.id,
    subscriptionId: row.subscription_id,
    origin: row.origin,
    eventId: row.event_id,
    eventType: row.event_type,
    orderingKey: row.ordering_key,
    eventTime: row.event_time,
    body: row.body,
    status: row.status,
    attempts: typeof row.attempts === 'string' ? (JSON.parse(row.attempts) as DeliveryAttempt[]) : row.attempts,
    failures: Number(row.failures),
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    ...(row.delivered_at !== null && { deliveredAt: row.delivered_at }),
  };
}

export interface QueuedDelivery {
  id: string;
  subscriptionId: string;
  origin: string;
  event: EventToDeliver;
  at: string;
}

/** One attempt at a delivery and where it leaves the delivery. */
export interface RecordedAttempt {
  id: string;
  attempt: DeliveryAttempt;
  status: DeliveryStatus;
  failures: number;
  nextAttemptAt: string;
  deliveredAt?: string;
}

export class WebhookDeliveryStore {
  constructor(private readonly sql: SqlQueryable) {}

  /** Queues deliveries in the given order (their `seq` follows it); one already queued is left as it is. */
  async queue(deliveries: readonly QueuedDelivery[], sql: SqlQueryable = this.sql): Promise<void> {
    if (deliveries.length === 0) return;
    await sql.query(
      `insert into webhook_deliveries
         (id, subscription_id, origin, event_id, event_type, ordering_key, event_time, body, status, next_attempt_at, created_at)
       select r.id::uuid, r.subscription_id::uuid, r.origin, r.event_id, r.event_type, r.ordering_key, r.event_time, r.body,
              'pending', r.at, r.at
         from jsonb_to_recordset($1::jsonb) as r(id text, subscription_id text, origin text, event_id text,
              event_type text, ordering_key text, event_time text, body text, at text, n integer)
        order by n
       on conflict (subscription_id, event_id, origin) do nothing`,
      [
        JSON.stringify(
          deliveries.map((d, n) => ({
            n,
            id: d.id,
            subscription_id: d.subscriptionId,
            origin: d.origin,
            event_id: d.event.eventId,
            event_type: d.event.eventType,
            ordering_key: d.event.orderingKey,
            event_time: d.event.time,
            body: d.event.body,
            at: d.at,
          })),
        ),
      ],
    );
  }

  /**
   * The deliveries of a subscription that may be attempted at `now`: for each ordering key, its
   * oldest pending delivery, if due. A later delivery of the same key waits behind it.
   */
  async due(subscriptionId: string, now: string, limit: number): Promise<Delivery[]> {
    const rows = await this.sql.query<Row>(
      `select ${COLUMNS} from webhook_deliveries d
        where d.subscription_id = $1 and d.status = 'pending' and d.next_attempt_at <= $2
          and d.seq = (select min(x.seq) from webhook_deliveries x
                        where x.subscription_id = d.subscription_id and x.ordering_key = d.ordering_key
                          and x.status = 'pending')
        order by d.seq limit $3`,
      [subscriptionId, now, limit],
    );
    return rows.map(toDelivery);
  }

  /** Per subscription with something pending: how many, and since when the oldest waits (queued at). */
  async pendingBySubscription(): Promise<{ subscriptionId: string; pending: number; oldestQueuedAt: string }[]> {
    const rows = await this.sql.query<{ subscription_id: string; pending: string | number; oldest: string }>(
      `select subscription_id, count(*) as pending, min(created_at) as oldest
         from webhook_deliveries where status = 'pending' group by subscription_id`,
    );
    return rows.map((r) => ({
      subscriptionId: r.subscription_id,
      pending: Number(r.pending),
      oldestQueuedAt: r.oldest,
    }));
  }

  /** Subscriptions that have something pending. */
  async subscriptionsWithPending(): Promise<string[]> {
    const rows = await this.sql.query<{ subscription_id: string }>(
      `select distinct subscription_id from webhook_deliveries where status = 'pending'`,
    );
    return rows.map((r) => r.subscription_id);
  }

  /**
   * Appends each attempt to its delivery and settles it, all in one statement: one commit for a
   * round of attempts instead of one per delivery, which is what a sender's throughput is bound by.
   */
  async recordAttempts(recorded: readonly RecordedAttempt[]): Promise<void> {
    if (recorded.length === 0) return;
    await this.sql.query(
      `update webhook_deliveries d
          set attempts = d.attempts || jsonb_build_array(r.attempt), status = r.status, failures = r.failures,
              next_attempt_at = r.next_attempt_at, delivered_at = r.delivered_at
         from jsonb_to_recordset($1::jsonb)
              as r(id uuid, attempt jsonb, status text, failures integer, next_attempt_at text, delivered_at text)
        where d.id = r.id`,
      [
        JSON.stringify(
          recorded.map((r) => ({
            id: r.id,
            attempt: r.attempt,
            status: r.status,
            failures: r.failures,
            next_attempt_at: r.nextAttemptAt,
            delivered_at: r.deliveredAt ?? null,
          })),
        ),
      ],
    );
  }

  async find(subscriptionId: string, id: string): Promise<Delivery | undefined> {
    const [row] = await this.sql.query<Row>(
      `select ${COLUMNS} from webhook_deliveries where subscription_id = $1 and id = $2`,
      [subscriptionId, id],
    );
    return row && toDelivery(row);
  }

  /** Newest first, after the cursor's `seq`, optionally of one status. */
  async list(
    subscriptionId: string,
    limit: number,
    beforeSeq: number | undefined,
    status: DeliveryStatus | undefined,
  ): Promise<{ items: Delivery[]; more: boolean }> {
    const rows = await this.sql.query<Row>(
      `select ${COLUMNS} from webhook_deliveries
        where subscription_id = $1 and ($2::bigint is null or seq < $2::bigint) and ($3::text is null or status = $3::text)
        order by seq desc limit $4`,
      [subscriptionId, beforeSeq ?? null, status ?? null, limit + 1],
    );
    return { items: rows.slice(0, limit).map(toDelivery), more: rows.length > limit };
  }

  /** Pending again from `now`, with a fresh run of retries; its earlier attempts stay in the log. */
  async requeue(subscriptionId: string, id: string, now: string): Promise<Delivery | undefined> {
    await this.sql.query(
      `update webhook_deliveries set status = 'pending', failures = 0, next_attempt_at = $3, delivered_at = null
        where subscription_id = $1 and id = $2`,
      [subscriptionId, id, now],
    );
    return this.find(subscriptionId, id);
  }
}
