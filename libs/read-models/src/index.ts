export * from './runner/projection';
export * from './runner/projection-runner';
// The lock and the checkpoints moved down to libs/runtime (reactors use them too); the runner's callers keep importing
// them from here.
export { PgAdvisoryLock, SingleProcessLock } from '@caseledger/runtime';
export {
  advanceCheckpoint,
  CheckpointLost,
  CHECKPOINTS_DDL,
  readCheckpoint,
  resetCheckpoint,
  type StoredCheckpoint,
} from '@caseledger/runtime';
export * from './runner/event-lag';
export * from './runner/case-document-projection';
export * from './paging/keyset-cursor';
export * from './case-summaries/case-summaries.projection';
export * from './case-summaries/case-summaries.queries';
export * from './sla-clocks/sla-clocks.projection';
export * from './sla-clocks/sla-board.queries';
export * from './agent-workload/agent-workload.projection';
export * from './agent-workload/agent-workload.queries';
export * from './account-directory/account-directory.projection';
export * from './account-directory/account-directory.queries';
export * from './projections';
export * from './host/projection-host';
export * from './host/projection-status.service';
export * from './host/projections.module';
export * from './reports/reporting.projection';
export * from './reports/report-period';
export * from './reports/report-scope';
export * from './reports/sla-compliance.queries';
export * from './reports/response-times.queries';
export * from './reports/agent-report.queries';
export * from './reports/backlog.queries';
export * from './reports/contract-entitlements';
