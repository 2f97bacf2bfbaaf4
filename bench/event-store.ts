/**
 * Event store throughput: 8 concurrent writers x N single-event appends spread over 1,000 streams,
 * then a full readAll and a full catch-up subscription, for each adapter; for PostgreSQL also raw
 * `pg` baselines measured in the same run on the same server: plain INSERTs of the same rows into a
 * plain table with the same concurrency, and a plain cursor read of the same rows.
 *
 *   npm run bench:store                     one run
 *   BENCH_RUNS=3 npm run bench:store        three runs, medians (what bench/RESULTS.md records)
 *
 * Environment: BENCH_APPENDS_PER_WRITER (default 3000), BENCH_RUNS (default 1),
 * BENCH_DATABASE_URL (default TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres;
 * the bench works in database `caseledger_bench`, in a schema it drops afterwards),
 * BENCH_ADAPTERS (default memory,embedded,postgres, plus eventstoredb when EVENTSTORE_URL is set).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  EmbeddedEventStore,
  EventStoreDbEventStore,
  MemoryEventStore,
  PostgresEventStore,
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
} from '../libs/event-store/src';

const WRITERS = 8;
const STREAMS = 1000;
const PER_WRITER = Number(process.env.BENCH_APPENDS_PER_WRITER ?? 3000);
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const SERVER_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ADAPTERS = (
  process.env.BENCH_ADAPTERS ?? `memory,embedded,postgres${process.env.EVENTSTORE_URL ? ',eventstoredb' : ''}`
).split(',');

type Figures = Record<string, number>;

const total = WRITERS * PER_WRITER;
// At each step the 8 writers hit 8 different streams; every stream is written by several writers over the run.
const streamOf = (writer: number, i: number): string => `case-${(i * WRITERS + writer) % STREAMS}`;

/** UUIDv7, as the application makes its ids (time-ordered, so index inserts stay local). */
function uuidv7(): string {
  const bytes = randomBytes(16);
  const now = Date.now();
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function eventFor(writer: number, i: number): EventToAppend {
  return {
    eventId: uuidv7(),
    type: 'CaseResponded',
    data: { caseId: streamOf(writer, i), by: `agent-${writer}`, body: 'We are looking into it.', n: i },
    metadata: {
      schemaVersion: 1,
      correlationId: uuidv7(),
      actor: { id: `agent-${writer}`, role: 'agent' },
      tenantId: 'acme',
    },
  };
}

const rate = (count: number, startedAt: bigint): number => count / (Number(process.hrtime.bigint() - startedAt) / 1e9);

async function measureStore(store: EventStore, figures: Figures, name: string): Promise<void> {
  const events = Array.from({ length: WRITERS }, (_, w) =>
    Array.from({ length: PER_WRITER }, (_, i) => eventFor(w, i)),
  );
  let started = process.hrtime.bigint();
  await Promise.all(
    events.map(async (mine, writer) => {
      for (let i = 0; i < mine.length; i++) await store.appendToStream(streamOf(writer, i), [mine[i]]);
    }),
  );
  figures[`${name} append`] = rate(total, started);

  // Best of two full reads, here and in the raw cursor read: the first pass also pays for V8
  // compiling the row-decoding code, which the raw read would otherwise inherit already warm.
  let all: RecordedEvent[] = [];
  figures[`${name} readAll`] = 0;
  for (let pass = 0; pass < 2; pass++) {
    started = process.hrtime.bigint();
    all = await store.readAll();
    figures[`${name} readAll`] = Math.max(figures[`${name} readAll`], rate(all.length, started));
  }
  if (all.length < total) throw new Error(`${name}: readAll returned ${all.length} of ${total} events`);

  started = process.hrtime.bigint();
  const subscription = store.subscribeToAll({ fromPosition: 'start' });
  let seen = 0;
  for await (const _event of subscription) if (++seen === all.length) break;
  await subscription.close();
  figures[`${name} subscribe`] = rate(seen, started);
}

async function ensureBenchDatabase(): Promise<string> {
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    const { rowCount } = await admin.query(`select 1 from pg_database where datname = 'caseledger_bench'`);
    if (!rowCount) await admin.query('create database caseledger_bench');
  } finally {
    await admin.end();
  }
  const url = new URL(SERVER_URL);
  url.pathname = '/caseledger_bench';
  return url.toString();
}

async function withSchema<T>(databaseUrl: string, fn: (connectionString: string) => Promise<T>): Promise<T> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  try {
    return await fn(url.toString());
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

/** The same rows as the adapter writes, as plain INSERTs into a plain table, 8 connections. */
async function rawInserts(connectionString: string, figures: Figures): Promise<void> {
  const setup = new Client({ connectionString });
  await setup.connect();
  await setup.query(`create table raw_events (
      position bigserial primary key, stream_id text not null, revision bigint not null, event_id uuid not null,
      type text not null, data jsonb not null, metadata jsonb not null, recorded_at timestamptz not null default now())`);
  await setup.end();
  const clients = await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      const client = new Client({ connectionString });
      await client.connect();
      return client;
    }),
  );
  const started = process.hrtime.bigint();
  await Promise.all(
    clients.map(async (client, writer) => {
      for (let i = 0; i < PER_WRITER; i++) {
        const event = eventFor(writer, i);
        await client.query(
          'insert into raw_events (stream_id, revision, event_id, type, data, metadata) values ($1, $2, $3, $4, ' +
            '$5, $6)',
          [
            streamOf(writer, i),
            i,
            event.eventId,
            event.type,
            JSON.stringify(event.data),
            JSON.stringify(event.metadata),
          ],
        );
      }
    }),
  );
  figures['raw INSERT'] = rate(total, started);
  await Promise.all(clients.map((client) => client.end()));
}

/** The adapter's own rows, read through a plain cursor with pg's default parsing. */
async function rawCursorRead(connectionString: string, figures: Figures): Promise<void> {
  const client = new Client({ connectionString });
  await client.connect();
  figures['raw cursor read'] = 0;
  for (let pass = 0; pass < 2; pass++) {
    const started = process.hrtime.bigint();
    await client.query('begin');
    await client.query('declare c no scroll cursor for select * from events order by transaction_id, position');
    let count = 0;
    for (;;) {
      const { rows } = await client.query('fetch 5000 from c');
      count += rows.length;
      if (rows.length === 0) break;
    }
    await client.query('commit');
    figures['raw cursor read'] = Math.max(figures['raw cursor read'], rate(count, started));
  }
  await client.end();
}

async function runOnce(databaseUrl: string): Promise<Figures> {
  const figures: Figures = {};
  for (const adapter of ADAPTERS) {
    if (adapter === 'memory') {
      const store = new MemoryEventStore();
      await measureStore(store, figures, 'memory');
      await store.close();
    } else if (adapter === 'embedded') {
      const dataDir = await mkdtemp(join(tmpdir(), 'caseledger-bench-'));
      const store = await EmbeddedEventStore.open({ dataDir });
      try {
        await measureStore(store, figures, 'embedded');
      } finally {
        await store.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    } else if (adapter === 'postgres') {
      await withSchema(databaseUrl, async (connectionString) => {
        await rawInserts(connectionString, figures);
        const store = await PostgresEventStore.connect({ connectionString, poolSize: WRITERS + 2 });
        try {
          await measureStore(store, figures, 'postgres');
        } finally {
          await store.close();
        }
        await rawCursorRead(connectionString, figures);
      });
      figures['postgres append / raw INSERT'] = figures['postgres append'] / figures['raw INSERT'];
      figures['postgres readAll / raw cursor read'] = figures['postgres readAll'] / figures['raw cursor read'];
    } else if (adapter === 'eventstoredb' && process.env.EVENTSTORE_URL) {
      const store = await EventStoreDbEventStore.connect(process.env.EVENTSTORE_URL);
      try {
        await measureStore(store, figures, 'eventstoredb');
      } finally {
        await store.close();
      }
    }
  }
  return figures;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const show = (name: string, value: number): string =>
  name.includes(' / ') ? `${value.toFixed(2)}x` : `${Math.round(value).toLocaleString('en-US')} events/s`;

async function main(): Promise<void> {
  const databaseUrl = ADAPTERS.includes('postgres') ? await ensureBenchDatabase() : '';
  console.log(
    `event store bench: ${WRITERS} writers x ${PER_WRITER} single-event appends to ${STREAMS} streams (${total} events), ${RUNS} run(s)`,
  );
  const runs: Figures[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const figures = await runOnce(databaseUrl);
    runs.push(figures);
    console.log(
      `run ${run}: ${Object.entries(figures)
        .map(([name, value]) => `${name} ${show(name, value)}`)
        .join(', ')}`,
    );
  }
  console.log(`\n| measure | median of ${RUNS} | runs |\n|---|---:|---|`);
  for (const name of Object.keys(runs[0])) {
    const values = runs.map((figures) => figures[name]);
    console.log(
      `| ${name} | ${show(name, median(values))} | ${values.map((value) => show(name, value)).join(' / ')} |`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
