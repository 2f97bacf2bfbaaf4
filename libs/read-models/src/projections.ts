import { AccountDirectoryProjection } from './account-directory/account-directory.projection';
import { AgentWorkloadProjection } from './agent-workload/agent-workload.projection';
import { CaseSummariesProjection } from './case-summaries/case-summaries.projection';
import type { Projection } from './runner/projection';
import { ReportingProjection } from './reports/reporting.projection';
import { SlaClocksProjection } from './sla-clocks/sla-clocks.projection';

/** Every projection the read side runs, by name. */
export function allProjections(): Projection[] {
  return [
    new CaseSummariesProjection(),
    new SlaClocksProjection(),
    new AgentWorkloadProjection(),
    new ReportingProjection(),
    new AccountDirectoryProjection(),
  ];
}
