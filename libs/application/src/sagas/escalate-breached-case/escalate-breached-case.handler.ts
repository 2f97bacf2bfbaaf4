import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CaseAlreadyClosed, CaseAlreadyResolved, EscalationAlreadyRecorded, SupportCase } from '@caseledger/domain';
import { EventIdConflict } from '@caseledger/event-store';
import { Inject } from '@nestjs/common';
import { CLOCK, Clock } from '../../clock/clock';
import { nameBasedUuid } from '../../deadlines/sla-alert-id';
import { SUPPORT_CASES, TAM_ASSIGNMENTS } from '../../write-path/aggregate-kinds';
import { AggregateRepository } from '../../write-path/aggregate-repository';
import { EscalateBreachedCase } from './escalate-breached-case.command';

export type BreachEscalationOutcome = 'escalated' | 'alreadyEscalated' | 'notP1OrCritical' | 'noTam' | 'caseEnded';

/**
 * A breach on a P1 or critical case escalates it to whoever holds the account's TAM assignment now.
 * Once per breach whatever the deliveries: the case refuses a second escalation with the same cause,
 * and the escalation's event id is derived from the breach's, so two racing writers store one.
 *
 * An account without a TAM gets no escalation but an EscalationNotPossible on the case, which the
 * case, its history and the SLA board show: escalating to tier 2 instead would put a level into the
 * history the contract never promised for that breach, and a log line alone left no trace. Its
 * event id is derived from the breach like the escalation's, so a breach gets one answer.
 */
/** The reason an escalation to the TAM could not be made, as the case records it. */
export const NO_TAM = 'no TAM assigned to the account';

@CommandHandler(EscalateBreachedCase)
export class EscalateBreachedCaseHandler implements ICommandHandler<EscalateBreachedCase, BreachEscalationOutcome> {
  private readonly logger = new Logger('BreachEscalation');

  constructor(
    private readonly repository: AggregateRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ breach, breachEventId, context }: EscalateBreachedCase): Promise<BreachEscalationOutcome> {
    const now = this.clock.now();
    const { aggregate: supportCase } = await this.repository.get(SUPPORT_CASES, breach.caseId);
    if (
      supportCase.escalations.some((e) => e.causedBy === breachEventId) ||
      supportCase.state.escalationsNotPossible.some((e) => e.causedBy === breachEventId)
    )
      return 'alreadyEscalated';
    if (supportCase.priority !== 'P1' && supportCase.criticality !== 'critical') return 'notP1OrCritical';
    const assignment = await this.repository.load(TAM_ASSIGNMENTS, supportCase.accountId);
    const tam = assignment?.aggregate.tamAt(now) ?? null;
    try {
      await this.repository.update(
        SUPPORT_CASES,
        breach.caseId,
        (c: SupportCase) =>
          tam === null
            ? c.recordEscalationNotPossible({
                to: 'tam',
                reason: NO_TAM,
                clockId: breach.clockId,
                breachedAt: breach.at,
                causedBy: breachEventId,
                at: this.clock.now(),
              })
            : c.escalate({
                to: 'tam',
                tamId: tam.id,
                reason: `SLA breach: ${breach.metric} clock ${breach.clockId} was due ${breach.at}`,
                causedBy: breachEventId,
                // Taken on each optimistic attempt, after the case it extends was read.
                at: this.clock.now(),
              }),
        context,
        { eventIds: () => nameBasedUuid(`breach-escalation/${breachEventId}`) },
      );
      if (tam !== null) return 'escalated';
      this.logger.warn(
        `case ${breach.caseId} breached ${breach.clockId} at ${breach.at}, but account ${supportCase.accountId} has no TAM to escalate to`,
      );
      return 'noTam';
    } catch (error) {
      if (error instanceof EscalationAlreadyRecorded || error instanceof EventIdConflict) return 'alreadyEscalated';
      if (error instanceof CaseAlreadyResolved || error instanceof CaseAlreadyClosed) return 'caseEnded';
      throw error;
    }
  }
}
