import type { CommandContext } from '@caseledger/application';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal';
import '../idempotency/idempotency.guard';

/**
 * The command's envelope from the caller: the actor is the key's principal (a customer acts as its
 * authorised contact), the correlation id is the request id, account-bound keys are scoped, and a
 * request sent with an Idempotency-Key carries it, so the write path makes the write idempotent.
 */
export function commandContext(principal: Principal, request: FastifyRequest): CommandContext {
  return {
    actor: { id: principal.contactId ?? principal.keyId, role: principal.role },
    correlationId: String(request.id),
    scope: accountScoped(principal),
    idempotency: request.idempotentRequest,
  };
}

function accountScoped(principal: Principal): CommandContext['scope'] {
  const scope = readScope(principal);
  return scope && { ...scope, contactId: principal.contactId };
}

/** The account a read is confined to: set for customer keys and account-scoped integration keys. */
export function readScope(principal: Principal): { accountId: string } | undefined {
  return principal.accountId === undefined ? undefined : { accountId: principal.accountId };
}
