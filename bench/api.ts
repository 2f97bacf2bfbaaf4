/**
 * API throughput with autocannon (32 connections) against the API running on the PostgreSQL store:
 * open-case and respond-to-case commands, and GET /v1/cases/{id}. In the same run, bare Fastify
 * routes doing the same raw INSERT and raw SELECT give the ceilings, so each figure is also a ratio.
 * Each run also measures the API process's CPU time per request (utime + stime from /proc/<pid>/stat
 * before and after a fixed number of requests) for /health, GET /v1/cases/{id} and POST /v1/cases,
 * beside the same figure for a trivial route of the bare-Fastify server as the baseline.
 *
 *   npm run bench:api                    one run
 *   BENCH_RUNS=3 npm run bench:api       three runs, medians (what bench/RESULTS.md records)
 *
 * Environment: BENCH_DURATION_S (default 10 per measurement), BENCH_DATABASE_URL (default
 * TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres; the bench creates and drops
 * database `caseledger_bench_api`), BENCH_ROLE (API process role, default `api`: background work
 * off, as in a split deployment), BENCH_CPU_REQUESTS (requests per CPU measurement, default 4000).
 */
import autocannon from 'autocannon';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

const ROOT = join(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const DURATION = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = 32;
const CPU_REQUESTS = Number(process.env.BENCH_CPU_REQUESTS ?? 4000);
const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
const SERVER_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = 'caseledger_bench_api';
const ADMIN = 'bench-admin-key-0123456789abcdefghij';

interface Figure {
  rps: number;
  p99: number;
  non2xx: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function sparePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function dbUrl(): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${DB}`;
  return url.toString();
}

async function waitUntilUp(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

function start(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

async function load(options: autocannon.Options): Promise<Figure> {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...options });
  return { rps: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx + result.errors };
}

/** User plus system CPU time of a process so far, in microseconds (fields 14 and 15 of /proc/<pid>/stat). */
function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1_000_000) / CLOCK_TICKS_PER_SECOND;
}

/** CPU the server process spends per request over a fixed number of requests, in microseconds. */
async function cpuPerRequest(pid: number, options: autocannon.Options): Promise<number> {
  const before = cpuMicros(pid);
  const result = await autocannon({ connections: CONNECTIONS, amount: CPU_REQUESTS, ...options });
  const after = cpuMicros(pid);
  const failed = result.non2xx + result.errors;
  if (failed > 0) throw new Error(`${failed} of ${CPU_REQUESTS} requests to ${options.url} failed`);
  return (after - before) / CPU_REQUESTS;
}

async function json(url: string, init: RequestInit & { body?: string }): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}`, ...(init.headers ?? {}) },
  });
  return { status: response.status, body: await response.json() };
}

async function main(): Promise<void> {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  await admin(async (client) => {
    await client.query(`drop database if exists ${DB} with (force)`);
    await client.query(`create database ${DB}`);
  });
  const apiPort = await sparePort();
  const rawPort = await sparePort();
  const api = start(['dist/apps/api/src/main.js'], {
    DATABASE_URL: dbUrl(),
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    ADMIN_API_KEY: ADMIN,
    LOG_LEVEL: 'warn',
    ROLE: process.env.BENCH_ROLE ?? 'api',
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '1000000',
    RATE_LIMIT_ANONYMOUS_PER_SECOND: '1000000',
    RATE_LIMIT_ANONYMOUS_BURST: '1000000',
  });
  const ceiling = start(['-r', '@swc-node/register', 'bench/raw-ceiling-server.ts'], {
    DATABASE_URL: dbUrl(),
    PORT: String(rawPort),
  });
  const base = `http://127.0.0.1:${apiPort}`;
  const rawBase = `http://127.0.0.1:${rawPort}`;
  try {
    await waitUntilUp(`${base}/ready`);
    await waitUntilUp(`${rawBase}/raw/select/none`);

    const contract = await json(`${base}/v1/contracts`, {
      method: 'POST',
      body: JSON.stringify({
        accountId: 'bench',
        planId: 'beesender-premium',
        serviceTimeZone: 'gmt+3',
        startsAt: '2020-01-01T00:00:00Z',
      }),
    });
    const contractId = contract.body.id as string;
    await json(`${base}/v1/contracts/${contractId}/contacts`, {
      method: 'POST',
      body: JSON.stringify({ contactId: 'bench-contact', name: 'Bench', email: 'bench@bench.example' }),
    });
    const openBody = JSON.stringify({
      contractId,
      contactId: 'bench-contact',
      channel: 'portal',
      subject: 'Messages are not delivered',
      description: '1. Send a message\n2. It never arrives',
      category: 'incident',
      priority: 'P2',
      criticality: 'nonCritical',
    });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` };

    const rows: Record<string, Figure[]> = { open: [], respond: [], read: [], rawInsert: [], rawSelect: [] };
    const cpu: Record<string, number[]> = { health: [], read: [], open: [], trivial: [] };
    for (let run = 1; run <= RUNS; run++) {
      const caseIds: string[] = [];
      rows.open.push(
        await load({
          url: `${base}/v1/cases`,
          requests: [
            {
              method: 'POST',
              headers,
              body: openBody,
              onResponse: (status: number, body: string) => {
                if (status === 201) caseIds.push(JSON.parse(body).id);
              },
            },
          ],
        }),
      );
      let next = 0;
      const pick = () => caseIds[next++ % caseIds.length];
      rows.respond.push(
        await load({
          url: base,
          requests: [
            {
              method: 'POST',
              headers,
              setupRequest: (request: autocannon.Request) => ({
                ...request,
                path: `/v1/cases/${pick()}/responses`,
                body: JSON.stringify({ message: 'Looking into it', agentId: 'agent-1' }),
              }),
            },
          ],
        }),
      );
      rows.read.push(
        await load({
          url: base,
          requests: [
            {
              method: 'GET',
              headers: { authorization: `Bearer ${ADMIN}` },
              setupRequest: (request: autocannon.Request) => ({ ...request, path: `/v1/cases/${pick()}` }),
            },
          ],
        }),
      );
      let n = 0;
      const eventData = JSON.parse(openBody);
      rows.rawInsert.push(
        await load({
          url: rawBase,
          requests: [
            {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              setupRequest: (request: autocannon.Request) => ({
                ...request,
                path: '/raw/insert',
                body: JSON.stringify({ streamId: `case-${n++ % 5000}`, data: eventData }),
              }),
            },
          ],
        }),
      );
      rows.rawSelect.push(
        await load({
          url: rawBase,
          requests: [
            {
              method: 'GET',
              setupRequest: (request: autocannon.Request) => ({ ...request, path: `/raw/select/case-${n++ % 5000}` }),
            },
          ],
        }),
      );
      cpu.health.push(await cpuPerRequest(api.pid!, { url: `${base}/health` }));
      cpu.read.push(
        await cpuPerRequest(api.pid!, {
          url: base,
          requests: [
            {
              method: 'GET',
              headers: { authorization: `Bearer ${ADMIN}` },
              setupRequest: (request: autocannon.Request) => ({ ...request, path: `/v1/cases/${pick()}` }),
            },
          ],
        }),
      );
      cpu.open.push(
        await cpuPerRequest(api.pid!, {
          url: `${base}/v1/cases`,
          requests: [{ method: 'POST', headers, body: openBody }],
        }),
      );
      cpu.trivial.push(await cpuPerRequest(ceiling.pid!, { url: `${rawBase}/raw/trivial` }));
      const f = (x: Figure) =>
        `${x.rps.toFixed(0)} req/s p99 ${x.p99} ms${x.non2xx ? ` (${x.non2xx} non-2xx/errors)` : ''}`;
      console.log(
        `run ${run}: open ${f(rows.open.at(-1)!)} | respond ${f(rows.respond.at(-1)!)} | read ${f(rows.read.at(-1)!)} | raw insert ${f(rows.rawInsert.at(-1)!)} | raw select ${f(rows.rawSelect.at(-1)!)}`,
      );
      console.log(
        `       CPU per request (µs, server process): /health ${cpu.health.at(-1)!.toFixed(0)}, GET case ${cpu.read.at(-1)!.toFixed(0)}, POST case ${cpu.open.at(-1)!.toFixed(0)}, bare Fastify trivial route ${cpu.trivial.at(-1)!.toFixed(0)}`,
      );
      console.log(
        `       ratios: open/raw-insert ${(rows.open.at(-1)!.rps / rows.rawInsert.at(-1)!.rps).toFixed(2)}, respond/raw-insert ${(rows.respond.at(-1)!.rps / rows.rawInsert.at(-1)!.rps).toFixed(2)}, read/raw-select ${(rows.read.at(-1)!.rps / rows.rawSelect.at(-1)!.rps).toFixed(2)}`,
      );
    }
    const m = (key: string, field: keyof Figure) => median(rows[key].map((x) => x[field]));
    const ratio = (a: string, b: string) => median(rows[a].map((x, i) => x.rps / rows[b][i].rps));
    console.log('\nmedians over', RUNS, 'run(s),', CONNECTIONS, 'connections,', DURATION, 's each');
    console.log(`| measure | req/s | p99 ms | ratio to its ceiling |`);
    console.log(`|---|---|---|---|`);
    console.log(
      `| open case (POST /v1/cases) | ${m('open', 'rps').toFixed(0)} | ${m('open', 'p99')} | ${ratio('open', 'rawInsert').toFixed(2)} |`,
    );
    console.log(
      `| respond (POST /v1/cases/{id}/responses) | ${m('respond', 'rps').toFixed(0)} | ${m('respond', 'p99')} | ${ratio('respond', 'rawInsert').toFixed(2)} |`,
    );
    console.log(
      `| read (GET /v1/cases/{id}) | ${m('read', 'rps').toFixed(0)} | ${m('read', 'p99')} | ${ratio('read', 'rawSelect').toFixed(2)} |`,
    );
    console.log(
      `| ceiling: bare Fastify raw INSERT | ${m('rawInsert', 'rps').toFixed(0)} | ${m('rawInsert', 'p99')} | |`,
    );
    console.log(
      `| ceiling: bare Fastify raw SELECT | ${m('rawSelect', 'rps').toFixed(0)} | ${m('rawSelect', 'p99')} | |`,
    );
    const c = (key: string) => median(cpu[key]).toFixed(0);
    console.log(`\nCPU per request (server process, µs), medians over ${RUNS} run(s) of ${CPU_REQUESTS} requests each`);
    console.log(`| route | CPU per request µs |`);
    console.log(`|---|---|`);
    console.log(`| GET /health | ${c('health')} |`);
    console.log(`| GET /v1/cases/{id} | ${c('read')} |`);
    console.log(`| POST /v1/cases | ${c('open')} |`);
    console.log(`| baseline: bare Fastify trivial route | ${c('trivial')} |`);
  } finally {
    await stop(api);
    await stop(ceiling);
    await admin((client) => client.query(`drop database if exists ${DB} with (force)`));
  }
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
