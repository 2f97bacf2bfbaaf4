/**
 * `audit verify` on PostgreSQL: the chain of every stream checked in one pass over `$all`, beside a
 * plain paged `readAll` of the same events in the same run.
 *
 *   npm run bench:audit-verify                          1,000,000 events, 3 runs, medians
 *   BENCH_EVENTS=200000 npm run bench:audit-verify      a quicker look
 *
 * Seeding writes synthetic case histories (test/read-models/case-histories.ts) chained exactly as
 * the write path chains them (`chainEvents`), with one bulk INSERT per 10,000 events into the
 * adapter's own table, created by the adapter's own migrations: the adapter's one-append-per-call
 * path would take most of an hour for a million events and measures something else.
 *
 * Environment: BENCH_EVENTS (default 1,000,000), BENCH_RUNS (default 3), BENCH_DATABASE_URL (default
 * TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres; the bench creates database
 * `caseledger_bench_audit` there and drops it at the end).
 */
import { Client } from 'pg';
import { chainEvents, verifyStoreChains } from '../libs/application/src/audit-chain';
import { PostgresEventStore, type GlobalPosition } from '../libs/event-store/src';
import { caseHistory } from '../test/read-models/case-histories';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SERVER_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'caseledger_bench_audit';
const BATCH = 10_000;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
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

interface Row {
  stream: string;
  revision: string;
  id: string;
  type: string;
  data: string;
  metadata: string;
}

async function seed(connectionString: string): Promise<{ events: number; streams: number }> {
  const client = new Client({ connectionString });
  await client.connect();
  let rows: Row[] = [];
  let events = 0;
  let streams = 0;
  const flush = async () => {
    if (rows.length === 0) return;
    // One transaction per batch, as one append would be; the id of the batch's transaction orders $all.
    await client.query(
      `insert into events (stream_id, revision, event_id, type, data, metadata)
       select s, r, i, t, d, m
         from unnest($1::text[], $2::int8[], $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[]) as x(s, r, i, t, d, m)`,
      [
        rows.map((r) => r.stream),
        rows.map((r) => r.revision),
        rows.map((r) => r.id),
        rows.map((r) => r.type),
        rows.map((r) => r.data),
        rows.map((r) => r.metadata),
      ],
    );
    rows = [];
  };
  for (let index = 0; events < EVENTS; index++) {
    const history = caseHistory(index, 42);
    const decided = history.events.slice(0, EVENTS - events).map((event) => ({
      ...event,
      metadata: {
        ...event.metadata,
        correlationId: `req-${index}`,
        causationId: `req-${index}`,
        actor: { id: 'agent-1', role: 'agent' },
      },
    }));
    const { events: chained } = chainEvents(history.streamId, 0n, undefined, decided);
    chained.forEach((event, revision) =>
      rows.push({
        stream: history.streamId,
        revision: String(revision),
        id: event.eventId,
        type: event.type,
        data: JSON.stringify(event.data),
        metadata: JSON.stringify(event.metadata),
      }),
    );
    events += chained.length;
    streams++;
    if (rows.length >= BATCH) await flush();
  }
  await flush();
  await client.query('analyze events');
  await client.end();
  return { events, streams };
}

async function plainReadAll(store: PostgresEventStore): Promise<number> {
  let read = 0;
  let after: GlobalPosition | 'start' = 'start';
  for (;;) {
    const page = await store.readAll({ fromPosition: after, maxCount: 5000 });
    read += page.length;
    if (page.length < 5000) return read;
    after = page[page.length - 1].position;
  }
}

async function main(): Promise<void> {
  await admin(`drop database if exists ${DATABASE}`);
  await admin(`create database ${DATABASE}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${DATABASE}`;
  const connectionString = url.toString();
  const store = await PostgresEventStore.connect({ connectionString, poolSize: 4 });
  try {
    const seedStart = Date.now();
    const { events, streams } = await seed(connectionString);
    log(
      `seeded ${events.toLocaleString('en')} hashed events in ${streams.toLocaleString('en')} streams in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`,
    );
    const readRates: number[] = [];
    const verifyRates: number[] = [];
    const ratios: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      // Alternate which goes first, so neither always gets the warmer cache.
      const measure = async (which: 'read' | 'verify'): Promise<number> => {
        const started = process.hrtime.bigint();
        let count: number;
        if (which === 'read') count = await plainReadAll(store);
        else {
          const verifier = await verifyStoreChains(store);
          if (verifier.broken.length > 0)
            throw new Error(
              `the seeded chain broke: ${JSON.stringify(verifier.broken[0], (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`,
            );
          count = verifier.events;
        }
        if (count !== events) throw new Error(`${which} saw ${count} events, not ${events}`);
        return count / (Number(process.hrtime.bigint() - started) / 1e9);
      };
      const order: ('read' | 'verify')[] = run % 2 === 1 ? ['read', 'verify'] : ['verify', 'read'];
      const rates: Record<string, number> = {};
      for (const which of order) rates[which] = await measure(which);
      readRates.push(rates.read);
      verifyRates.push(rates.verify);
      ratios.push(rates.verify / rates.read);
      log(
        `run ${run}: readAll ${Math.round(rates.read).toLocaleString('en')} ev/s, verify ${Math.round(rates.verify).toLocaleString('en')} ev/s, ratio ${(rates.verify / rates.read).toFixed(2)}`,
      );
    }
    const show = (values: number[]) => values.map((v) => Math.round(v).toLocaleString('en')).join(' / ');
    console.log(`\n${events.toLocaleString('en')} events, ${streams.toLocaleString('en')} streams, ${RUNS} runs\n`);
    console.log(`| measure | median | runs |\n|---|---:|---|`);
    console.log(
      `| audit verify (events/s) | ${Math.round(median(verifyRates)).toLocaleString('en')} | ${show(verifyRates)} |`,
    );
    console.log(
      `| plain readAll (events/s) | ${Math.round(median(readRates)).toLocaleString('en')} | ${show(readRates)} |`,
    );
    console.log(
      `| verify / readAll, same run | ${median(ratios).toFixed(2)} | ${ratios.map((r) => r.toFixed(2)).join(' / ')} |`,
    );
  } finally {
    await store.close();
    await admin(`drop database if exists ${DATABASE}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
