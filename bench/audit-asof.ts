/**
 * Time travel on a long case through HTTP: `GET /v1/cases/{id}?asOf=` on a case of 500 events, the API on
 * the PostgreSQL store. Each read folds the stream's prefix up to the instant (never a read model), so
 * its floor is reading the same 500 rows; in the same run a bare Fastify route doing the store's own
 * SELECT of that stream (bench/raw-ceiling-server.ts) gives it, and each figure is also a ratio.
 *
 *   npm run bench:audit-asof                 three runs, medians (what bench/RESULTS.md records)
 *   BENCH_RUNS=1 npm run bench:audit-asof    one run
 *
 * Measures, each BENCH_DURATION_S (default 10) with BENCH_CONNECTIONS (default 1: latency, one
 * request at a time) connections:
 *   asOf end      asOf at the last event's instant: the whole 500-event fold, the worst case
 *   asOf random   asOf at a random instant of the case's life: a prefix of 0–500 events
 *   sla-timeline  GET /v1/cases/{id}/sla-timeline?asOf=<end>: the fold plus every clock's segments
 *   live          GET /v1/cases/{id} without asOf: the same whole fold, for comparison
 *   raw stream    the bare SELECT of the 500 rows through Fastify
 *
 * Beside them, without HTTP, in the bench process on the same database: the store's readStream of the
 * case and the whole asOf read (readStream, fold, clocks evaluated), one at a time, so the difference
 * is what the fold costs.
 *
 * Environment: BENCH_PROFILE_DIR (the API writes a CPU profile there), BENCH_DATABASE_URL (default TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres;
 * the bench creates and drops database `caseledger_bench_asof`).
 */
import autocannon from 'autocannon';
import { ChildProcess, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  AggregateRepository,
  DomainEventCodec,
  GetCase,
  ManualClock,
  MemoryPersonalDataKeys,
  PersonalDataVault,
  UuidV7Generator,
} from '@caseledger/application';
import { PostgresEventStore } from '@caseledger/event-store';
import { DateTime } from 'luxon';
import { GetCaseHandler } from '../libs/application/src/support-case/get-case/get-case.handler';
import { apiEnv, BENCH_CONTACT, openCaseRequest } from './support/api';
import { startNode, stopProcess, waitUntilReady } from './support/processes';
import { dropDatabase, freshDatabase, SERVER_URL, sparePort } from './support/server';
import { median } from './support/stats';

const ROOT = join(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 1);
const EVENTS = 500;
const DB = 'caseledger_bench_asof';
const ADMIN = 'bench-admin-key-0123456789abcdefghij';

interface Figure {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

// Not support/stats' nearest-rank percentile: this bench's in-process p99 has always been the value at index ⌊0.99 n⌋.
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)];

/** Sequential calls, after a warm-up: p50 and p99 in milliseconds. */
async function timed(n: number, fn: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 20; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { p50: median(ms), p99: p99(ms) };
}

async function load(url: string, path: () => string): Promise<Figure> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: 'GET',
        headers: { authorization: `Bearer ${ADMIN}` },
        setupRequest: (request: autocannon.Request) => ({ ...request, path: path() }),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors,
  };
}

async function send(
  url: string,
  method: string,
  body?: object,
): Promise<{ status: number; body: any; revision: number }> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const etag = response.headers.get('etag');
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${url} answered ${response.status}: ${text}`);
  return {
    status: response.status,
    body: JSON.parse(text),
    revision: etag === null ? -1 : Number(etag.replace(/"/g, '')),
  };
}

/**
 * A case of exactly EVENTS events: opened, answered, then questions and answers (each pausing and
 * resuming the resolution clock) and progress updates, topped up with reassignments (one event each).
 */
async function longCase(base: string): Promise<{ caseId: string; events: number }> {
  const contract = await send(`${base}/v1/contracts`, 'POST', {
    accountId: 'bench',
    planId: 'beesender-business',
    serviceTimeZone: 'gmt+3',
    startsAt: '2020-01-01T00:00:00Z',
    targetOverrides: [{ metric: 'resolution', minutes: 960, unit: 'business' }],
  });
  const contractId = contract.body.id as string;
  await send(`${base}/v1/contracts/${contractId}/contacts`, 'POST', BENCH_CONTACT);
  const opened = await send(`${base}/v1/cases`, 'POST', openCaseRequest(contractId));
  const caseId = opened.body.id as string;
  const at = (path: string) => `${base}/v1/cases/${caseId}/${path}`;
  let revision = (await send(at('responses'), 'POST', { message: 'Looking into it', agentId: 'agent-1' })).revision;
  for (let i = 0; revision + 1 <= EVENTS - 8; i++) {
    if (i % 3 === 2) {
      revision = (await send(at('progress-updates'), 'POST', { message: `Update ${i}`, agentId: 'agent-1' })).revision;
      continue;
    }
    await send(at('information-requests'), 'POST', { question: `Question ${i}?`, agentId: 'agent-1' });
    revision = (await send(at('information'), 'POST', { answer: `Answer ${i}` })).revision;
  }
  for (let i = 0; revision + 1 < EVENTS; i++)
    revision = (await send(at('assignment'), 'POST', { agentId: `agent-${2 + (i % 2)}` })).revision;
  return { caseId, events: revision + 1 };
}

async function main(): Promise<void> {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  const dbUrl = await freshDatabase(SERVER_URL, DB, { force: true });
  const apiPort = await sparePort();
  const rawPort = await sparePort();
  // BENCH_PROFILE_DIR=<dir>: the API writes a V8 CPU profile there when it stops, to see where the time goes.
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  const api = startNode([...profile, 'dist/apps/api/src/main.js'], {
    ...process.env,
    ...apiEnv({ databaseUrl: dbUrl, port: apiPort, adminKey: ADMIN, role: 'api' }),
  });
  let ceiling: ChildProcess | undefined;
  const base = `http://127.0.0.1:${apiPort}`;
  const rawBase = `http://127.0.0.1:${rawPort}`;
  try {
    await waitUntilReady(`${base}/ready`, { withinMs: 30_000 });
    const { caseId, events } = await longCase(base);
    // The raw server starts once the API has created the store's tables it reads.
    ceiling = startNode(['-r', '@swc-node/register', 'bench/raw-ceiling-server.ts'], {
      ...process.env,
      DATABASE_URL: dbUrl,
      PORT: String(rawPort),
    });
    await waitUntilReady(`${rawBase}/raw/select/none`, { withinMs: 30_000 });
    const raw = await fetch(`${rawBase}/raw/stream/case-${caseId}`).then(
      (r) => r.json() as Promise<{ rows: unknown[] }>,
    );
    const history = await send(`${base}/v1/cases/${caseId}/history?limit=200`, 'GET');
    const first = Date.parse(history.body.items[0].at as string);
    const now = await send(`${base}/v1/cases/${caseId}`, 'GET');
    const end = new Date(Date.parse(now.body.asOf as string)).toISOString();
    const check = await send(`${base}/v1/cases/${caseId}?asOf=${end}`, 'GET');
    console.log(
      `case ${caseId}: ${events} events (raw SELECT answers ${raw.rows.length} rows), asOf ${end} folds to revision ${check.revision}`,
    );
    const span = Date.parse(end) - first;
    const randomInstant = () => new Date(first + Math.floor(Math.random() * (span + 1))).toISOString();

    const store = await PostgresEventStore.connect({ connectionString: dbUrl, poolSize: 2 });
    const clock = new ManualClock(end);
    const handler = new GetCaseHandler(
      // Keys in memory: the in-process figure times the fold, not a key lookup (the HTTP figures include it).
      new AggregateRepository(
        store,
        new DomainEventCodec(),
        new UuidV7Generator(clock),
        new PersonalDataVault(new MemoryPersonalDataKeys()),
      ),
      clock,
    );
    const asOfEnd = DateTime.fromISO(end, { zone: 'utc' });
    const inProcess: Record<string, { p50: number; p99: number }[]> = { readStream: [], asOf: [] };

    const rows: Record<string, Figure[]> = { end: [], random: [], timeline: [], live: [], raw: [] };
    for (let run = 1; run <= RUNS; run++) {
      rows.end.push(await load(base, () => `/v1/cases/${caseId}?asOf=${end}`));
      rows.random.push(await load(base, () => `/v1/cases/${caseId}?asOf=${randomInstant()}`));
      rows.timeline.push(await load(base, () => `/v1/cases/${caseId}/sla-timeline?asOf=${end}`));
      rows.live.push(await load(base, () => `/v1/cases/${caseId}`));
      rows.raw.push(await load(rawBase, () => `/raw/stream/case-${caseId}`));
      inProcess.readStream.push(await timed(300, () => store.readStream(`case-${caseId}`)));
      inProcess.asOf.push(await timed(300, () => handler.execute(new GetCase(caseId, {}, { asOf: asOfEnd }))));
      const f = (x: Figure) =>
        `${x.rps.toFixed(0)} req/s p50 ${x.p50} ms p99 ${x.p99} ms${x.non2xx ? ` (${x.non2xx} non-2xx/errors)` : ''}`;
      console.log(
        `run ${run}: asOf end ${f(rows.end.at(-1)!)} | asOf random ${f(rows.random.at(-1)!)} | sla-timeline ${f(rows.timeline.at(-1)!)} | live ${f(rows.live.at(-1)!)} | raw stream ${f(rows.raw.at(-1)!)}`,
      );
    }
    const t = (x: { p50: number; p99: number }) => `p50 ${x.p50.toFixed(2)} ms p99 ${x.p99.toFixed(2)} ms`;
    console.log(`in-process, run by run: readStream ${inProcess.readStream.map(t).join(' / ')}`);
    console.log(`                        asOf read  ${inProcess.asOf.map(t).join(' / ')}`);
    await store.close();
    const m = (key: string, field: keyof Figure) => median(rows[key].map((x) => x[field]));
    const ratio = (key: string) => median(rows[key].map((x, i) => x.rps / rows.raw[i].rps));
    console.log(
      `\nmedians over ${RUNS} run(s), ${CONNECTIONS} connection(s), ${DURATION} s each, ${events}-event case`,
    );
    console.log('| measure | req/s | p50 ms | p99 ms | ratio to raw stream |');
    console.log('|---|---|---|---|---|');
    const row = (label: string, key: string) =>
      console.log(
        `| ${label} | ${m(key, 'rps').toFixed(0)} | ${m(key, 'p50')} | ${m(key, 'p99')} | ${key === 'raw' ? '' : ratio(key).toFixed(2)} |`,
      );
    row('`GET /v1/cases/{id}?asOf=<last event>` (whole fold)', 'end');
    row('`GET /v1/cases/{id}?asOf=<random instant>`', 'random');
    row('`GET /v1/cases/{id}/sla-timeline?asOf=<last event>`', 'timeline');
    row('`GET /v1/cases/{id}` (live read, whole fold)', 'live');
    row('baseline: bare Fastify SELECT of the same 500 rows', 'raw');
    const mi = (key: string, field: 'p50' | 'p99') => median(inProcess[key].map((x) => x[field])).toFixed(2);
    console.log(
      `| in-process, no HTTP: asOf read (readStream + fold + clocks) | | ${mi('asOf', 'p50')} | ${mi('asOf', 'p99')} | |`,
    );
    console.log(
      `| in-process, no HTTP: readStream alone | | ${mi('readStream', 'p50')} | ${mi('readStream', 'p99')} | |`,
    );
  } finally {
    await stopProcess(api, 5000);
    if (ceiling) await stopProcess(ceiling, 5000);
    await dropDatabase(SERVER_URL, DB, { force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
