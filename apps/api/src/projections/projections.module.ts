import { Global, Module } from '@nestjs/common';
import { LiveEventBusFeeder } from '@caseledger/read-models';
import { ProjectionHost } from './projection-host';
import { ProjectionStatusService } from './projection-status.service';
import { ProjectionsHttpController } from './projections.http.controller';
import { ReadConsistency } from './read-consistency';

/**
 * The read side's engine: projection runners, the EventBus feeder (exported for sagas), lag, and the
 * read-your-writes wait the read routes share.
 */
@Global()
@Module({
  providers: [
    ProjectionHost,
    ProjectionStatusService,
    ReadConsistency,
    { provide: LiveEventBusFeeder, inject: [ProjectionHost], useFactory: (host: ProjectionHost) => host.feeder },
  ],
  controllers: [ProjectionsHttpController],
  exports: [ProjectionHost, ProjectionStatusService, ReadConsistency, LiveEventBusFeeder],
})
export class ProjectionsModule {}
