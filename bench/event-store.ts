/**
 * Event store throughput: 8 concurrent writers x N single-event appends spread over 1,000 streams,
 * each with the exact expected revision of its stream (as the application's write path appends),
 * then a full readAll and a full catch-up subscription, for each adapter. For PostgreSQL also, in
 * the same run on the same server: raw `pg` baselines (plain INSERTs of the same rows into a plain
 * table with the same concurrency, and a plain cursor read of the same rows), and the same workload
 * on Emmett's PostgreSQL event store (bench/emmett-store.ts, in its own process) with
 * CaseLedger/Emmett ratios for the appends and for a full ordered read.
 *
 * Before the first timed run one untimed pass of the server workloads (raw, CaseLedger, Emmett)
 * fills the server's WAL segments and warms both clients, so whichever store is timed first does
 * not pay for a fresh server; the order of CaseLedger and Emmett then alternates between runs.
 *
 *   npm run bench:store                     one run
 *   BENCH_RUNS=3 npm run bench:store        three runs, medians (what bench/RESULTS.md records)
 *
 * Environment: BENCH_APPENDS_PER_WRITER (default 3000), BENCH_RUNS (default 1),
 * BENCH_DATABASE_URL (default TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres;
 * the bench works in database `caseledger_bench`, in schemas it drops afterwards),
 * BENCH_ADAPTERS (default memory,embedded,postgres,emmett, plus eventstoredb when EVENTSTORE_URL is set).
 */
import { fork, type ChildProcess } from 'node:child_process';
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
  type ExpectedRevision,
  type RecordedEvent,
} from '../libs/event-store/src';
import type { EmmettReply, EmmettRequest } from './emmett-store';
import {
  backendCpu,
  clientCpu,
  cpuSince,
  eventFor,
  PER_WRITER,
  rate,
  READ_BATCH,
  STREAMS,
  streamOf,
  tagged,
  TOTAL,
  waitUntilReadable,
  workloadEvents,
  WRITERS,
  type Figures,
} from './store-workload';

const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const SERVER_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ADAPTERS = (
  process.env.BENCH_ADAPTERS ?? `memory,embedded,postgres,emmett${process.env.EVENTSTORE_URL ? ',eventstoredb' : ''}`
).split(',');

/** A store on the PostgreSQL server: where to find its backends, to count their CPU and wait for its rows. */
interface OnServer {
  connectionString: string;
  applicationName: string;
}

async function measureStore(store: EventStore, figures: Figures, name: string, server?: OnServer): Promise<void> {
  const events = workloadEvents();
  const serverBefore = server && (await backendCpu(server.connectionString, server.applicationName));
  const clientBefore = process.cpuUsage();
  let started = process.hrtime.bigint();
  await Promise.all(
    events.map(async (mine, writer) => {
      // A stream belongs to one writer (store-workload.ts), which knows its revision from its last append.
      const revisions = new Map<string, ExpectedRevision>();
      for (let i = 0; i < mine.length; i++) {
        const streamId = streamOf(writer, i);
        const { nextExpectedRevision } = await store.appendToStream(streamId, [mine[i]], {
          expectedRevision: revisions.get(streamId) ?? 'no_stream',
        });
        revisions.set(streamId, nextExpectedRevision);
      }
    }),
  );
  figures[`${name} append`] = rate(TOTAL, started);
  if (server && serverBefore) {
    figures[`${name} append CPU, client (µs/event)`] = clientCpu(clientBefore) / TOTAL;
    const serverAfter = await backendCpu(server.connectionString, server.applicationName);
    figures[`${name} append CPU, server (µs/event)`] = cpuSince(serverBefore, serverAfter) / TOTAL;
    await waitUntilReadable(server.connectionString, 'events');
  }

  // Best of two full reads, here and in the raw cursor read: the first pass also pays for V8
  // compiling the row-decoding code, which the raw read would otherwise inherit already warm.
  let all: RecordedEvent[] = [];
  figures[`${name} readAll`] = 0;
  for (let pass = 0; pass < 2; pass++) {
    started = process.hrtime.bigint();
    all = await store.readAll();
    figures[`${name} readAll`] = Math.max(figures[`${name} readAll`], rate(all.length, started));
  }
  if (all.length < TOTAL) throw new Error(`${name}: readAll returned ${all.length} of ${TOTAL} events`);

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
  figures['raw INSERT'] = rate(TOTAL, started);
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
      const { rows } = await client.query(`fetch ${READ_BATCH} from c`);
      count += rows.length;
      if (rows.length === 0) break;
    }
    await client.query('commit');
    figures['raw cursor read'] = Math.max(figures['raw cursor read'], rate(count, started));
  }
  await client.end();
}

/** Emmett's side runs in a child process (see bench/emmett-store.ts), kept for the whole bench so its JIT warms up too. */
class EmmettProcess {
  private readonly child: ChildProcess = fork(join(__dirname, 'emmett-store.ts'), [], {
    execArgv: ['-r', '@swc-node/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

  measure(connectionString: string): Promise<Figures> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`the Emmett process exited (${code})`));
      this.child.once('exit', onExit);
      this.child.once('message', (reply: EmmettReply) => {
        this.child.off('exit', onExit);
        if ('error' in reply) reject(new Error(`Emmett: ${reply.error}`));
        else resolve(reply.figures);
      });
      this.child.send({ connectionString } satisfies EmmettRequest);
    });
  }

  stop(): void {
    this.child.disconnect();
  }
}

/**
 * The workloads on the PostgreSQL server: the raw INSERT baseline, then CaseLedger's adapter (with
 * the raw cursor read of its rows) and Emmett, in the given order, each in a fresh schema.
 */
async function runOnServer(
  databaseUrl: string,
  order: readonly ('postgres' | 'emmett')[],
  emmett: EmmettProcess | undefined,
): Promise<Figures> {
  const figures: Figures = {};
  if (order.includes('postgres'))
    await withSchema(databaseUrl, (connectionString) => rawInserts(connectionString, figures));
  for (const adapter of order) {
    if (adapter === 'postgres') {
      await withSchema(databaseUrl, async (connectionString) => {
        const applicationName = 'bench_caseledger';
        const store = await PostgresEventStore.connect({
          connectionString: tagged(connectionString, applicationName),
          poolSize: WRITERS + 2,
        });
        try {
          await measureStore(store, figures, 'postgres', { connectionString, applicationName });
        } finally {
          await store.close();
        }
        await rawCursorRead(connectionString, figures);
      });
      figures['postgres append / raw INSERT'] = figures['postgres append'] / figures['raw INSERT'];
      figures['postgres readAll / raw cursor read'] = figures['postgres readAll'] / figures['raw cursor read'];
    } else if (emmett) {
      Object.assign(figures, await withSchema(databaseUrl, (connectionString) => emmett.measure(connectionString)));
    }
  }
  if (figures['postgres append'] && figures['emmett append']) {
    figures['CaseLedger append / Emmett append'] = figures['postgres append'] / figures['emmett append'];
    figures['Emmett / CaseLedger append CPU per event'] =
      (figures['emmett append CPU, client (µs/event)'] + figures['emmett append CPU, server (µs/event)']) /
      (figures['postgres append CPU, client (µs/event)'] + figures['postgres append CPU, server (µs/event)']);
    figures['CaseLedger readAll / Emmett batch read'] = figures['postgres readAll'] / figures['emmett batch read'];
    figures['CaseLedger readAll / Emmett batch read, default batch'] =
      figures['postgres readAll'] / figures['emmett batch read, default batch'];
  }
  return figures;
}

async function runOnce(
  databaseUrl: string,
  order: readonly ('postgres' | 'emmett')[],
  emmett: EmmettProcess | undefined,
): Promise<Figures> {
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
    } else if (adapter === 'eventstoredb' && process.env.EVENTSTORE_URL) {
      const store = await EventStoreDbEventStore.connect(process.env.EVENTSTORE_URL);
      try {
        await measureStore(store, figures, 'eventstoredb');
      } finally {
        await store.close();
      }
    }
  }
  if (order.length) Object.assign(figures, await runOnServer(databaseUrl, order, emmett));
  return figures;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const show = (name: string, value: number): string =>
  name.includes(' / ')
    ? `${value.toFixed(2)}x`
    : name.endsWith('(µs/event)')
      ? `${Math.round(value)} µs`
      : name.endsWith('(count)')
        ? value.toLocaleString('en-US')
        : `${Math.round(value).toLocaleString('en-US')} events/s`;

const line = (figures: Figures): string =>
  Object.entries(figures)
    .map(([name, value]) => `${name} ${show(name, value)}`)
    .join(', ');

async function main(): Promise<void> {
  const serverAdapters = (['postgres', 'emmett'] as const).filter((adapter) => ADAPTERS.includes(adapter));
  const databaseUrl = serverAdapters.length ? await ensureBenchDatabase() : '';
  const emmett = serverAdapters.includes('emmett') ? new EmmettProcess() : undefined;
  console.log(
    `event store bench: ${WRITERS} writers x ${PER_WRITER} single-event appends to ${STREAMS} streams (${TOTAL} events), ${RUNS} run(s)`,
  );
  try {
    if (serverAdapters.length) {
      console.log(`warm-up (not counted): ${line(await runOnServer(databaseUrl, serverAdapters, emmett))}`);
    }
    const runs: Figures[] = [];
    for (let run = 1; run <= RUNS; run++) {
      // Alternate which store the server sees first, so neither always inherits the other's checkpoint or autovacuum.
      const order = run % 2 === 1 ? serverAdapters : [...serverAdapters].reverse();
      const figures = await runOnce(databaseUrl, order, emmett);
      runs.push(figures);
      console.log(`run ${run} (${order.join(' then ') || 'no server'}): ${line(figures)}`);
    }
    console.log(`\n| measure | median of ${RUNS} | runs |\n|---|---:|---|`);
    for (const name of Object.keys(runs[0])) {
      const values = runs.map((figures) => figures[name]);
      console.log(
        `| ${name} | ${show(name, median(values))} | ${values.map((value) => show(name, value)).join(' / ')} |`,
      );
    }
  } finally {
    emmett?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
