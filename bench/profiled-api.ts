/**
 * The API as apps/api/src/main.ts starts it, for `node --cpu-prof` (bench/webhooks.ts with
 * BENCH_PROFILE_DIR): on SIGTERM it closes and exits normally, which is when node writes the profile
 * (Nest's own shutdown hook ends the process by raising the signal again, and nothing is written).
 */
import 'reflect-metadata';
import { loadConfigOrExit } from '@caseledger/runtime';
import { createApp } from '../apps/api/src/create-app';

async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const app = await createApp(config);
  await app.listen({ port: config.PORT, host: config.HOST });
  process.removeAllListeners('SIGTERM');
  process.once('SIGTERM', () => void app.close().finally(() => process.exit(0)));
}

void main();
