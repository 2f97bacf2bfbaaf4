import { Controller, Get, HttpStatus, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@caseledger/event-store';
import { Public } from '../auth/principal';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ProblemDetails, ProblemException, problemType } from '../problem-details/problem-details';
import { EVENT_STORE } from '../store/event-store.module';

const READY_TIMEOUT_MS = 2000;

class HealthResponse {
  @ApiProperty({ description: 'Always `ok` while the process serves requests.', example: 'ok' })
  status: 'ok';
}

class ReadyResponse {
  @ApiProperty({ description: '`ready` when every store answers.', example: 'ready' })
  status: 'ready';

  @ApiProperty({ description: 'Which event store backs this process.', example: 'postgres', enum: ['eventstoredb', 'postgres', 'embedded', 'memory'] })
  eventStore: string;
}

@ApiTags('operations')
@Public()
@Controller()
export class HealthHttpController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP.' })
  @ApiOkResponse({ type: HealthResponse })
  health(): HealthResponse {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the stores answer. Fails with 503 while a store is unreachable.' })
  @ApiOkResponse({ type: ReadyResponse })
  @ApiServiceUnavailableResponse({ type: ProblemDetails, description: 'A store is unreachable; see Retry-After.' })
  async ready(): Promise<ReadyResponse> {
    try {
      await withTimeout(this.store.ping(), READY_TIMEOUT_MS);
    } catch (error) {
      throw new ProblemException(
        {
          type: problemType('not-ready'),
          title: 'Service not ready',
          status: HttpStatus.SERVICE_UNAVAILABLE,
          detail: `The ${this.store.kind} event store does not answer: ${error instanceof Error ? error.message : String(error)}`,
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
