import type { CommandContext } from '@caseledger/application';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal';

/**
 * The command's envelope from the caller: the actor is the key's principal (a customer acts as its
 * authorised contact), the correlation id is the request id, and account-bound keys are scoped.
 */
export function commandContext(principal: Principal, request: FastifyRequest): CommandContext {
  return {
    actor: { id: principal.contactId ?? principal.keyId, role: principal.role },
    correlationId: String(request.id),
    scope: principal.accountId === undefined ? undefined : { accountId: principal.accountId, contactId: principal.contactId },
  };
}
