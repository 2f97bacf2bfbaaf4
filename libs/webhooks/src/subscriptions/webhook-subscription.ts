/** A subscription as stored: where to send which events, with what secrets, and how it fares. */
export interface SigningSecret {
  secret: string;
  /** A rotated-out secret signs beside the new one until then; absent on the current one. */
  expiresAt?: string;
}

export interface WebhookSubscription {
  id: string;
  url: string;
  eventTypes: string[];
  /** Only events of this account are sent. */
  accountId?: string;
  /** The account of the integration key that created it: only keys of that account (or unbound ones) see it. */
  ownerAccountId?: string;
  description?: string;
  enabled: boolean;
  /** Newest first. */
  secrets: SigningSecret[];
  revision: number;
  /** Events at or before this position of `$all` (the head at creation) are not sent. */
  startsAfter: string;
  createdAt: string;
  updatedAt: string;
  /** First failed attempt of the current run of failures; cleared by a success. */
  failingSince?: string;
  disabledAt?: string;
  disabledReason?: string;
}

/** The secrets that still sign at `now`, newest first. */
export function signingSecrets(subscription: Pick<WebhookSubscription, 'secrets'>, now: string): string[] {
  return subscription.secrets.filter((s) => s.expiresAt === undefined || s.expiresAt > now).map((s) => s.secret);
}

/** Whether a caller confined to `accountId` (undefined: unconfined) may see the subscription. */
export function visibleTo(subscription: WebhookSubscription, accountId: string | undefined): boolean {
  return accountId === undefined || subscription.ownerAccountId === accountId;
}
