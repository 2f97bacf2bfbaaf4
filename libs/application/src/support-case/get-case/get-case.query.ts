import type { DateTime } from 'luxon';
import { AggregateQuery } from '../../read-path/aggregate-query';
import type { CommandContext } from '../../write-path/command-context';

/**
 * Where in the case's history to read it: now (the whole stream), as it stood at an instant, or
 * right after one revision was written.
 */
export type CasePointInTime = { asOf: DateTime } | { atRevision: bigint };

export class GetCase extends AggregateQuery {
  constructor(
    targetId: string,
    context: Pick<CommandContext, 'scope'>,
    readonly pointInTime?: CasePointInTime,
  ) {
    super(targetId, context);
  }
}
