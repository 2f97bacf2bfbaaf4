import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { Clock } from '@caseledger/application';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { setUpOpenApi } from './openapi/openapi.setup';
import { ProblemDetailsFilter } from './problem-details/problem-details.filter';
import { problemValidationPipe } from './problem-details/problem-validation.pipe';

/** Bodies above this are refused with 413 before they are parsed. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Paths served outside the versioned base path. */
export const UNVERSIONED_PATHS = ['health', 'ready', 'metrics'];

/** A caller's X-Request-Id is kept when it is a sane token, so logs correlate across systems. */
function requestId(raw: { headers: Record<string, string | string[] | undefined> }): string {
  const given = raw.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

export interface CreateAppOptions {
  /** Tests pass a ManualClock to move time instead of sleeping. */
  clock?: Clock;
  /** Tests may pass a root module that wraps `AppModule.register(config)` with probe controllers. */
  rootModule?: Type<unknown> | DynamicModule;
}

/** Builds the fully configured application without listening, so tests and main share one setup. */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const rootModule = options.rootModule ?? AppModule.register(config, { clock: options.clock });
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: true, requestIdHeader: false, genReqId: requestId });
  // Runs before Nest's middleware, so the pino-http logger sees the same id the client gets back.
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    (request.raw as { id?: string }).id = request.id;
    void reply.header('x-request-id', request.id);
    done();
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('v1', { exclude: UNVERSIONED_PATHS });
  app.useGlobalFilters(new ProblemDetailsFilter(config.RETRY_AFTER_SECONDS));
  app.useGlobalPipes(problemValidationPipe());
  app.enableShutdownHooks();
  setUpOpenApi(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
