/**
 * What one `POST /v1/cases` costs the API process and the database, counted rather than timed, so
 * the figure holds on a loaded machine: the API's CPU time (utime + stime from /proc/<pid>/stat) and
 * the database's transactions (`pg_stat_database`, each autocommit statement is one) per opened case.
 *
 *   npm run build && node -r @swc-node/register bench/open-case-cost.ts
 *
 * Environment: BENCH_REQUESTS (default 6000, after 2000 warm-up opens), BENCH_DATABASE_URL (default
 * TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres; the bench creates and drops
 * database `caseledger_bench_open_cost`). Linux only (/proc).
 */
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { apiEnv, BENCH_CONTRACT, openCaseRequest } from './support/api';
import { processCpu } from './support/cpu';
import { startNode, stopProcess, waitUntilReady } from './support/processes';
import { dropDatabase, freshDatabase, onServer, SERVER_URL, sparePort } from './support/server';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 6000);
const DB = 'caseledger_bench_open_cost';
const ADMIN = 'bench-admin-key-0123456789abcdefghij';

/** Committed and rolled-back transactions of the bench database, once the backends have flushed them. */
async function transactions(): Promise<number> {
  // An idle backend flushes its counters within 10 s (PostgreSQL 15), not at commit.
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  return onServer(SERVER_URL, async (client) => {
    const { rows } = await client.query<{ n: string }>(
      'select (xact_commit + xact_rollback)::text as n from pg_stat_database where datname = $1',
      [DB],
    );
    return Number(rows[0].n);
  });
}

async function main(): Promise<void> {
  const dbUrl = await freshDatabase(SERVER_URL, DB, { force: true });
  const port = await sparePort();
  const api = startNode(['dist/apps/api/src/main.js'], {
    ...process.env,
    ...apiEnv({ databaseUrl: dbUrl, port, adminKey: ADMIN, role: 'api' }),
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(`${base}/ready`, {
      withinMs: 60_000,
      intervalMs: 200,
      failure: 'the API did not come up',
    });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` };
    const post = async (path: string, body: unknown) =>
      (await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })).json();
    const contract = (await post('/v1/contracts', BENCH_CONTRACT)) as { id: string };
    await post(`/v1/contracts/${contract.id}/contacts`, { contactId: 'c', name: 'C', email: 'c@bench.example' });
    const body = JSON.stringify(openCaseRequest(contract.id, 'c'));
    const open = (amount: number, connections: number) =>
      autocannon({ url: `${base}/v1/cases`, connections, amount, method: 'POST', headers, body });

    await open(2000, 8);
    const cpuBefore = processCpu(api.pid!).total;
    const load = await open(REQUESTS, 8);
    const cpuUs = (processCpu(api.pid!).total - cpuBefore) / REQUESTS;

    // One request at a time, so no two opens share a coalesced NOTIFY or a pool's pipelining.
    const before = await transactions();
    const sequential = await open(200, 1);
    const perOpen = ((await transactions()) - before) / 200;

    const failed = load.non2xx + load.errors + sequential.non2xx + sequential.errors;
    console.log(`uptime: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
    console.log(`API CPU per opened case: ${Math.round(cpuUs)} µs (${REQUESTS} opens, 8 connections)`);
    console.log(`database transactions per opened case: ${perOpen.toFixed(2)} (200 opens, one at a time)`);
    if (failed > 0) throw new Error(`${failed} opens failed`);
  } finally {
    // No SIGKILL: this bench has always waited for the API to shut down by itself.
    await stopProcess(api);
    await dropDatabase(SERVER_URL, DB, { force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
