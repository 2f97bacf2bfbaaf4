import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { ApplicationModule, Clock, DeadlinesModule, SagasModule } from '@caseledger/application';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { HealthHttpController } from './health/health.http.controller';
import { EventStoreModule } from './store/event-store.module';
import { StateDatabaseModule } from './state/state-database.module';
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
import { ReadModelsModule } from './projections/read-models.module';

/** Headers and body fields that may carry secrets or personal data never reach the logs. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
];

@Module({})
export class AppModule {
  static register(config: AppConfig, options: { clock?: Clock } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.register(config),
        LoggerModule.forRoot({
          // Named wildcard: the path-to-regexp of Nest 11 refuses a bare `*` under the global prefix.
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.LOG_LEVEL,
            redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
            // The id was set by the Fastify onRequest hook in create-app.ts.
            genReqId: (req) => (req as { id?: string }).id ?? randomUUID(),
            autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
          },
        }),
        EventStoreModule,
        StateDatabaseModule,
        MetricsModule,
        AuthModule,
        IdempotencyModule,
        ApplicationModule.register({ clock: options.clock }),
        SupportCasesModule,
        ReadModelsModule,
        // Background work from the store's subscription; ROLE=api leaves it to a worker process.
        ...(config.ROLE === 'api' ? [] : [DeadlinesModule, SagasModule]),
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
