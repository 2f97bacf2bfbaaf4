/**
 * The reports at volume on the postgres store: N synthetic case histories (about 12 events each) appended
 * through the store, then
 *  - a rebuild of every projection together (the reports' included), in events of `$all` per second,
 *    and of the reporting projection alone;
 *  - each report for a quarter through HTTP (the API listening on loopback, `fetch` as the client),
 *    BENCH_REQUESTS sequential requests after 5 warm-ups, p50 and p99.
 *
 *   npm run bench:reports                          ~200,000 events
 *   BENCH_EVENTS=1000000 npm run bench:reports     the 1,000,000-event figure (about 80,000 cases)
 *
 * Environment: BENCH_EVENTS (default 200000), BENCH_REQUESTS (50), BENCH_DATABASE_URL (default
 * TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres), BENCH_KEEP=1 (keep the database). The bench
 * creates database `caseledger_bench_reports` and drops it at the end.
 */
import { Client, Pool } from 'pg';
import { ManualClock } from '../libs/application/src';
import { PgSqlClient, PostgresEventStore } from '../libs/event-store/src';
import { allProjections, ProjectionRunner, resetProjection } from '../libs/read-models/src';
import { loadConfig } from '../libs/runtime/src';
import { createApp } from '../apps/api/src/create-app';
import { appendCaseHistories, caseHistory } from '../test/read-models/case-histories';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const SERVER_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'caseledger_bench_reports';
const ADMIN_KEY = 'bench-reports-admin-key-0123456789';

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const log = (line: string) => process.stderr.write(`${line}\n`);

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  await admin(`drop database if exists ${DATABASE}`);
  await admin(`create database ${DATABASE}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${DATABASE}`;
  const connectionString = url.toString();
  const store = await PostgresEventStore.connect({ connectionString, poolSize: 16, pollIntervalMs: 50 });
  const sql = new PgSqlClient(new Pool({ connectionString, max: 8 }));
  try {
    const sample = Array.from({ length: 200 }, (_, i) => caseHistory(i, 42).events.length);
    const cases = Math.ceil(EVENTS / (sample.reduce((a, b) => a + b, 0) / sample.length));
    log(`appending ${cases.toLocaleString('en')} case histories...`);
    const { events } = await appendCaseHistories(store, cases, { seed: 42, parallel: 16 });
    log(`appended ${events.toLocaleString('en')} events`);

    const projections = allProjections();
    for (const projection of projections) await resetProjection(sql, projection);
    let started = Date.now();
    await ProjectionRunner.catchUpTogether(
      projections.map((projection) => new ProjectionRunner(projection, store, sql, { batchSize: 1000 })),
    );
    const together = events / ((Date.now() - started) / 1000);
    log(`rebuild of all ${projections.length} projections: ${Math.round(together).toLocaleString('en')} ev/s`);
    const reports = projections.find((p) => p.name === 'reports')!;
    await resetProjection(sql, reports);
    started = Date.now();
    await new ProjectionRunner(reports, store, sql, { batchSize: 1000 }).catchUp();
    const alone = events / ((Date.now() - started) / 1000);
    log(`rebuild of the reporting projection alone: ${Math.round(alone).toLocaleString('en')} ev/s`);

    // The synthetic cases open a minute apart from 2026-04-06: the second quarter holds them all.
    const clock = new ManualClock('2026-07-01T00:00:00Z');
    const config = loadConfig({ DATABASE_URL: connectionString, LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN_KEY });
    config.ROLE = 'api';
    const app = await createApp(config, { clock });
    await app.listen(0, '127.0.0.1');
    const base = await app.getUrl();
    try {
      const period = 'from=2026-04-01&to=2026-07-01&granularity=quarter&timeZone=UTC';
      const routes = [
        `/v1/reports/sla-compliance?${period}&groupBy=priority`,
        `/v1/reports/response-times?${period}&groupBy=priority`,
        `/v1/reports/agents?${period}`,
        '/v1/reports/backlog',
        '/v1/reports/entitlements',
      ];
      for (const route of routes) {
        const times: number[] = [];
        let bytes = 0;
        for (let i = 0; i < REQUESTS + 5; i++) {
          const t0 = performance.now();
          const response = await fetch(`${base.replace('[::1]', '127.0.0.1')}${route}`, {
            headers: { authorization: `Bearer ${ADMIN_KEY}` },
          });
          const body = await response.text();
          if (response.status !== 200) throw new Error(`${route} answered ${response.status}: ${body}`);
          if (i >= 5) times.push(performance.now() - t0);
          bytes = body.length;
        }
        log(
          `${route.split('?')[0]}: p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms ` +
            `(${REQUESTS} requests, ${bytes.toLocaleString('en')} bytes)`,
        );
      }
    } finally {
      await app.close();
    }
  } finally {
    await store.close();
    await sql.close();
    // BENCH_KEEP=1 leaves the database behind, to EXPLAIN the report queries on it.
    if (process.env.BENCH_KEEP !== '1') await admin(`drop database if exists ${DATABASE}`);
  }
}

main().catch((error: unknown) => {
  log(String(error instanceof Error ? (error.stack ?? error.message) : error));
  process.exitCode = 1;
});
