/**
 * What the hot routes cost per request in CPU, the API process and its own PostgreSQL backends
 * apart, counted rather than timed so that the figures hold on a shared machine: `GET /v1/cases/{id}`,
 * `POST /v1/cases/{id}/responses` and `POST /v1/cases`. The API runs from the sources
 * (bench/profiled-api.ts, so a copy of an older tree can be measured the same way), on a scratch
 * database, with background work off (ROLE=api). After 2,000 opened cases and 1,000 warm-up requests
 * per route, it reads the API's utime + stime from /proc/<pid>/stat, and the same for the backends
 * connected to the scratch database (from pg_stat_activity), around BENCH_REQUESTS requests at 32
 * connections, and the database's transactions (pg_stat_database, read 11 s later: an idle backend
 * flushes its counters within 10 s).
 *
 *   npm run bench:api-cpu                (= node -r @swc-node/register bench/api-cpu.ts)
 *
 * Environment: BENCH_REQUESTS (default 8000 per route), BENCH_ROUTES (default read,respond,open),
 * BENCH_PROFILE_DIR (the API runs under `node --cpu-prof` and writes its profile there when it stops),
 * BENCH_DATABASE_URL (default TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres; the
 * bench creates and drops database `caseledger_bench_api_cpu`). Linux only (/proc).
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onServer, sparePort } from './support/server';

const ROOT = join(__dirname, '..');
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 8000);
const ROUTES = (process.env.BENCH_ROUTES ?? 'read,respond,open').split(',');
const SERVER_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = 'caseledger_bench_api_cpu';
const ADMIN = 'bench-admin-key-0123456789abcdefghij';
const TICKS_PER_SECOND = 100;
const CONNECTIONS = 32;

/** User plus system CPU time of the processes so far, in microseconds; a process gone counts nothing. */
function cpuMicros(pids: readonly number[]): { total: number; system: number } {
  let total = 0;
  let system = 0;
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    total += ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / TICKS_PER_SECOND;
    system += (Number(fields[12]) * 1_000_000) / TICKS_PER_SECOND;
  }
  return { total, system };
}

async function main(): Promise<void> {
  await onServer(SERVER_URL, async (client) => {
    await client.query(`drop database if exists ${DB} with (force)`);
    await client.query(`create database ${DB}`);
  });
  const url = new URL(SERVER_URL);
  url.pathname = `/${DB}`;
  const dbUrl = url.toString();
  const port = await sparePort();
  // BENCH_PROFILE_DIR=<dir>: the API writes a V8 CPU profile there when it stops, to see where the time goes.
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  const api = spawn(process.execPath, [...profile, '-r', '@swc-node/register', 'bench/profiled-api.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
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
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` };
  try {
    for (let attempt = 0; ; attempt++) {
      const up = await fetch(`${base}/ready`).then(
        (response) => response.status < 500,
        () => false,
      );
      if (up) break;
      if (attempt > 600) throw new Error('the API did not come up');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const contract = (await (
      await fetch(`${base}/v1/contracts`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          accountId: 'bench',
          planId: 'beesender-premium',
          serviceTimeZone: 'gmt+3',
          startsAt: '2020-01-01T00:00:00Z',
        }),
      })
    ).json()) as { id: string };
    await fetch(`${base}/v1/contracts/${contract.id}/contacts`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ contactId: 'bench-contact', name: 'Bench', email: 'bench@bench.example' }),
    });
    const openBody = JSON.stringify({
      contractId: contract.id,
      contactId: 'bench-contact',
      channel: 'portal',
      subject: 'Messages are not delivered',
      description: '1. Send a message\n2. It never arrives',
      category: 'incident',
      priority: 'P2',
      criticality: 'nonCritical',
    });
    const caseIds: string[] = [];
    await autocannon({
      url: `${base}/v1/cases`,
      connections: CONNECTIONS,
      amount: 2000,
      requests: [
        {
          method: 'POST',
          headers,
          body: openBody,
          onResponse: (status: number, body: string) => {
            if (status === 201) caseIds.push((JSON.parse(body) as { id: string }).id);
          },
        },
      ],
    });
    let next = 0;
    const pick = () => caseIds[next++ % caseIds.length];
    const routes: Record<string, autocannon.Options> = {
      read: {
        url: base,
        requests: [
          {
            method: 'GET',
            headers: { authorization: `Bearer ${ADMIN}` },
            setupRequest: (request: autocannon.Request) => ({ ...request, path: `/v1/cases/${pick()}` }),
          },
        ],
      },
      respond: {
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
      },
      open: { url: `${base}/v1/cases`, requests: [{ method: 'POST', headers, body: openBody }] },
    };
    const transactions = () =>
      onServer(SERVER_URL, async (client) =>
        Number(
          (
            await client.query<{ n: string }>(
              'select xact_commit + xact_rollback as n from pg_stat_database where datname = $1',
              [DB],
            )
          ).rows[0].n,
        ),
      );
    console.log(
      `| route | API CPU µs/request (of it system) | its PostgreSQL backends µs/request | transactions/request |`,
    );
    console.log(`|---|---|---|---|`);
    for (const route of ROUTES) {
      await autocannon({ connections: CONNECTIONS, amount: 1000, ...routes[route] });
      const backends = await onServer(dbUrl, async (client) =>
        (
          await client.query<{ pid: number }>(
            'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
            [DB],
          )
        ).rows.map((row) => row.pid),
      );
      const transactionsBefore = await transactions();
      const apiBefore = cpuMicros([api.pid!]);
      const backendsBefore = cpuMicros(backends);
      const result = await autocannon({ connections: CONNECTIONS, amount: REQUESTS, ...routes[route] });
      const apiAfter = cpuMicros([api.pid!]);
      const backendsAfter = cpuMicros(backends);
      const failed = result.non2xx + result.errors;
      if (failed > 0) throw new Error(`${failed} of ${REQUESTS} requests (${route}) failed`);
      await new Promise((resolve) => setTimeout(resolve, 11_000));
      // One transaction is the query that reads the counter itself.
      const transactionsPerRequest = ((await transactions()) - transactionsBefore - 1) / REQUESTS;
      const per = (after: number, before: number) => ((after - before) / REQUESTS).toFixed(0);
      console.log(
        `| ${route} | ${per(apiAfter.total, apiBefore.total)} (${per(apiAfter.system, apiBefore.system)}) | ` +
          `${per(backendsAfter.total, backendsBefore.total)} | ${transactionsPerRequest.toFixed(2)} |`,
      );
    }
  } finally {
    const exited = new Promise((resolve) => api.once('exit', resolve));
    api.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (api.exitCode === null) api.kill('SIGKILL');
    await onServer(SERVER_URL, (client) => client.query(`drop database if exists ${DB} with (force)`));
  }
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
