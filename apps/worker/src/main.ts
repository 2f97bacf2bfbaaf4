import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from '@caseledger/runtime';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  // SIGTERM closes the subscriptions at a clean point before the store and pools close.
  app.enableShutdownHooks();
  await app.init();
  logger.log(
    'worker running: projection runners, deadline watcher, sagas and webhook deliveries on the store subscription',
    'Worker',
  );
}

void main();
