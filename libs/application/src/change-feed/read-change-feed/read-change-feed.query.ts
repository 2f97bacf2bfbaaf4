import type { GlobalPosition } from '@caseledger/event-store';
import type { CommandContext } from '../../write-path/command-context';

export interface ChangeFeedRequest {
  /** Exclusive: events strictly after this position of `$all`; from the beginning when absent. */
  after?: GlobalPosition;
  /** Public type selectors (`case.opened`, `case.*`, `*`); every type when absent or empty. */
  types?: readonly string[];
  limit: number;
}

/**
 * The events of `$all` after a position, under their public names, for integrators that pull.
 * An account-scoped reader sees only events whose metadata names its account as tenant.
 */
export class ReadChangeFeed {
  constructor(
    readonly context: Pick<CommandContext, 'scope'>,
    readonly request: ChangeFeedRequest,
  ) {}
}
