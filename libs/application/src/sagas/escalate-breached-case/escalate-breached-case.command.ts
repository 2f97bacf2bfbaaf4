import type { SlaAlertData } from '@caseledger/domain';
import type { CommandContext } from '../../write-path/command-context';

/** The saga's reaction to a breach: escalate the case to the account's TAM if its class calls for it. */
export class EscalateBreachedCase {
  constructor(
    readonly breach: SlaAlertData,
    /** The stored SlaBreached's id: the escalation's `causedBy`. */
    readonly breachEventId: string,
    readonly context: CommandContext,
  ) {}
}
