/**
 * The worker as apps/worker/src/main.ts starts it, for `node --cpu-prof` (bench/webhooks.ts with
 * BENCH_PROFILE_DIR): on SIGTERM it closes and exits normally, which is when node writes the profile.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@caseledger/runtime';
import { WorkerModule } from '../apps/worker/src/worker.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config), { abortOnError: false });
  await app.init();
  process.once('SIGTERM', () => void app.close().finally(() => process.exit(0)));
}

void main();
