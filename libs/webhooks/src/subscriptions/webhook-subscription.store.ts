/** Subscriptions in the state database. */
import type { SqlQueryable } from '@caseledger/event-store';
import type { SigningSecret, WebhookSubscription } from './webhook-subscription';

interface Row {
  id: string;
  url: string;
  event_types: string[] | string;
  account_id: string | null;
  owner_account_id: string | null;
  description: string | null;
  enabled: boolean;
  secrets: SigningSecret[] | string;
  revision: number;
  starts_after: string;
  created_at: string;
  updated_at: string;
  failing_since: string | null;
  disabled_at: string | null;
  disabled_reason: string | null;
}

const COLUMNS =
  'id, url, event_types, account_id, owner_account_id, description, enabled, secrets, revision, starts_after, ' +
  'created_at, updated_at, failing_since, disabled_at, disabled_reason';

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

function toSubscription(row: Row): WebhookSubscription {
  return {
    id: row.id,
    url: row.url,
    eventTypes: json(row.event_types),
    ...(row.account_id !== null && { accountId: row.account_id }),
    ...(row.owner_account_id !== null && { ownerAccountId: row.owner_account_id }),
    ...(row.description !== null && { description: row.description }),
    enabled: row.enabled,
    secrets: json(row.secrets),
    revision: Number(row.revision),
    startsAfter: row.starts_after,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.failing_since !== null && { failingSince: row.failing_since }),
    ...(row.disabled_at !== null && { disabledAt: row.disabled_at }),
    ...(row.disabled_reason !== null && { disabledReason: row.disabled_reason }),
  };
}

function values(s: WebhookSubscription): unknown[] {
  return [
    s.id,
    s.url,
    JSON.stringify(s.eventTypes),
    s.accountId ?? null,
    s.ownerAccountId ?? null,
    s.description ?? null,
    s.enabled,
    JSON.stringify(s.secrets),
    s.revision,
    s.startsAfter,
    s.createdAt,
    s.updatedAt,
    s.failingSince ?? null,
    s.disabledAt ?? null,
    s.disabledReason ?? null,
  ];
}

export class WebhookSubscriptionStore {
  constructor(private readonly sql: SqlQueryable) {}

  async insert(subscription: WebhookSubscription): Promise<void> {
    await this.sql.query(
      `insert into webhook_subscriptions (${COLUMNS})
       values ($1, $2, $3::jsonb, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14, $15)`,
      values(subscription),
    );
  }

  /** Writes the subscription if its stored revision is still `expectedRevision`; false otherwise. */
  async replace(subscription: WebhookSubscription, expectedRevision: number, sql = this.sql): Promise<boolean> {
    const rows = await sql.query(
      `update webhook_subscriptions set url = $2, event_types = $3::jsonb, account_id = $4, owner_account_id = $5,
              description = $6, enabled = $7, secrets = $8::jsonb, revision = $9, starts_after = $10,
              created_at = $11, updated_at = $12, failing_since = $13, disabled_at = $14, disabled_reason = $15
        where id = $1 and revision = $16 returning id`,
      [...values(subscription), expectedRevision],
    );
    return rows.length === 1;
  }

  async find(id: string, sql = this.sql): Promise<WebhookSubscription | undefined> {
    const [row] = await sql.query<Row>(`select ${COLUMNS} from webhook_subscriptions where id = $1`, [id]);
    return row && toSubscription(row);
  }

  /** In id (creation) order after `afterId`, confined to an owner account when given; one extra row says whether more follow. */
  async list(
    limit: number,
    afterId: string | undefined,
    ownerAccountId: string | undefined,
  ): Promise<{ items: WebhookSubscription[]; more: boolean }> {
    const rows = await this.sql.query<Row>(
      `select ${COLUMNS} from webhook_subscriptions
        where ($1::uuid is null or id > $1::uuid) and ($2::text is null or owner_account_id = $2::text)
        order by id limit $3`,
      [afterId ?? null, ownerAccountId ?? null, limit + 1],
    );
    return { items: rows.slice(0, limit).map(toSubscription), more: rows.length > limit };
  }

  async all(sql = this.sql): Promise<WebhookSubscription[]> {
    return (await sql.query<Row>(`select ${COLUMNS} from webhook_subscriptions order by id`)).map(toSubscription);
  }

  /** The subscription and its delivery log go together. */
  async delete(id: string, sql: SqlQueryable): Promise<void> {
    await sql.query('delete from webhook_deliveries where subscription_id = $1', [id]);
    await sql.query('delete from webhook_subscriptions where id = $1', [id]);
  }
}
