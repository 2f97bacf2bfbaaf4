import { Global, Module } from '@nestjs/common';
import { ProjectionHost } from './projection-host';
import { ProjectionStatusService } from './projection-status.service';
import { ProjectionsHttpController } from './projections.http.controller';
import { ReadConsistency } from './read-consistency';

/**
 * The read side's engine: projection runners, lag, and the
 * read-your-writes wait the read routes share.
 */
@Global()
@Module({
  providers: [ProjectionHost, ProjectionStatusService, ReadConsistency],
  controllers: [ProjectionsHttpController],
  exports: [ProjectionHost, ProjectionStatusService, ReadConsistency],
})
export class ProjectionsModule {}
