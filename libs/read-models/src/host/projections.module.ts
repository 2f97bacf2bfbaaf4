import { Global, Module } from '@nestjs/common';
import { ProjectionHost } from './projection-host';
import { ProjectionStatusService } from './projection-status.service';

/**
 * The read side's engine: projection runners, their lag and status. No routes: the API adds its
 * own (status, read-your-writes) in its HTTP module, so a worker importing this serves nothing.
 */
@Global()
@Module({
  providers: [ProjectionHost, ProjectionStatusService],
  exports: [ProjectionHost, ProjectionStatusService],
})
export class ProjectionsModule {}
