import 'reflect-metadata';
import { loadConfigOrExit } from '@caseledger/runtime';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const app = await createApp(config);
  await app.listen({ port: config.PORT, host: config.HOST });
}

void main();
