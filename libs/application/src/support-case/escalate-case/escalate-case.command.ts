import type { EscalationLevel } from '@caseledger/domain';
import { AggregateCommand } from '../../write-path/aggregate-command';

/**
 * Escalation to a level; "the TAM" means whoever holds the account's TAM assignment at the instant
 * of escalation, so the caller never names one. `causedBy` links an automatic escalation (a saga)
 * to the event that triggered it.
 */
export class EscalateCase extends AggregateCommand<{ to: EscalationLevel; reason: string; causedBy?: string }> {}
