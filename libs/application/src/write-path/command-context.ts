import type { Actor } from '@caseledger/event-store';

/**
 * Who issues a command and in which conversation. `scope` confines the command to one account:
 * set for customer keys (and account-scoped integration keys), it turns another account's
 * aggregate into "not found", so ids of other tenants do not leak.
 */
export interface CommandContext {
  actor: Actor;
  correlationId: string;
  causationId?: string;
  scope?: { accountId: string; contactId?: string };
  /** Set when the caller sent an Idempotency-Key: the command's write is then idempotent under it. */
  idempotency?: IdempotentRequest;
}

/**
 * A request that may be executed again (a retry after a crash, a lease taken over). New aggregate
 * ids and event ids are derived from `seed`, so a second execution finds what the first stored
 * and answers it instead of writing again; the write path then sets `replayed`.
 */
export interface IdempotentRequest {
  /** Identifies the request: a digest of the caller's key, its Idempotency-Key and the request itself. */
  readonly seed: string;
  replayed?: boolean;
}
