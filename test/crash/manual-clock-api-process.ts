/**
 * The API (ROLE=all) as a child process whose clock the parent test moves, over the IPC channel:
 * `{ set: <instant> }` sets it, `{ tick: true }` has the webhook sender queue and send what is due,
 * each answered `{ done: <n> }`. Lets a test kill -9 the process that dispatches and sends webhooks
 * and still move time through retry schedules of minutes and hours without sleeping.
 * Started by test/crash/webhook-chaos.e2e-spec.ts with CLOCK_START, PORT and the store's variables.
 */
import 'reflect-metadata';
import { ManualClock } from '@caseledger/application';
import { loadConfigOrExit } from '@caseledger/runtime';
import { WebhookSender } from '@caseledger/webhooks';
import { createApp } from '../../apps/api/src/create-app';

interface Command {
  n: number;
  set?: string;
  tick?: boolean;
}

async function main(): Promise<void> {
  const clock = new ManualClock(process.env.CLOCK_START ?? '2026-04-01T08:00:00Z');
  const app = await createApp(loadConfigOrExit(process.env), { clock });
  const config = loadConfigOrExit(process.env);
  await app.listen({ port: config.PORT, host: config.HOST });
  process.on('message', (command: Command) => {
    void (async () => {
      if (command.set !== undefined) clock.set(command.set);
      if (command.tick) await app.get(WebhookSender).tick();
      process.send!({ done: command.n });
    })();
  });
}

void main();
