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
 * Before the first timed run, one untimed pass of every load (BENCH_WARMUP_S each, default 5): the
 * first load on a fresh API process and a fresh database otherwise also pays for compiling the code
 * and for PostgreSQL creating its first WAL segments, and only the load measured first (opening) pays.
 *
 * Environment: BENCH_DURATION_S (default 10 per measurement), BENCH_DATABASE_URL (default
 * TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres; the bench creates and drops
 * database `caseledger_bench_api`), BENCH_ROLE (API process role, default `api`: background work
 * off, as in a split deployment), BENCH_CPU_REQUESTS (requests per CPU measurement, default 4000).
 */
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { apiEnv, BENCH_CONTACT, BENCH_CONTRACT, openCaseRequest } from './support/api';
import { processCpu } from './support/cpu';
import { startNode, stopProcess, waitUntilReady } from './support/processes';
import { dropDatabase, freshDatabase, SERVER_URL, sparePort } from './support/server';
import { median } from './support/stats';

const ROOT = join(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const DURATION = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP_S ?? 5);
const CONNECTIONS = 32;
const CPU_REQUESTS = Number(process.env.BENCH_CPU_REQUESTS ?? 4000);
const DB = 'caseledger_bench_api';
const ADMIN = 'bench-admin-key-0123456789abcdefghij';

interface Figure {
  rps: number;
  p99: number;
  non2xx: number;
}

/** Seconds per load: WARMUP during the warm-up pass, DURATION otherwise. */
let duration = DURATION;

async function load(options: autocannon.Options): Promise<Figure> {
  const result = await autocannon({ connections: CONNECTIONS, duration, ...options });
  return { rps: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx + result.errors };
}

/** CPU the server process spends per request over a fixed number of requests, in microseconds. */
async function cpuPerRequest(pid: number, options: autocannon.Options): Promise<number> {
  const before = processCpu(pid).total;
  const result = await autocannon({ connections: CONNECTIONS, amount: CPU_REQUESTS, ...options });
  const after = processCpu(pid).total;
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
  const dbUrl = await freshDatabase(SERVER_URL, DB, { force: true });
  const apiPort = await sparePort();
  const rawPort = await sparePort();
  const api = startNode(['dist/apps/api/src/main.js'], {
    ...process.env,
    ...apiEnv({ databaseUrl: dbUrl, port: apiPort, adminKey: ADMIN, role: process.env.BENCH_ROLE ?? 'api' }),
  });
  const ceiling = startNode(['-r', '@swc-node/register', 'bench/raw-ceiling-server.ts'], {
    ...process.env,
    DATABASE_URL: dbUrl,
    PORT: String(rawPort),
  });
  const base = `http://127.0.0.1:${apiPort}`;
  const rawBase = `http://127.0.0.1:${rawPort}`;
  try {
    await waitUntilReady(`${base}/ready`, { withinMs: 30_000 });
    await waitUntilReady(`${rawBase}/raw/select/none`, { withinMs: 30_000 });

    const contract = await json(`${base}/v1/contracts`, { method: 'POST', body: JSON.stringify(BENCH_CONTRACT) });
    const contractId = contract.body.id as string;
    await json(`${base}/v1/contracts/${contractId}/contacts`, {
      method: 'POST',
      body: JSON.stringify(BENCH_CONTACT),
    });
    const openBody = JSON.stringify(openCaseRequest(contractId));
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` };

    const rows: Record<string, Figure[]> = { open: [], respond: [], read: [], rawInsert: [], rawSelect: [] };
    const cpu: Record<string, number[]> = { health: [], read: [], open: [], trivial: [] };
    // Run 0 is the warm-up pass: its loads are shorter and not counted.
    for (let run = WARMUP > 0 ? 0 : 1; run <= RUNS; run++) {
      duration = run === 0 ? WARMUP : DURATION;
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
      if (run === 0) {
        const warm = Object.values(rows).map((figures) => figures.pop()!);
        console.log(
          `warm-up (${WARMUP} s each, not counted): ${warm.map((x) => `${x.rps.toFixed(0)} req/s p99 ${x.p99} ms`).join(' | ')}`,
        );
        continue;
      }
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
    await stopProcess(api, 5000);
    await stopProcess(ceiling, 5000);
    await dropDatabase(SERVER_URL, DB, { force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
