/**
 * The reports at volume on the postgres store: N synthetic case histories (about 12 events each) appended
 * through the store, then
 *  - a rebuild of every projection together (the reports' included), in events of `$all` per second,
 *    and of the reporting projection alone;
 *  - each report for a quarter through HTTP (the API listening on loopback, `fetch` as the client),
 *    BENCH_REQUESTS sequential requests after 5 warm-ups, p50 and p99;
 *  - beside them, raw baselines measured in the same run: a plain paged readAll of the events (nothing
 *    projected) and `GET /health` through the same client (HTTP and the client, no report).
 * Each run repeats all of it on the same seeded events; the medians over BENCH_RUNS runs close the output.
 *
 *   npm run bench:reports                          ~200,000 events
 *   BENCH_EVENTS=1000000 npm run bench:reports     the 1,000,000-event figure (about 80,000 cases)
 *
 * Environment: BENCH_EVENTS (default 200000), BENCH_REQUESTS (50), BENCH_RUNS (1), BENCH_DATABASE_URL (default
 * TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres), BENCH_KEEP=1 (keep the database),
 * BENCH_REUSE=1 (run on the events of a kept database instead of seeding again). The bench creates database
 * `caseledger_bench_reports` and drops it at the end.
 */
import { loadavg } from 'node:os';
import { Pool } from 'pg';
import { ManualClock } from '../libs/application/src';
import { GlobalPosition, PgSqlClient, PostgresEventStore } from '../libs/event-store/src';
import { allProjections, ProjectionRunner, REBUILD_BATCH_SIZE, resetProjection } from '../libs/read-models/src';
import { loadConfig } from '../libs/runtime/src';
import { createApp } from '../apps/api/src/create-app';
import { appendCaseHistories, caseHistory } from '../test/read-models/case-histories';
import { databaseUrl, dropDatabase, freshDatabase, onServer, SERVER_URL } from './support/server';
import { median, percentile } from './support/stats';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const DATABASE = 'caseledger_bench_reports';
const ADMIN_KEY = 'bench-reports-admin-key-0123456789';

const log = (line: string) => process.stderr.write(`${line}\n`);

const databaseExists = (): Promise<boolean> =>
  onServer(
    SERVER_URL,
    async (client) => (await client.query('select 1 from pg_database where datname = $1', [DATABASE])).rowCount === 1,
  );

async function timed(url: string, headers: Record<string, string>): Promise<{ times: number[]; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < REQUESTS + 5; i++) {
    const t0 = performance.now();
    const response = await fetch(url, { headers });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${body}`);
    if (i >= 5) times.push(performance.now() - t0);
    bytes = body.length;
  }
  return { times, bytes };
}

async function main(): Promise<void> {
  const reuse = process.env.BENCH_REUSE === '1' && (await databaseExists());
  const connectionString = reuse
    ? databaseUrl(SERVER_URL, DATABASE)
    : await freshDatabase(SERVER_URL, DATABASE, { force: false });
  const store = await PostgresEventStore.connect({ connectionString, poolSize: 16, pollIntervalMs: 50 });
  const sql = new PgSqlClient(new Pool({ connectionString, max: 8 }));
  try {
    let events = 0;
    if (reuse) {
      let after: GlobalPosition | 'start' = 'start';
      for (;;) {
        const page = await store.readAll({ fromPosition: after, maxCount: 4000 });
        if (page.length === 0) break;
        events += page.length;
        after = page[page.length - 1].position;
      }
      log(`reusing ${DATABASE}: ${events.toLocaleString('en')} events`);
    } else {
      const sample = Array.from({ length: 200 }, (_, i) => caseHistory(i, 42).events.length);
      const cases = Math.ceil(EVENTS / (sample.reduce((a, b) => a + b, 0) / sample.length));
      log(`appending ${cases.toLocaleString('en')} case histories...`);
      events = (await appendCaseHistories(store, cases, { seed: 42, parallel: 16 })).events;
      log(`appended ${events.toLocaleString('en')} events`);
    }

    const period = 'from=2026-04-01&to=2026-07-01&granularity=quarter&timeZone=UTC';
    const routes = [
      '/health',
      `/v1/reports/sla-compliance?${period}&groupBy=priority`,
      `/v1/reports/response-times?${period}&groupBy=priority`,
      `/v1/reports/agents?${period}`,
      '/v1/reports/backlog',
      '/v1/reports/entitlements',
    ];
    const figures = new Map<string, number[]>();
    const keep = (name: string, value: number) => figures.set(name, [...(figures.get(name) ?? []), value]);
    for (let run = 1; run <= RUNS; run++) {
      log(
        `run ${run} of ${RUNS} (load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')})`,
      );
      // The raw baseline: a plain paged readAll of the same events, nothing projected.
      let started = Date.now();
      let read = 0;
      let after: GlobalPosition | 'start' = 'start';
      for (;;) {
        const page = await store.readAll({ fromPosition: after, maxCount: 4000 });
        if (page.length === 0) break;
        read += page.length;
        after = page[page.length - 1].position;
      }
      keep('raw readAll ev/s', read / ((Date.now() - started) / 1000));

      const projections = allProjections();
      for (const projection of projections) await resetProjection(sql, projection);
      started = Date.now();
      await ProjectionRunner.catchUpTogether(
        projections.map(
          (projection) => new ProjectionRunner(projection, store, sql, { batchSize: REBUILD_BATCH_SIZE }),
        ),
      );
      keep(`rebuild of all ${projections.length} projections ev/s`, events / ((Date.now() - started) / 1000));
      const reports = projections.find((p) => p.name === 'reports')!;
      await resetProjection(sql, reports);
      started = Date.now();
      await new ProjectionRunner(reports, store, sql, { batchSize: REBUILD_BATCH_SIZE }).catchUp();
      keep('rebuild of the reporting projection alone ev/s', events / ((Date.now() - started) / 1000));
      // What autovacuum does to freshly written tables in a deployment, done now so every run reads the same.
      await sql.query('vacuum analyze');

      // The synthetic cases open a minute apart from 2026-04-06: the second quarter holds them all.
      const clock = new ManualClock('2026-07-01T00:00:00Z');
      const config = loadConfig({ DATABASE_URL: connectionString, LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN_KEY });
      config.ROLE = 'api';
      const app = await createApp(config, { clock });
      await app.listen(0, '127.0.0.1');
      const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      try {
        for (const route of routes) {
          const { times, bytes } = await timed(`${base}${route}`, { authorization: `Bearer ${ADMIN_KEY}` });
          const name = route.split('?')[0];
          keep(`${name} p50 ms`, percentile(times, 50));
          keep(`${name} p99 ms`, percentile(times, 99));
          log(`  ${name}: ${bytes.toLocaleString('en')} bytes`);
        }
      } finally {
        await app.close();
      }
      for (const [name, values] of figures) log(`  ${name}: ${values.at(-1)!.toFixed(1)}`);
    }
    log(
      `medians of ${RUNS} run(s) (load average now ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}):`,
    );
    for (const [name, values] of figures)
      log(`  ${name}: ${median(values).toFixed(1)}   (runs: ${values.map((v) => v.toFixed(1)).join(', ')})`);
  } finally {
    await store.close();
    await sql.close();
    // BENCH_KEEP=1 leaves the database behind, to EXPLAIN the report queries on it (BENCH_REUSE=1 runs on it again).
    if (process.env.BENCH_KEEP !== '1') await dropDatabase(SERVER_URL, DATABASE, { force: false });
  }
}

main().catch((error: unknown) => {
  log(String(error instanceof Error ? (error.stack ?? error.message) : error));
  process.exitCode = 1;
});
