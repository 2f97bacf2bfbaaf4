import { Controller, Get, HttpStatus, Inject, Optional } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { EventStore, SqlClient } from '@caseledger/event-store';
import { Public } from '../auth/principal';
import { APP_CONFIG, AppConfig, EVENT_STORE, STATE_DB } from '@caseledger/runtime';
import { ProblemDetails, ProblemException, problemType } from '../problem-details/problem-details';
import { ProjectionHost } from '@caseledger/read-models';

const READY_TIMEOUT_MS = 2000;

class HealthResponse {
  @ApiProperty({ description: 'Always `ok` while the process serves requests.', enum: ['ok'], example: 'ok' })
  status: 'ok';
}

class ReadyResponse {
  @ApiProperty({
    description: '`ready` when the event store and the state database both answer.',
    enum: ['ready'],
    example: 'ready',
  })
  status: 'ready';

  @ApiProperty({
    description: 'Which event store backs this process.',
    example: 'postgres',
    enum: ['eventstoredb', 'postgres', 'embedded', 'memory'],
  })
  eventStore: string;
}

@ApiTags('operations')
@Public()
@Controller()
export class HealthHttpController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(STATE_DB) private readonly state: SqlClient,
    @Optional() @Inject(ProjectionHost) private readonly projections?: ProjectionHost,
  ) {}

  @Get('health')
  @ApiOperation({ operationId: 'getHealth', summary: 'Liveness: the process is up and serving HTTP.' })
  @ApiOkResponse({ type: HealthResponse, description: 'The process is alive.' })
  health(): HealthResponse {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    operationId: 'getReadiness',
    summary:
      'Readiness: both stores answer and the projections this process runs are running. 503 with Retry-After ' +
      'otherwise.',
  })
  @ApiOkResponse({ type: ReadyResponse, description: 'Both stores answer; the process takes traffic.' })
  @ApiServiceUnavailableResponse({ type: ProblemDetails, description: 'A store is unreachable; see Retry-After.' })
  async ready(): Promise<ReadyResponse> {
    // Both stores: with EVENTSTORE_URL the events live apart from the keys and read models, and a
    // request needs the state database (its API key) before it ever reaches the event store.
    const checks = await Promise.allSettled([
      withTimeout(this.store.ping(), READY_TIMEOUT_MS),
      withTimeout(this.state.query('select 1'), READY_TIMEOUT_MS),
    ]);
    const failures = checks.flatMap((check, i) =>
      check.status === 'rejected'
        ? [
            `the ${i === 0 ? `${this.store.kind} event store` : 'state database'} does not answer: ${check.reason instanceof Error ? check.reason.message : String(check.reason)}`,
          ]
        : [],
    );
    const projections = this.projections?.notRunning() ?? [];
    if (projections.length > 0) failures.push(`projections not running here: ${projections.join(', ')}`);
    if (failures.length > 0) {
      throw new ProblemException(
        {
          type: problemType('not-ready'),
          title: 'Service not ready',
          status: HttpStatus.SERVICE_UNAVAILABLE,
          detail: `${failures.join('; ')}.`,
        },
        { 'retry-after': String(this.config.RETRY_AFTER_SECONDS) },
      );
    }
    return { status: 'ready', eventStore: this.store.kind };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
