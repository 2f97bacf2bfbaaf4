import type { CommandContext } from '../../write-path/command-context';
import type { CasePointInTime } from '../get-case/get-case.query';

/** The SLA timeline of one case now, or as it stood at an instant or right after a revision. */
export class GetCaseSlaTimeline {
  constructor(
    readonly caseId: string,
    readonly context: Pick<CommandContext, 'scope'>,
    readonly pointInTime?: CasePointInTime,
  ) {}
}
