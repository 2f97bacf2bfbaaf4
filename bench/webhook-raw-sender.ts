/**
 * The baseline for bench/webhooks.ts: what sending would cost if the outbox cost nothing. RAW_COUNT
 * POSTs of one body of RAW_BODY_BYTES, each signed on the way out with `standardwebhooks` (a new
 * `Webhook` per request and a `webhook-id` of its own, as the sender signs), from RAW_CONCURRENCY
 * loops sharing a keep-alive agent of as many sockets, to RAW_URL. Run as its own process, as the
 * sender runs in the API's, and prints `{ "count", "seconds", "non2xx" }` as one JSON line.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';

const url = new URL(process.env.RAW_URL!);
const count = Number(process.env.RAW_COUNT);
const concurrency = Number(process.env.RAW_CONCURRENCY);
const bytes = Number(process.env.RAW_BODY_BYTES);
const secret = process.env.RAW_SECRET!;

const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const skeleton = JSON.stringify({ specversion: '1.0', type: 'com.caseledger.case.responded', data: { pad: '' } });
const body = JSON.stringify({
  specversion: '1.0',
  type: 'com.caseledger.case.responded',
  data: { pad: 'x'.repeat(Math.max(0, bytes - skeleton.length)) },
});

function post(n: number): Promise<number> {
  const id = `msg_raw_${n}`;
  const at = new Date();
  const headers = {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
    'user-agent': 'CaseLedger-Webhooks/1',
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  };
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  let next = 0;
  let non2xx = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const status = await post(next++);
        if (status < 200 || status >= 300) non2xx++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  process.stdout.write(`${JSON.stringify({ count, seconds, non2xx })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
