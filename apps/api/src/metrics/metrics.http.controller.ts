import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/principal';
import { MetricsRegistry } from './metrics.registry';

@ApiTags('operations')
@Controller()
export class MetricsHttpController {
  constructor(@Inject(MetricsRegistry) private readonly registry: MetricsRegistry) {}

  @Get('metrics')
  @Public()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({
    operationId: 'getMetrics',
    summary: 'Prometheus metrics: requests, latencies, commands by outcome, process.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Prometheus text exposition format 0.0.4.',
    content: {
      'text/plain': {
        schema: {
          type: 'string',
          example: 'caseledger_http_requests_total{method="GET",route="/health",status="200"} 3',
        },
      },
    },
  })
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
