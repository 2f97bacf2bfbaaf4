import { Global, Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CLOCK, Clock } from '@caseledger/application';
import type { SqlClient } from '@caseledger/event-store';
import { STATE_DB } from '@caseledger/runtime';
import type { FastifyInstance } from 'fastify';
import { installIdempotencyCompletion } from './idempotency.guard';
import { IdempotencyRecordRepository } from './idempotency-record.repository';

const PURGE_EVERY_MS = 10 * 60 * 1000;

@Global()
@Module({
  providers: [
    {
      provide: IdempotencyRecordRepository,
      inject: [STATE_DB],
      useFactory: (sql: SqlClient) => new IdempotencyRecordRepository(sql),
    },
  ],
  // IdempotencyGuard is declared on the write routes at start-up (idempotent-write-routes.ts).
  exports: [IdempotencyRecordRepository],
})
export class IdempotencyModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private purger?: NodeJS.Timeout;

  constructor(
    @Inject(IdempotencyRecordRepository) private readonly records: IdempotencyRecordRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  async onModuleInit(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify) installIdempotencyCompletion(fastify);
    await this.records.migrate();
    await this.purge();
    this.purger = setInterval(() => void this.purge(), PURGE_EVERY_MS);
    this.purger.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purger);
  }

  private async purge(): Promise<void> {
    try {
      await this.records.purgeExpired(this.clock.now().toJSDate());
    } catch (error) {
      this.logger.warn(
        `could not purge expired idempotency records: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
