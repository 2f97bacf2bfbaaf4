import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { formatPosition } from '@caseledger/event-store';
import { Roles } from '../auth/principal';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { ProjectionStatus, ProjectionStatusService, ReactorStatus } from '@caseledger/read-models';

class ProjectionStatusResponse {
  @ApiProperty({ description: 'Projection name; also the read model it fills.', example: 'case_summaries' })
  name: string;

  @ApiProperty({ description: 'Version of its rows; a new version rebuilds from position 0.', example: 1 })
  version: number;

  @ApiProperty({
    description: 'Position of the last event applied, "<commit>-<prepare>"; null before the first start.',
    example: '1042-7',
    nullable: true,
    type: String,
  })
  checkpoint: string | null;

  @ApiProperty({ description: 'Events in the store after the checkpoint.', example: 0 })
  lagEvents: number;

  @ApiProperty({
    description: 'True when lagEvents stopped counting at its cap (stores without SQL access to their events).',
    example: false,
  })
  lagEventsCapped: boolean;

  @ApiProperty({
    description: 'Milliseconds since the oldest event not yet applied was recorded; 0 when caught up.',
    example: 0,
  })
  lagMs: number;

  @ApiProperty({
    description:
      "This process's runner: `live` (following the store), `catching-up`, `standby` (another process holds the " +
      'lock), `failed` (retrying), `stopped`, `idle` (not run here: ROLE=api).',
    example: 'live',
    enum: ['idle', 'standby', 'catching-up', 'live', 'failed', 'stopped'],
  })
  status: string;

  @ApiPropertyOptional({
    description: "Last failure of this process's runner while it is retrying.",
    example: 'connection terminated',
  })
  lastError?: string;

  static of(status: ProjectionStatus): ProjectionStatusResponse {
    return {
      name: status.name,
      version: status.version,
      checkpoint: status.checkpoint ? formatPosition(status.checkpoint) : null,
      lagEvents: status.lag.events,
      lagEventsCapped: status.lag.capped,
      lagMs: status.lagMs,
      status: status.state,
      ...(status.lastError && { lastError: status.lastError }),
    };
  }
}

class ReactorStatusResponse {
  @ApiProperty({
    description: 'Reactor name: a side effect run from the store (deadlines, sagas, webhook deliveries).',
    example: 'deadlines',
  })
  name: string;

  @ApiProperty({
    description: 'Version of its stored state; a new version starts it again from position 0.',
    example: 1,
    nullable: true,
    type: Number,
  })
  version: number | null;

  @ApiProperty({
    description: 'Position of the last event it has finished with, "<commit>-<prepare>"; null before its first start.',
    example: '1042-7',
    nullable: true,
    type: String,
  })
  checkpoint: string | null;

  @ApiProperty({ description: 'Events in the store after the checkpoint.', example: 0 })
  lagEvents: number;

  @ApiProperty({ description: 'True when lagEvents stopped counting at its cap.', example: false })
  lagEventsCapped: boolean;

  @ApiProperty({
    description: 'Milliseconds since the oldest event it has not finished with was recorded; 0 when caught up.',
    example: 0,
  })
  lagMs: number;

  @ApiProperty({
    description:
      "This process's reactor: `live`, `catching-up`, `retrying` (a reaction failed and is tried again before " +
      'the checkpoint moves), `standby` (another process holds the lock), `failed` (resubscribing after a drop), ' +
      '`stopped`, `idle` (not run here).',
    example: 'live',
    enum: ['idle', 'standby', 'catching-up', 'live', 'retrying', 'failed', 'stopped'],
  })
  status: string;

  @ApiPropertyOptional({ description: "Last failure of this process's reactor.", example: 'event store unavailable' })
  lastError?: string;

  @ApiProperty({ description: 'Failed reactions this process tried again since it started.', example: 0 })
  retries: number;

  @ApiProperty({ description: 'Events this process passed after a permanent refusal since it started.', example: 0 })
  refused: number;

  @ApiProperty({
    description: 'Times this process resubscribed after the subscription or the state database failed.',
    example: 0,
  })
  restarts: number;

  static of(status: ReactorStatus): ReactorStatusResponse {
    return {
      name: status.name,
      version: status.version ?? null,
      checkpoint: status.checkpoint ? formatPosition(status.checkpoint) : null,
      lagEvents: status.lag.events,
      lagEventsCapped: status.lag.capped,
      lagMs: status.lagMs,
      status: status.state,
      ...(status.lastError && { lastError: status.lastError }),
      retries: status.stats.retries,
      refused: status.stats.refused,
      restarts: status.stats.restarts,
    };
  }
}

class ProjectionListResponse {
  @ApiProperty({ description: 'Every projection, by name.', type: [ProjectionStatusResponse] })
  items: ProjectionStatusResponse[];

  @ApiProperty({
    description: 'Every reactor (side effects run from the store), by name, with the same lag measures.',
    type: [ReactorStatusResponse],
  })
  reactors: ReactorStatusResponse[];
}

@ApiTags('projections')
@ApiProtectedRoute()
@Controller('projections')
export class ProjectionsHttpController {
  constructor(private readonly statuses: ProjectionStatusService) {}

  @Get()
  @Roles('admin', 'auditor', 'integration')
  @ApiOperation({
    operationId: 'listProjections',
    summary:
      'Projections and reactors with their checkpoint and lag (in events and milliseconds) behind the event store.',
  })
  @ApiOkResponse({
    type: ProjectionListResponse,
    description: 'Every projection and reactor with its checkpoint and lag.',
  })
  @ApiProblemResponses(503)
  async list(): Promise<ProjectionListResponse> {
    return {
      items: (await this.statuses.all()).map(ProjectionStatusResponse.of),
      reactors: (await this.statuses.reactors()).map(ReactorStatusResponse.of),
    };
  }
}
