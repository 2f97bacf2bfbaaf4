/**
 * Ids for a command that may run twice under one Idempotency-Key. Derived from the request's seed,
 * the second execution names the same new aggregate and the same events as the first, so the
 * store refuses or recognises them instead of taking a second copy.
 */
import { nameBasedUuid } from '../deadlines/sla-alert-id';
import type { IdGenerator } from '../ids/uuid-v7';
import type { CommandContext, IdempotentRequest } from './command-context';

/** The id of an aggregate the command creates; `role` tells apart two it might create at once. */
export function newAggregateId(ids: IdGenerator, context: CommandContext, role: string): string {
  return context.idempotency ? nameBasedUuid(`idempotent/${context.idempotency.seed}/aggregate/${role}`) : ids.next();
}

export function idempotentEventId(request: IdempotentRequest, streamId: string, index: number): string {
  return nameBasedUuid(`idempotent/${request.seed}/event/${streamId}/${index}`);
}
