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
 * Environment: BENCH_REQUESTS (default 8000 per route), BENCH_ROUTES (default read,respond,open; also
 * health),
 * BENCH_PROFILE_DIR (the API runs under `node --cpu-prof` and writes its profile there when it stops),
 * BENCH_DATABASE_URL (default TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres; the
 * bench creates and drops database `caseledger_bench_api_cpu`). Linux only (/proc).
 */
import autocannon from 'autocannon';
import { apiEnv, BENCH_CONTACT, BENCH_CONTRACT, openCaseRequest } from './support/api';
import { processesCpu } from './support/cpu';
import { startNode, stopProcess, waitUntilReady } from './support/processes';
import { dropDatabase, freshDatabase, onServer, SERVER_URL, sparePort } from './support/server';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 8000);
const ROUTES = (process.env.BENCH_ROUTES ?? 'read,respond,open').split(',');
const DB = 'caseledger_bench_api_cpu';
const ADMIN = 'bench-admin-key-0123456789abcdefghij';
const CONNECTIONS = 32;

async function main(): Promise<void> {
  const dbUrl = await freshDatabase(SERVER_URL, DB, { force: true });
  const port = await sparePort();
  // BENCH_PROFILE_DIR=<dir>: the API writes a V8 CPU profile there when it stops, to see where the time goes.
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  const api = startNode([...profile, '-r', '@swc-node/register', 'bench/profiled-api.ts'], {
    ...process.env,
    ...apiEnv({ databaseUrl: dbUrl, port, adminKey: ADMIN, role: 'api' }),
  });
  const base = `http://127.0.0.1:${port}`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` };
  try {
    // From the sources, compiled as they load: a minute at most.
    await waitUntilReady(`${base}/ready`, {
      withinMs: 60_000,
      failure: 'the API did not come up',
    });
    const contract = (await (
      await fetch(`${base}/v1/contracts`, { method: 'POST', headers, body: JSON.stringify(BENCH_CONTRACT) })
    ).json()) as { id: string };
    await fetch(`${base}/v1/contracts/${contract.id}/contacts`, {
      method: 'POST',
      headers,
      body: JSON.stringify(BENCH_CONTACT),
    });
    const openBody = JSON.stringify(openCaseRequest(contract.id));
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
      // What every route pays before its own work: the pipeline around a handler that returns a constant.
      health: { url: `${base}/health` },
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
      const apiBefore = processesCpu([api.pid!]);
      const backendsBefore = processesCpu(backends);
      const result = await autocannon({ connections: CONNECTIONS, amount: REQUESTS, ...routes[route] });
      const apiAfter = processesCpu([api.pid!]);
      const backendsAfter = processesCpu(backends);
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
    await stopProcess(api, 5000);
    await dropDatabase(SERVER_URL, DB, { force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
