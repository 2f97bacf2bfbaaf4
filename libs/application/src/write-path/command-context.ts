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
}
