/**
 * Webhook delivery on the postgres store, end to end, as the README's split deployment runs it: an API
 * process (ROLE=api: HTTP writes) and a worker process (apps/worker: projections, reactors, the webhook
 * dispatcher and sender) on one database of their own (BENCH_ROLES=all runs one ROLE=all process instead); case events written through HTTP (agents' responses to
 * open cases, the real write path), read back by the dispatcher from `$all` on the checkpointed
 * reactor, queued in the outbox and sent by the sender to a receiver on loopback (node:http in this
 * process: verifies every signature with `standardwebhooks`, answers 204 at once). Each run, on a
 * fresh database and API process:
 *  - throughput: 10 subscriptions to every event type (`*`), each its own path on the receiver;
 *    responses written at BENCH_OFFERED_EVENTS events per second (more than the sender is asked to
 *    keep up with) for BENCH_WARMUP_S + BENCH_WINDOW_S; deliveries the receiver got per second in the
 *    window after the warm-up. Then the backlog is drained (its rate is the sender's with the write
 *    path idle) and checked: every event delivered to
 *    every subscription, nothing failed, no bad signature.
 *  - baseline: as many POSTs as that window's deliveries, of a body of the median delivery's size,
 *    signed the same way, from a bare loop in a process of its own with the sender's concurrency
 *    (16 sockets to one receiver) to the same receiver (bench/webhook-raw-sender.ts): the sender's
 *    ceiling were the outbox free.
 *  - latency: responses paced at BENCH_LATENCY_EVENTS (100) events per second for BENCH_LATENCY_S
 *    after a warm-up, same 10 subscriptions; per delivery, the time from the write being
 *    acknowledged (the HTTP answer that carries the event's revision as ETag) to the receiver
 *    getting it.
 *
 *   npm run bench:webhooks                     one run
 *   BENCH_RUNS=3 npm run bench:webhooks        three runs, medians (what bench/RESULTS.md records)
 *
 * Environment: BENCH_RUNS (1), BENCH_CASES (300), BENCH_OFFERED_EVENTS (200), BENCH_WARMUP_S (5),
 * BENCH_WINDOW_S (20), BENCH_LATENCY_EVENTS (100), BENCH_LATENCY_S (20), BENCH_DATABASE_URL (default
 * TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres; the bench creates and drops
 * database `caseledger_bench_webhooks`), BENCH_ROLES (`split`: ROLE=api + worker; `all`: one process),
 * BENCH_PROFILE_DIR (run the processes under `node --cpu-prof`, profiles written there).
 */
import { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Agent, createServer, IncomingHttpHeaders, request, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { apiEnv } from './support/api';
import { processCpu } from './support/cpu';
import { startNode, stopProcess, waitUntilReady } from './support/processes';
import { databaseUrl, dropDatabase, freshDatabase, SERVER_URL, sparePort } from './support/server';
import { median, percentile } from './support/stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const CASES = Number(process.env.BENCH_CASES ?? 300);
const OFFERED_EVENTS = Number(process.env.BENCH_OFFERED_EVENTS ?? 200);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 5);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 20);
const LATENCY_EVENTS = Number(process.env.BENCH_LATENCY_EVENTS ?? 100);
const LATENCY_S = Number(process.env.BENCH_LATENCY_S ?? 20);
const SPLIT = (process.env.BENCH_ROLES ?? 'split') !== 'all';
const SUBSCRIPTIONS = 10;
/** The sender's sockets to one receiver (ReceiverClient's agent). */
const SENDER_CONCURRENCY = 16;
const DATABASE = 'caseledger_bench_webhooks';
const ADMIN_KEY = 'bench-webhooks-admin-key-0123456789';
const DATABASE_URL = databaseUrl(SERVER_URL, DATABASE);

const log = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

/** The receiver: one path per subscription, every signature verified, 204 at once. */
class Receiver {
  /** performance.now() of each request, in arrival order. */
  readonly arrivals: number[] = [];
  /** `<caseId>:<revision>` → arrival instants (one per subscription), while `tracking`. */
  readonly byEvent = new Map<string, number[]>();
  readonly bodyBytes: number[] = [];
  tracking = false;
  badSignatures = 0;
  private readonly verifiers = new Map<string, Webhook>();
  private server: Server | undefined;
  base = '';

  trust(path: string, secret: string): void {
    this.verifiers.set(path, new Webhook(secret));
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const at = performance.now();
        const body = Buffer.concat(chunks).toString('utf8');
        this.arrivals.push(at);
        if (this.bodyBytes.length < 5000) this.bodyBytes.push(Buffer.byteLength(body));
        if (!this.verified(req.url ?? '', req.headers, body)) this.badSignatures++;
        if (this.tracking) {
          const event = JSON.parse(body) as { subject: string; data: { case?: { revision: number } } };
          if (event.data.case !== undefined) {
            const key = `${event.subject}:${event.data.case.revision}`;
            const seen = this.byEvent.get(key);
            if (seen) seen.push(at);
            else this.byEvent.set(key, [at]);
          }
        }
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Arrivals in [from, to). */
  countBetween(from: number, to: number): number {
    let n = 0;
    for (const at of this.arrivals) if (at >= from && at < to) n++;
    return n;
  }

  reset(): void {
    this.arrivals.length = 0;
    this.byEvent.clear();
    this.bodyBytes.length = 0;
    this.badSignatures = 0;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }

  private verified(path: string, headers: IncomingHttpHeaders, body: string): boolean {
    const verifier = this.verifiers.get(path);
    if (!verifier) return false;
    try {
      verifier.verify(body, headers as Record<string, string>);
      return true;
    } catch {
      return false;
    }
  }
}

/** HTTP to the API on a keep-alive agent: the load generator must stay cheap beside the receiver. */
class ApiClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  constructor(readonly base: string) {}

  /**
   * With an Idempotency-Key, a request whose keep-alive socket the server closed as it was reused
   * (ECONNRESET) is sent again: the key makes a second arrival return the first answer.
   */
  async call(
    method: string,
    path: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<{ status: number; body: Record<string, unknown>; etag: string | undefined }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(method, path, body, idempotencyKey);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (idempotencyKey === undefined || attempt >= 5 || (code !== 'ECONNRESET' && code !== 'EPIPE')) throw error;
      }
    }
  }

  private once(
    method: string,
    path: string,
    body: unknown,
    idempotencyKey: string | undefined,
  ): Promise<{ status: number; body: Record<string, unknown>; etag: string | undefined }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.base}${path}`,
        {
          method,
          agent: this.agent,
          headers: {
            authorization: `Bearer ${ADMIN_KEY}`,
            ...(idempotencyKey !== undefined && { 'idempotency-key': idempotencyKey }),
            ...(payload !== undefined && {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
            }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({
              status: res.statusCode ?? 0,
              body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
              etag: res.headers.etag,
            });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  async expect(status: number, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const answer = await this.call(method, path, body);
    if (answer.status !== status)
      throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The API process (ROLE=api when split, else ROLE=all), or the worker. */
function startProcess(port: number, kind: 'api' | 'worker'): ChildProcess {
  const profile = process.env.BENCH_PROFILE_DIR;
  const main =
    kind === 'worker'
      ? profile
        ? 'bench/profiled-worker.ts'
        : 'apps/worker/src/main.ts'
      : profile
        ? 'bench/profiled-api.ts'
        : 'apps/api/src/main.ts';
  return startNode(
    [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), '-r', '@swc-node/register', main],
    {
      // Not the bench's own environment: the processes see only what a deployment would set.
      PATH: process.env.PATH,
      NODE_OPTIONS: '',
      ...apiEnv({
        databaseUrl: DATABASE_URL,
        port,
        adminKey: ADMIN_KEY,
        role: kind === 'worker' ? 'worker' : SPLIT ? 'api' : 'all',
      }),
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    },
    'inherit',
  );
}

/** The worker has no HTTP: it is ready once its webhook dispatcher has stored a checkpoint. */
async function waitUntilWorkerReady(sql: Client, child: ChildProcess): Promise<void> {
  const until = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the worker exited with ${child.exitCode}`);
    const found = await sql
      .query(`select 1 from projection_checkpoints where name = 'reactor:webhooks'`)
      .then((r) => r.rowCount !== 0)
      .catch(() => false);
    if (found) return;
    if (Date.now() > until) throw new Error('the worker was not ready in 120 s');
    await sleep(200);
  }
}

interface OpenCase {
  id: string;
  revision: number;
  busy: boolean;
}

const revisionOf = (etag: string | undefined): number => Number(/\d+/.exec(etag ?? '')![0]);

/**
 * Responses to the cases, paced so that the events they write arrive at `eventsPerSecond` (a response
 * may write more than one event: the next-update clock restarts with it), one at a time per case.
 * Each acknowledged write notes its new events' keys (`<caseId>:<revision>`) and the instant.
 */
async function writePaced(
  api: ApiClient,
  cases: OpenCase[],
  eventsPerSecond: number,
  seconds: number,
  onAck: (keys: string[], at: number) => void,
): Promise<{ events: number; commands: number; skipped: number }> {
  let events = 0;
  let commands = 0;
  let skipped = 0;
  let perCommand = 1;
  let issued = 0;
  let next = 0;
  const inFlight = new Set<Promise<void>>();
  let failure: Error | undefined;
  const started = performance.now();
  const respond = async (c: OpenCase) => {
    c.busy = true;
    try {
      const answer = await api.call(
        'POST',
        `/v1/cases/${c.id}/responses`,
        { message: 'Looking into it', agentId: 'agent-1' },
        randomUUID(),
      );
      const at = performance.now();
      if (answer.status !== 200) throw new Error(`respond answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      const revision = revisionOf(answer.etag);
      const keys: string[] = [];
      for (let r = c.revision + 1; r <= revision; r++) keys.push(`${c.id}:${r}`);
      c.revision = revision;
      events += keys.length;
      commands++;
      perCommand = events / commands;
      onAck(keys, at);
    } finally {
      c.busy = false;
    }
  };
  for (;;) {
    const elapsed = (performance.now() - started) / 1000;
    if (elapsed >= seconds) break;
    while (issued < eventsPerSecond * elapsed) {
      let c: OpenCase | undefined;
      for (let tries = 0; tries < cases.length && c === undefined; tries++) {
        const candidate = cases[next++ % cases.length];
        if (!candidate.busy) c = candidate;
      }
      if (c === undefined) {
        skipped++;
        break;
      }
      const p = respond(c)
        .catch((error: unknown) => void (failure ??= error instanceof Error ? error : new Error(String(error))))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      issued += perCommand;
    }
    if (failure !== undefined) break;
    await sleep(5);
  }
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
  return { events, commands, skipped };
}

async function outbox(sql: Client): Promise<{ total: number; pending: number; failed: number }> {
  const { rows } = await sql.query<{ total: string; pending: string; failed: string }>(
    `select count(*) as total, count(*) filter (where status = 'pending') as pending,
            count(*) filter (where status = 'failed') as failed from webhook_deliveries`,
  );
  return { total: Number(rows[0].total), pending: Number(rows[0].pending), failed: Number(rows[0].failed) };
}

/** Until the outbox holds `expected` rows and none pending; the seconds it took. */
async function drain(sql: Client, expected: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const state = await outbox(sql);
    if (state.total >= expected && state.pending === 0) return (performance.now() - started) / 1000;
    if (performance.now() - started > 300_000)
      throw new Error(`outbox not drained in 300 s: ${JSON.stringify(state)}, expected ${expected} rows`);
    await sleep(100);
  }
}

function rawBaseline(
  url: string,
  secret: string,
  count: number,
  bodyBytes: number,
): Promise<{ count: number; seconds: number; non2xx: number }> {
  return new Promise((resolve, reject) => {
    const child = startNode(
      ['-r', '@swc-node/register', 'bench/webhook-raw-sender.ts'],
      {
        PATH: process.env.PATH,
        NODE_OPTIONS: '',
        RAW_URL: url,
        RAW_SECRET: secret,
        RAW_COUNT: String(count),
        RAW_CONCURRENCY: String(SENDER_CONCURRENCY),
        RAW_BODY_BYTES: String(bodyBytes),
      },
      'pipe',
    );
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`the raw sender exited with ${code}`)),
    );
  });
}

interface RunFigures {
  offeredEventsPerSecond: number;
  writtenEventsPerSecond: number;
  deliveriesPerSecond: number;
  backlogAtEnd: number;
  drainSeconds: number;
  drainPerSecond: number;
  apiCpuCores: number;
  workerCpuCores: number | undefined;
  baselinePerSecond: number;
  ratio: number;
  bodyBytes: number;
  latencyEventsPerSecond: number;
  latency: { p50: number; p99: number; max: number; n: number };
  loadBefore: string;
  loadAfter: string;
}

async function run(n: number, receiver: Receiver): Promise<RunFigures> {
  const loadBefore = load();
  await freshDatabase(SERVER_URL, DATABASE, { force: true });
  const port = await sparePort();
  const child = startProcess(port, 'api');
  const worker = SPLIT ? startProcess(port, 'worker') : undefined;
  const children = worker ? [child, worker] : [child];
  const orphan = () => children.forEach((c) => c.kill('SIGKILL'));
  process.once('exit', orphan);
  // CPU seconds of each process so far.
  const cpu = () => children.map((c) => processCpu(c.pid!).total / 1e6);
  const api = new ApiClient(`http://127.0.0.1:${port}`);
  const sql = new Client({ connectionString: DATABASE_URL });
  receiver.reset();
  try {
    await waitUntilReady(`${api.base}/ready`, {
      ready: (status) => status >= 200 && status < 300,
      withinMs: 120_000,
      intervalMs: 200,
      failure: 'the API was not ready in 120 s',
      process: { child, name: 'the API' },
    });
    await sql.connect();
    if (worker) await waitUntilWorkerReady(sql, worker);

    const contract = await api.expect(201, 'POST', '/v1/contracts', {
      accountId: 'bench',
      planId: 'bird-email-enterprise',
      serviceTimeZone: 'uk',
      startsAt: '2026-01-01T00:00:00Z',
    });
    await api.expect(201, 'POST', `/v1/contracts/${String(contract.id)}/contacts`, {
      contactId: 'ann',
      name: 'Ann',
      email: 'ann@bench.example',
    });
    // The cases are opened and answered once before anyone subscribes: what follows is the steady
    // state of a response (its event and the next-update clock's), not the first response's burst.
    const cases: OpenCase[] = [];
    for (let i = 0; i < CASES; i += 16)
      await Promise.all(
        Array.from({ length: Math.min(16, CASES - i) }, async (_, k) => {
          const opened = await api.call(
            'POST',
            '/v1/cases',
            {
              contractId: contract.id,
              contactId: 'ann',
              channel: 'portal',
              subject: `Case ${i + k}`,
              description: 'Sends fail',
              category: 'incident',
              priority: 'P3',
              criticality: 'nonCritical',
            },
            randomUUID(),
          );
          if (opened.status !== 201) throw new Error(`open answered ${opened.status}`);
          const id = String(opened.body.id);
          const first = await api.call(
            'POST',
            `/v1/cases/${id}/responses`,
            { message: 'First', agentId: 'agent-1' },
            randomUUID(),
          );
          cases.push({ id, revision: revisionOf(first.etag), busy: false });
        }),
      );
    let rawSecret = '';
    for (let s = 0; s < SUBSCRIPTIONS; s++) {
      const path = `/hooks/${s}`;
      const created = await api.expect(201, 'POST', '/v1/webhooks', {
        url: `${receiver.base}${path}`,
        eventTypes: ['*'],
        description: `bench ${s}`,
      });
      receiver.trust(path, String(created.secret));
      rawSecret = String(created.secret);
    }
    receiver.trust('/raw', rawSecret);
    const { total: before } = await outbox(sql);

    // Throughput.
    log(`run ${n}: throughput, ${OFFERED_EVENTS} events/s offered for ${WARMUP_S} + ${WINDOW_S} s...`);
    const t0 = performance.now();
    let cpuAtWindow: number[] = [];
    let cpuAtEnd: number[] = [];
    const windowStart = t0 + WARMUP_S * 1000;
    const windowEnd = windowStart + WINDOW_S * 1000;
    const cpuTimers = [
      setTimeout(() => (cpuAtWindow = cpu()), WARMUP_S * 1000),
      setTimeout(() => (cpuAtEnd = cpu()), (WARMUP_S + WINDOW_S) * 1000),
    ];
    const written = await writePaced(api, cases, OFFERED_EVENTS, WARMUP_S + WINDOW_S, () => undefined);
    cpuTimers.forEach(clearTimeout);
    if (cpuAtEnd.length === 0) cpuAtEnd = cpu();
    const { pending: backlogAtEnd } = await outbox(sql);
    const inWindow = receiver.countBetween(windowStart, windowEnd);
    const deliveriesPerSecond = inWindow / WINDOW_S;
    const expected = before + written.events * SUBSCRIPTIONS;
    const drainSeconds = await drain(sql, expected);
    const settled = await outbox(sql);
    // Every row the outbox holds reached the receiver once (the writes' own events and any the
    // deadline watcher added), and nothing failed.
    if (settled.total < expected || settled.failed !== 0 || receiver.arrivals.length !== settled.total)
      throw new Error(
        `throughput: ${JSON.stringify(settled)} in the outbox, ${receiver.arrivals.length} received, ` +
          `${written.events} events × ${SUBSCRIPTIONS} expected`,
      );
    if (receiver.badSignatures !== 0) throw new Error(`${receiver.badSignatures} deliveries failed verification`);
    const bodyBytes = median(receiver.bodyBytes);
    log(
      `  ${Math.round(deliveriesPerSecond)} deliveries/s in the window (${written.events} events written, ` +
        `${backlogAtEnd} pending at the end, drained in ${drainSeconds.toFixed(1)} s, skipped ${written.skipped})`,
    );

    // Baseline: the same number of signed POSTs, no outbox.
    const receivedBefore = receiver.arrivals.length;
    const raw = await rawBaseline(`${receiver.base}/raw`, rawSecret, Math.max(inWindow, 2000), bodyBytes);
    if (raw.non2xx !== 0 || receiver.arrivals.length - receivedBefore !== raw.count || receiver.badSignatures !== 0)
      throw new Error(`baseline: ${JSON.stringify(raw)}, ${receiver.badSignatures} bad signatures`);
    const baselinePerSecond = raw.count / raw.seconds;
    log(`  baseline ${Math.round(baselinePerSecond)} POST/s (${raw.count} of ${bodyBytes} bytes)`);

    // Latency at a paced rate.
    log(`run ${n}: latency, ${LATENCY_EVENTS} events/s for 3 + ${LATENCY_S} s...`);
    receiver.tracking = true;
    const { total: latencyBefore } = await outbox(sql);
    const acked = new Map<string, number>();
    const latencyStart = performance.now() + 3000;
    const paced = await writePaced(api, cases, LATENCY_EVENTS, 3 + LATENCY_S, (keys, at) => {
      if (at >= latencyStart) for (const key of keys) acked.set(key, at);
    });
    await drain(sql, latencyBefore + paced.events * SUBSCRIPTIONS);
    await sleep(200);
    receiver.tracking = false;
    const latencies: number[] = [];
    for (const [key, at] of acked) {
      const arrivals = receiver.byEvent.get(key) ?? [];
      if (arrivals.length < SUBSCRIPTIONS)
        throw new Error(`latency: ${key} reached the receiver ${arrivals.length} times, not ${SUBSCRIPTIONS}`);
      // The receiver may hear of an event a hair before this process reads the write's answer.
      for (const arrived of arrivals) latencies.push(Math.max(0, arrived - at));
    }
    const latency = {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: Math.max(...latencies),
      n: latencies.length,
    };
    log(
      `  latency p50 ${latency.p50.toFixed(0)} ms, p99 ${latency.p99.toFixed(0)} ms, max ${latency.max.toFixed(0)} ms ` +
        `(${latency.n} deliveries of ${acked.size} events, ${(paced.events / (3 + LATENCY_S)).toFixed(0)} events/s written)`,
    );
    return {
      offeredEventsPerSecond: OFFERED_EVENTS,
      writtenEventsPerSecond: written.events / (WARMUP_S + WINDOW_S),
      deliveriesPerSecond,
      backlogAtEnd,
      drainSeconds,
      drainPerSecond: backlogAtEnd / drainSeconds,
      apiCpuCores: (cpuAtEnd[0] - cpuAtWindow[0]) / WINDOW_S,
      workerCpuCores: worker ? (cpuAtEnd[1] - cpuAtWindow[1]) / WINDOW_S : undefined,
      baselinePerSecond,
      ratio: deliveriesPerSecond / baselinePerSecond,
      bodyBytes,
      latencyEventsPerSecond: paced.events / (3 + LATENCY_S),
      latency,
      loadBefore,
      loadAfter: load(),
    };
  } finally {
    api.close();
    await Promise.all(children.map((c) => stopProcess(c, 15_000)));
    process.off('exit', orphan);
    await sql.end().catch(() => undefined);
    await dropDatabase(SERVER_URL, DATABASE, { force: true });
  }
}

function table(runs: RunFigures[]): string {
  const row = (name: string, values: string[], med: string, bar = '') =>
    `| ${name} | ${values.join(' | ')} | ${med} | ${bar} |`;
  const fmt = (x: number) => Math.round(x).toLocaleString('en');
  const col = (f: (r: RunFigures) => number, show = fmt) => ({
    values: runs.map((r) => show(f(r))),
    med: show(median(runs.map(f))),
  });
  const lines = [
    `| measure | ${runs.map((_, i) => `run ${i + 1}`).join(' | ')} | median | bar |`,
    `|---|${runs.map(() => '---|').join('')}---|---|`,
  ];
  const add = (name: string, f: (r: RunFigures) => number, bar = '', show = fmt) => {
    const c = col(f, show);
    lines.push(row(name, c.values, c.med, bar));
  };
  add('events written/s (offered)', (r) => r.writtenEventsPerSecond);
  add(`deliveries/s, ${SUBSCRIPTIONS} subscriptions`, (r) => r.deliveriesPerSecond, '≥ 500/s');
  add('baseline: bare signed POSTs/s', (r) => r.baselinePerSecond);
  add(
    'ratio to baseline',
    (r) => r.ratio,
    '',
    (x) => x.toFixed(2),
  );
  add('pending at the end of the window', (r) => r.backlogAtEnd);
  add('backlog drained/s once writes stop', (r) => r.drainPerSecond);
  add(
    `${SPLIT ? 'API (ROLE=api)' : 'API (ROLE=all)'} process CPU in the window (cores)`,
    (r) => r.apiCpuCores,
    '',
    (x) => x.toFixed(2),
  );
  if (SPLIT)
    add(
      'worker process CPU in the window (cores)',
      (r) => r.workerCpuCores ?? 0,
      '',
      (x) => x.toFixed(2),
    );
  add('events written/s (latency)', (r) => r.latencyEventsPerSecond);
  add('latency p50 (ms)', (r) => r.latency.p50);
  add('latency p99 (ms)', (r) => r.latency.p99, '≤ 500 ms');
  add('latency max (ms)', (r) => r.latency.max);
  lines.push(`| body (bytes) | ${runs.map((r) => r.bodyBytes).join(' | ')} | | |`);
  lines.push(
    `| load average before → after | ${runs.map((r) => `${r.loadBefore} → ${r.loadAfter}`).join(' | ')} | | |`,
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const receiver = new Receiver();
  await receiver.start();
  const runs: RunFigures[] = [];
  try {
    for (let n = 1; n <= RUNS; n++) runs.push(await run(n, receiver));
  } finally {
    await receiver.close();
  }
  process.stdout.write(`${table(runs)}\n`);
}

main().catch((error: unknown) => {
  log(String(error instanceof Error ? (error.stack ?? error.message) : error));
  process.exit(1);
});
