/**
 * The background work without HTTP, for deployments that split API and worker (the API then runs
 * with ROLE=api). Same store, state database and application modules as the API process.
 *
 * The projection runners come along: a split deployment must keep its read models moving even when
 * every API instance is busy or restarting, and each runner takes its projection's advisory lock, so
 * runners here and in the API processes share the work instead of doubling it. The projection host
 * of libs/read-models (runners, lag, status) and no routes: without an HTTP adapter they would only
 * be constructed, never served.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { ApplicationModule, Clock, CLOCK, DeadlinesModule, SagasModule } from '@caseledger/application';
import { WebhookDeliveryModule } from '@caseledger/webhooks';
import {
  AppConfig,
  AppConfigModule,
  createRootLogger,
  EventStoreModule,
  ReactorsModule,
  StateDatabaseModule,
} from '@caseledger/runtime';
import { LoggerModule } from 'nestjs-pino';
import { ProjectionsModule } from '@caseledger/read-models';

@Module({})
export class WorkerModule {
  static register(config: AppConfig, options: { clock?: Clock } = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.register(config),
        LoggerModule.forRoot({ pinoHttp: { logger: createRootLogger(config) }, forRoutes: [] }),
        EventStoreModule,
        StateDatabaseModule,
        ApplicationModule.register({ clock: options.clock, streamCacheSize: config.STREAM_CACHE_SIZE }),
        ReactorsModule.register({ databaseUrl: config.DATABASE_URL }),
        ProjectionsModule,
        DeadlinesModule,
        SagasModule,
        WebhookDeliveryModule.register({ clock: CLOCK }),
      ],
    };
  }
}
