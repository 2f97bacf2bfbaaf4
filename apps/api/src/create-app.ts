import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { Clock } from '@caseledger/application';
import { LogController } from 'fastify';
import { AppModule } from './app.module';
import { AllowedMethods } from './http-conventions/allowed-methods';
import { installJsonOnlyBodies } from './http-conventions/json-only-bodies';
import { TextIntegrityPipe } from './http-conventions/text-integrity.pipe';
import { attachIdempotencyToWriteRoutes } from './idempotency/idempotent-write-routes';
import { installRequestLogging } from './logging/request-logging';
import type { Logger as PinoLogger } from 'pino';
import { AppConfig, createRootLogger } from '@caseledger/runtime';
import { setUpOpenApi } from './openapi/openapi.setup';
import { BODY_LIMIT_BYTES } from './problem-details/body-limit';
import { ProblemDetailsFilter } from './problem-details/problem-details.filter';
import { problemValidationPipe } from './problem-details/problem-validation.pipe';

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
  /** Tests pass a logger writing to memory to read what was logged. */
  logger?: PinoLogger;
}

/** Builds the fully configured application without listening, so tests and main share one setup. */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const logger = options.logger ?? createRootLogger(config);
  const rootModule = options.rootModule ?? AppModule.register(config, { clock: options.clock, logger });
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    connectionTimeout: config.HTTP_IDLE_TIMEOUT_MS,
    keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    http: {
      // Node checks the request timeout only this often (30 s by default), so a short limit would overrun by that much.
      connectionsCheckingInterval: Math.min(1000, config.HTTP_REQUEST_TIMEOUT_MS),
      headersTimeout: Math.min(60_000, config.HTTP_REQUEST_TIMEOUT_MS),
    },
    // No Express-style middleware is registered (logging runs as Fastify hooks), so @fastify/middie is not
    // needed, and it cost a pass over every request.
    skipMiddie: true,
    trustProxy: true,
    requestIdHeader: false,
    genReqId: requestId,
    loggerInstance: logger,
    // Request lines come from installRequestLogging: one per request, probes left out.
    logController: new LogController({ disableRequestLogging: true }),
  });
  installRequestLogging(adapter.getInstance());
  installJsonOnlyBodies(adapter.getInstance());
  const allowedMethods = AllowedMethods.collectFrom(adapter.getInstance());
  attachIdempotencyToWriteRoutes(rootModule);
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    // JSON is parsed by installJsonOnlyBodies; the API takes no other body type.
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  // Nest flushes the start-up lines it buffered only in listen(); an application driven without
  // listening (inject, supertest) would otherwise keep every later line in that buffer too.
  app.flushLogs();
  app.setGlobalPrefix('v1', { exclude: UNVERSIONED_PATHS });
  app.useGlobalFilters(new ProblemDetailsFilter(config.RETRY_AFTER_SECONDS, allowedMethods));
  app.useGlobalPipes(new TextIntegrityPipe(), problemValidationPipe());
  app.enableShutdownHooks();
  setUpOpenApi(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
