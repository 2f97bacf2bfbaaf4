import { Module } from '@nestjs/common';
import { ProjectionsModule } from '@caseledger/read-models';
import { GetAccountHttpController } from '../accounts/get-account.http.controller';
import { AgentWorkloadHttpController } from '../agents/agent-workload.http.controller';
import { ListCasesHttpController } from '../cases-list/list-cases.http.controller';
import { ReportsHttpController } from '../reports/reports.http.controller';
import { ListContractsHttpController } from '../contracts/list-contracts.http.controller';
import { ListTamAssignmentsHttpController } from '../tam-assignments/list-tam-assignments.http.controller';
import { SlaBoardHttpController } from '../sla-board/sla-board.http.controller';
import { ProjectionsHttpController } from './projections.http.controller';
import { ReadConsistency } from './read-consistency';
import { ReadSideMetrics } from './read-side-metrics';

/**
 * The read routes (projection status, case list, SLA board, agent workload, reports, contracts, TAM assignments, accounts), the read-your-writes
 * wait they share, and the read side's gauges on /metrics, over the projection host of libs/read-models.
 */
@Module({
  imports: [ProjectionsModule],
  controllers: [
    ProjectionsHttpController,
    ListCasesHttpController,
    SlaBoardHttpController,
    AgentWorkloadHttpController,
    ReportsHttpController,
    ListContractsHttpController,
    ListTamAssignmentsHttpController,
    GetAccountHttpController,
  ],
  providers: [ReadConsistency, ReadSideMetrics],
})
export class ReadModelsModule {}
