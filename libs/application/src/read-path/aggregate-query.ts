import type { CommandContext } from '../write-path/command-context';

/** A read of one aggregate, folded from its stream so it is always current. */
export abstract class AggregateQuery {
  constructor(
    readonly targetId: string,
    readonly context: Pick<CommandContext, 'scope'>,
  ) {}
}

export interface QueryResult<View> {
  view: View;
  /** The stream revision the view was folded from (the ETag). */
  revision: bigint;
}
