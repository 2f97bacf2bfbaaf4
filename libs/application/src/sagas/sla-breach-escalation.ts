/**
 * A breach of a P1 or critical case escalates it to the account's TAM (the handler decides which
 * cases), as a reaction on the reactor (libs/runtime): the escalation is awaited, a failure is
 * retried with backoff before the checkpoint passes the breach, and the checkpoint is stored, so a
 * restart neither loses a breach nor replays `$all` from the start.
 *
 * Not an `@Saga` on the EventBus: @nestjs/cqrs runs a saga's command without awaiting it for the
 * feed and only logs its failure, so a transient outage lost the escalation (docs/adr/0003).
 * Exactly once comes from the case refusing a second escalation with the same cause and from the
 * escalation's event id derived from the breach's.
 */
import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { deserializeDomainEvent, DomainError, SlaBreached } from '@caseledger/domain';
import type { RecordedEvent } from '@caseledger/event-store';
import { Reaction, Reactor, ReactorHost } from '@caseledger/runtime';
import { EscalateBreachedCase } from './escalate-breached-case/escalate-breached-case.command';
import type { BreachEscalationOutcome } from './escalate-breached-case/escalate-breached-case.handler';

export const SAGA_ACTOR = { id: 'sla-breach-saga', role: 'system' };

@Injectable()
export class SlaBreachEscalation implements Reaction {
  readonly name = 'sla-breach-escalation';
  readonly version = 1;
  readonly eventTypes: ReadonlySet<string> = new Set([SlaBreached.type]);
  readonly reactor: Reactor;

  constructor(
    private readonly commandBus: CommandBus,
    host: ReactorHost,
  ) {
    this.reactor = host.register(this);
  }

  async react(record: RecordedEvent): Promise<void> {
    const breach = deserializeDomainEvent(record.type, record.data) as SlaBreached;
    await this.commandBus.execute<EscalateBreachedCase, BreachEscalationOutcome>(
      new EscalateBreachedCase(breach.data, record.eventId, {
        actor: SAGA_ACTOR,
        correlationId: record.metadata.correlationId ?? record.eventId,
        causationId: record.eventId,
      }),
    );
  }

  /** The case refused (closed, not found, …): no retry changes that. Outages and conflicts are retried. */
  isPermanent(error: unknown): boolean {
    return error instanceof DomainError;
  }
}
