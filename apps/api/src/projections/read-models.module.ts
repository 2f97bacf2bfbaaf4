import { Module } from '@nestjs/common';
import { AgentWorkloadHttpController } from '../agents/agent-workload.http.controller';
import { ListCasesHttpController } from '../cases-list/list-cases.http.controller';
import { SlaBoardHttpController } from '../sla-board/sla-board.http.controller';
import { ProjectionsModule } from './projections.module';
import { ReadSideMetrics } from './read-side-metrics';

/** The read routes (case list, SLA board, agent workload) and the read side's gauges on /metrics. */
@Module({
  imports: [ProjectionsModule],
  controllers: [ListCasesHttpController, SlaBoardHttpController, AgentWorkloadHttpController],
  providers: [ReadSideMetrics],
})
export class ReadModelsModule {}
