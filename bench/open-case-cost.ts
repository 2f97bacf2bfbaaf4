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
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onServer, sparePort } from './support/server';

const ROOT = join(__dirname, '..');
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 6000);
const SERVER_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = 'caseledger_bench_open_cost';
const ADMIN = 'bench-admin-key-0123456789abcdefghij';
const TICKS_PER_SECOND = 100;

function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

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
  await onServer(SERVER_URL, async (client) => {
    await client.query(`drop database if exists ${DB} with (force)`);
    await client.query(`create database ${DB}`);
  });
  const url = new URL(SERVER_URL);
  url.pathname = `/${DB}`;
  const port = await sparePort();
  const api = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: url.toString(),
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_API_KEY: ADMIN,
      LOG_LEVEL: 'warn',
      ROLE: 'api',
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
    },
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/ready`)).status < 500) break;
      } catch {
        // not listening yet
      }
      if (i > 300) throw new Error('the API did not come up');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` };
    const post = async (path: string, body: unknown) =>
      (await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })).json();
    const contract = (await post('/v1/contracts', {
      accountId: 'bench',
      planId: 'beesender-premium',
      serviceTimeZone: 'gmt+3',
      startsAt: '2020-01-01T00:00:00Z',
    })) as { id: string };
    await post(`/v1/contracts/${contract.id}/contacts`, { contactId: 'c', name: 'C', email: 'c@bench.example' });
    const body = JSON.stringify({
      contractId: contract.id,
      contactId: 'c',
      channel: 'portal',
      subject: 'Messages are not delivered',
      description: '1. Send a message\n2. It never arrives',
      category: 'incident',
      priority: 'P2',
      criticality: 'nonCritical',
    });
    const open = (amount: number, connections: number) =>
      autocannon({ url: `${base}/v1/cases`, connections, amount, method: 'POST', headers, body });

    await open(2000, 8);
    const ticksBefore = cpuTicks(api.pid!);
    const load = await open(REQUESTS, 8);
    const cpuUs = ((cpuTicks(api.pid!) - ticksBefore) * 1e6) / TICKS_PER_SECOND / REQUESTS;

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
    api.kill('SIGTERM');
    await new Promise((resolve) => api.once('exit', resolve));
    await onServer(SERVER_URL, (client) => client.query(`drop database if exists ${DB} with (force)`));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
