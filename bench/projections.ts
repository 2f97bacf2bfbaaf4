/**
 * Projection throughput on the postgres store: N synthetic case histories appended through the
 * store's append, then
 *  - a raw baseline: a plain paged readAll of the same events, nothing projected;
 *  - a full rebuild of every projection (tables emptied, checkpoints at 0, one read of `$all` feeding
 *    the three runners side by side, as the rebuild command runs them), in events of `$all` per
 *    second of wall time;
 *  - live lag while events flow: the runners follow the store while single-event appends arrive at
 *    BENCH_LIVE_RATE per second for BENCH_LIVE_SECONDS; each event's lag is the time from its append
 *    being acknowledged to the batch holding it committing its checkpoint, per projection.
 *
 *   npm run bench:projections                             ~200,000 events, 3 runs, medians
 *   BENCH_EVENTS=1000000 npm run bench:projections        the 1,000,000-event figure
 *
 * Environment: BENCH_EVENTS (default 200000), BENCH_RUNS (3), BENCH_LIVE_RATE (500),
 * BENCH_LIVE_SECONDS (20), BENCH_DATABASE_URL (default TEST_DATABASE_URL or
 * postgres://postgres@127.0.0.1:5432/postgres). The bench creates database
 * `caseledger_bench_projections` and drops it at the end.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { comparePositions, GlobalPosition, PgSqlClient, PostgresEventStore } from '../libs/event-store/src';
import { allProjections, ProjectionRunner, REBUILD_BATCH_SIZE, resetProjection } from '../libs/read-models/src';
import { appendCaseHistories, caseHistory } from '../test/read-models/case-histories';
import { dropDatabase, freshDatabase, SERVER_URL } from './support/server';
import { median, percentile } from './support/stats';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LIVE_RATE = Number(process.env.BENCH_LIVE_RATE ?? 500);
const LIVE_SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 20);
const DATABASE = 'caseledger_bench_projections';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const connectionString = await freshDatabase(SERVER_URL, DATABASE, { force: false });
  const store = await PostgresEventStore.connect({ connectionString, poolSize: 16, pollIntervalMs: 50 });
  const sql = new PgSqlClient(new Pool({ connectionString, max: 8 }));
  try {
    const sample = Array.from({ length: 200 }, (_, i) => caseHistory(i, 42).events.length);
    const perCase = sample.reduce((a, b) => a + b, 0) / sample.length;
    const cases = Math.ceil(EVENTS / perCase);
    log(
      `appending ~${EVENTS.toLocaleString('en')} events (${cases.toLocaleString('en')} case histories of ~${perCase.toFixed(1)} events)...`,
    );
    const appendStart = Date.now();
    const { events } = await appendCaseHistories(store, cases, { seed: 42, parallel: 16 });
    log(`appended ${events.toLocaleString('en')} events in ${((Date.now() - appendStart) / 1000).toFixed(1)} s`);

    const baseline: number[] = [];
    const rebuild: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      let started = Date.now();
      let read = 0;
      let after: GlobalPosition | 'start' = 'start';
      for (;;) {
        const page = await store.readAll({ fromPosition: after, maxCount: 4000 });
        if (page.length === 0) break;
        read += page.length;
        after = page[page.length - 1].position;
      }
      baseline.push(read / ((Date.now() - started) / 1000));

      const projections = allProjections();
      for (const projection of projections) await resetProjection(sql, projection);
      started = Date.now();
      await ProjectionRunner.catchUpTogether(
        projections.map(
          (projection) => new ProjectionRunner(projection, store, sql, { batchSize: REBUILD_BATCH_SIZE }),
        ),
      );
      rebuild.push(events / ((Date.now() - started) / 1000));
      log(
        `run ${run}: raw readAll ${Math.round(baseline.at(-1)!).toLocaleString('en')} ev/s, rebuild of all projections ${Math.round(rebuild.at(-1)!).toLocaleString('en')} ev/s`,
      );
    }

    // Live: the runners follow the store; appends arrive at a steady rate.
    const runners = allProjections().map(
      (projection) => new ProjectionRunner(projection, store, sql, { batchSize: 500, retryMs: 100 }),
    );
    const acked: { position: GlobalPosition; at: number }[] = [];
    const lags = new Map<string, number[]>(runners.map((r) => [r.name, []]));
    const cursor = new Map<string, number>(runners.map((r) => [r.name, 0]));
    for (const runner of runners) {
      runner.onBatch((applied) => {
        const now = Date.now();
        let i = cursor.get(runner.name)!;
        const sink = lags.get(runner.name)!;
        while (i < acked.length && comparePositions(acked[i].position, applied.checkpoint) <= 0)
          sink.push(now - acked[i++].at);
        cursor.set(runner.name, i);
      });
      runner.start();
    }
    while (runners.some((r) => r.state !== 'live')) await new Promise((resolve) => setTimeout(resolve, 50));
    const streams = Array.from({ length: 2000 }, (_, i) => `case-live-${i}`);
    log(`live: ${LIVE_RATE} appends/s for ${LIVE_SECONDS} s...`);
    const pending: Promise<void>[] = [];
    const tickMs = 10;
    const perTick = LIVE_RATE / (1000 / tickMs);
    let owed = 0;
    let sent = 0;
    const liveStart = Date.now();
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (Date.now() - liveStart >= LIVE_SECONDS * 1000) {
          clearInterval(timer);
          resolve();
          return;
        }
        owed += perTick;
        for (; owed >= 1; owed--) {
          const n = sent++;
          const caseId = randomUUID();
          pending.push(
            store
              .appendToStream(streams[n % streams.length], [
                {
                  eventId: randomUUID(),
                  type: 'CaseResponded',
                  data: { caseId, agentId: 'agent-1', message: 'live', at: new Date().toISOString() },
                  metadata: { schemaVersion: 1 },
                },
              ])
              .then((result) => {
                // Acks can arrive out of position order; keep the list sorted for the sweep above.
                const entry = { position: result.position, at: Date.now() };
                let k = acked.length;
                while (k > 0 && comparePositions(acked[k - 1].position, entry.position) > 0) k--;
                acked.splice(k, 0, entry);
              }),
          );
        }
      }, tickMs);
    });
    await Promise.all(pending);
    const end = acked.at(-1)!.position;
    while (runners.some((r) => !r.checkpoint || comparePositions(r.checkpoint, end) < 0))
      await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.all(runners.map((r) => r.stop()));
    const achieved = sent / LIVE_SECONDS;

    const figures = {
      events,
      rawReadAllEventsPerSecond: Math.round(median(baseline)),
      rebuildAllProjectionsEventsPerSecond: Math.round(median(rebuild)),
      liveAppendsPerSecond: Math.round(achieved),
      liveLagMs: Object.fromEntries(
        [...lags].map(([name, values]) => [
          name,
          { p50: percentile(values, 50), p99: percentile(values, 99), max: Math.max(...values), n: values.length },
        ]),
      ),
    };
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    await store.close();
    await sql.close();
    await dropDatabase(SERVER_URL, DATABASE, { force: false });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
