/**
 * What the reactor costs on the postgres store (events and checkpoints in one PostgreSQL database):
 *  - catch-up: a reactor from position 0 over BENCH_EVENTS events whose reaction does nothing,
 *    beside a plain paged readAll of the same events (the ceiling), in events per second;
 *  - live lag: single-event appends at BENCH_LIVE_RATE per second for BENCH_LIVE_SECONDS while the
 *    reactor follows; per event, the time from its append being acknowledged to the reaction being
 *    handed the event, and to the transaction that moves the checkpoint past it.
 *
 *   npm run bench:reactor
 *
 * Environment: BENCH_EVENTS (default 100000), BENCH_LIVE_RATE (500), BENCH_LIVE_SECONDS (10),
 * BENCH_DATABASE_URL (default TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres).
 * The bench creates database `caseledger_bench_reactor` and drops it at the end.
 */
import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { GlobalPosition, PgSqlClient, PostgresEventStore, RecordedEvent } from '../libs/event-store/src';
import { Reaction, Reactor, readCheckpoint } from '../libs/runtime/src';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const LIVE_RATE = Number(process.env.BENCH_LIVE_RATE ?? 500);
const LIVE_SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 10);
const SERVER_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'caseledger_bench_reactor';

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const log = (line: string) => process.stderr.write(`${line}\n`);
const key = (position: GlobalPosition) => `${position.commit}-${position.prepare}`;
const quiet = { log: () => undefined, warn: log, error: log };

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Notes when each event reached it, and when the checkpoint transaction covering it ran. */
class TimingReaction implements Reaction {
  readonly version = 1;
  readonly reachedAt = new Map<string, number>();
  readonly committedAt = new Map<string, number>();
  private sinceCommit: string[] = [];

  constructor(readonly name: string) {}

  async react(event: RecordedEvent): Promise<void> {
    const k = key(event.position);
    this.reachedAt.set(k, Date.now());
    this.sinceCommit.push(k);
  }

  async persist(): Promise<void> {
    const now = Date.now();
    for (const k of this.sinceCommit) this.committedAt.set(k, now);
    this.sinceCommit = [];
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
    log(`appending ${EVENTS.toLocaleString('en')} events...`);
    for (let i = 0; i < EVENTS; i += 500) {
      await Promise.all(
        Array.from({ length: 5 }, (_, w) =>
          store.appendToStream(
            `case-bench-${i}-${w}`,
            Array.from({ length: 100 }, () => ({
              eventId: randomUUID(),
              type: 'CaseResponded',
              data: { caseId: randomUUID(), agentId: 'agent-1', message: 'bench' },
              metadata: { schemaVersion: 1 },
            })),
          ),
        ),
      );
    }

    let started = Date.now();
    let read = 0;
    for (let page = await store.readAll({ maxCount: 500 }); page.length > 0;) {
      read += page.length;
      page = await store.readAll({ fromPosition: page[page.length - 1].position, maxCount: 500 });
    }
    const rawPerSecond = read / ((Date.now() - started) / 1000);

    const catchUp = new TimingReaction('bench-catch-up');
    const reactor = new Reactor(catchUp, store, sql, { logger: quiet });
    started = Date.now();
    reactor.start();
    await reactor.until(() => reactor.isLive, 10);
    const catchUpPerSecond = read / ((Date.now() - started) / 1000);
    await reactor.stop();
    const stored = await readCheckpoint(sql, 'reactor:bench-catch-up');
    log(`catch-up: ${Math.round(catchUpPerSecond)} events/s (raw readAll ${Math.round(rawPerSecond)}/s)`);

    const live = new TimingReaction('bench-live');
    const follower = new Reactor(live, store, sql, { logger: quiet });
    follower.start();
    await follower.until(() => follower.isLive, 10);
    const acked = new Map<string, number>();
    const pending: Promise<void>[] = [];
    const tickMs = 10;
    let owed = 0;
    let sent = 0;
    const liveStart = Date.now();
    log(`live: ${LIVE_RATE} appends/s for ${LIVE_SECONDS} s...`);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (Date.now() - liveStart >= LIVE_SECONDS * 1000) {
          clearInterval(timer);
          resolve();
          return;
        }
        owed += LIVE_RATE / (1000 / tickMs);
        for (; owed >= 1; owed--) {
          sent++;
          pending.push(
            store
              .appendToStream(`case-live-${sent % 2000}`, [
                {
                  eventId: randomUUID(),
                  type: 'CaseResponded',
                  data: { caseId: randomUUID(), agentId: 'agent-1', message: 'live' },
                  metadata: { schemaVersion: 1 },
                },
              ])
              .then((result) => void acked.set(key(result.position), Date.now())),
          );
        }
      }, tickMs);
    });
    await Promise.all(pending);
    await follower.until(() => [...acked.keys()].every((k) => live.committedAt.has(k)), 20);
    await follower.stop();
    const toReaction = [...acked].map(([k, at]) => Math.max(0, live.reachedAt.get(k)! - at));
    const toCheckpoint = [...acked].map(([k, at]) => Math.max(0, live.committedAt.get(k)! - at));
    const figures = {
      events: read,
      rawReadAllEventsPerSecond: Math.round(rawPerSecond),
      reactorCatchUpEventsPerSecond: Math.round(catchUpPerSecond),
      catchUpCheckpointReachedEnd: stored !== undefined,
      liveAppendsPerSecond: Math.round(sent / LIVE_SECONDS),
      liveLagMs: {
        toReaction: { p50: percentile(toReaction, 50), p99: percentile(toReaction, 99), max: Math.max(...toReaction) },
        toCheckpoint: {
          p50: percentile(toCheckpoint, 50),
          p99: percentile(toCheckpoint, 99),
          max: Math.max(...toCheckpoint),
        },
        n: acked.size,
      },
    };
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    await store.close();
    await sql.close();
    await admin(`drop database if exists ${DATABASE}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
