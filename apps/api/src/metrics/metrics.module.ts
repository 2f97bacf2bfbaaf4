import { Global, Module } from '@nestjs/common';
import { CommandBusMetrics } from './command-bus-metrics';
import { CommandMetrics } from './command-metrics';
import { HttpMetrics } from './http-metrics';
import { MetricsHttpController } from './metrics.http.controller';
import { MetricsRegistry } from './metrics.registry';

@Global()
@Module({
  providers: [MetricsRegistry, HttpMetrics, CommandMetrics, CommandBusMetrics],
  controllers: [MetricsHttpController],
  exports: [MetricsRegistry, CommandMetrics],
})
export class MetricsModule {}
