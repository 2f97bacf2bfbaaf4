import type { CommandContext } from '../../write-path/command-context';

export interface CaseHistoryFilter {
  /** Only these event types; all when absent. */
  types?: readonly string[];
  /** Domain instant at or after (ISO-8601). */
  from?: string;
  /** Domain instant before (ISO-8601, exclusive). */
  to?: string;
}

export interface CaseHistoryPageRequest {
  /** The last revision of the previous page; the page starts after it. */
  afterRevision?: bigint;
  limit: number;
}

/** Every recorded event of one case, in stream order, read from the stream itself. */
export class GetCaseHistory {
  constructor(
    readonly caseId: string,
    readonly context: Pick<CommandContext, 'scope'>,
    readonly filter: CaseHistoryFilter,
    readonly page: CaseHistoryPageRequest,
  ) {}
}
