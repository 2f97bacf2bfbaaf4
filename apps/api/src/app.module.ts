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
import type { Logger } from 'pino';
import { HealthHttpController } from './health/health.http.controller';
import { AuthModule } from './auth/auth.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { MetricsModule } from './metrics/metrics.module';
import { ContractActionsHttpController } from './contracts/contract-actions.http.controller';
import { GetContractHttpController } from './contracts/get-contract.http.controller';
import { SignContractHttpController } from './contracts/sign-contract.http.controller';
import { PlansHttpController } from './plans/plans.http.controller';
import { PreviewSlaHttpController } from './sla-preview/preview-sla.http.controller';
import { TamAssignmentHttpController } from './tam-assignments/tam-assignment.http.controller';
import { SupportCasesModule } from './support-cases/support-cases.module';
import { CaseAuditModule } from './case-audit/case-audit.module';
import { ChangeFeedModule } from './change-feed/change-feed.module';
import { ReadModelsModule } from './projections/read-models.module';
import { WebhooksHttpModule } from './webhooks/webhooks-http.module';

@Module({})
export class AppModule {
  static register(config: AppConfig, options: { clock?: Clock; logger?: Logger } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.register(config),
        // The root logger only: request lines and request context come from Fastify's hooks (logging/).
        LoggerModule.forRoot({ pinoHttp: { logger: options.logger ?? createRootLogger(config) }, forRoutes: [] }),
        EventStoreModule,
        StateDatabaseModule,
        MetricsModule,
        AuthModule,
        IdempotencyModule,
        ApplicationModule.register({ clock: options.clock, streamCacheSize: config.STREAM_CACHE_SIZE }),
        // Every process has the host, so /v1/projections lists the reactors even where none runs (ROLE=api).
        ReactorsModule.register({ databaseUrl: config.DATABASE_URL }),
        SupportCasesModule,
        CaseAuditModule,
        ChangeFeedModule,
        ReadModelsModule,
        WebhooksHttpModule,
        // Background work from the store's subscription; ROLE=api leaves it to a worker process.
        ...(config.ROLE === 'api'
          ? []
          : [DeadlinesModule, SagasModule, WebhookDeliveryModule.register({ clock: CLOCK })]),
      ],
      controllers: [
        HealthHttpController,
        PlansHttpController,
        PreviewSlaHttpController,
        SignContractHttpController,
        GetContractHttpController,
        ContractActionsHttpController,
        TamAssignmentHttpController,
      ],
    };
  }
}
