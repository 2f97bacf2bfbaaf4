/**
 * The event-store workload, shared by bench/event-store.ts and the Emmett side of it
 * (bench/emmett-store.ts, run in its own process), so both stores write the very same events.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import type { EventToAppend } from '../libs/event-store/src';

export const WRITERS = 8;
export const STREAMS = 1000;
export const PER_WRITER = Number(process.env.BENCH_APPENDS_PER_WRITER ?? 3000);
export const TOTAL = WRITERS * PER_WRITER;
/** Page size of every full ordered read: CaseLedger's `readAll` page, Emmett's batch, the raw cursor's fetch. */
export const READ_BATCH = 5000;

/**
 * At each step the 8 writers hit 8 different streams. STREAMS is a multiple of WRITERS, so a stream
 * belongs to one writer (stream ≡ writer mod 8), which lets each writer give the exact expected
 * revision of its own streams, as the application's write path does.
 */
export const streamOf = (writer: number, i: number): string => `case-${(i * WRITERS + writer) % STREAMS}`;

/** UUIDv7, as the application makes its ids (time-ordered, so index inserts stay local). */
export function uuidv7(): string {
  const bytes = randomBytes(16);
  const now = Date.now();
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function eventFor(writer: number, i: number): EventToAppend {
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

/** Every writer's events, made before the clock starts. */
export const workloadEvents = (): EventToAppend[][] =>
  Array.from({ length: WRITERS }, (_, w) => Array.from({ length: PER_WRITER }, (_, i) => eventFor(w, i)));

export const rate = (count: number, startedAt: bigint): number =>
  count / (Number(process.hrtime.bigint() - startedAt) / 1e9);

export type Figures = Record<string, number>;

/**
 * Both stores read `$all` only below the cluster's oldest running transaction, so a transaction
 * left open elsewhere on the shared server (another suite, autovacuum) can hide the newest rows for
 * a moment. Waits, untimed, until every appended row is readable, so each full read reads them all.
 */
export async function waitUntilReadable(connectionString: string, table: string): Promise<void> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as n from ${table} where transaction_id < pg_snapshot_xmin(pg_current_snapshot())`,
      );
      if (rows[0].n >= TOTAL) return;
      if (attempt === 600) throw new Error(`${table}: ${rows[0].n} of ${TOTAL} rows readable after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await client.end();
  }
}

/** The connection string with `application_name` set, so the store's server backends can be found. */
export function tagged(connectionString: string, applicationName: string): string {
  const url = new URL(connectionString);
  url.searchParams.set('application_name', applicationName);
  return url.toString();
}

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/**
 * CPU time (user + system, in µs) used so far by the server backends of one store, found by their
 * application_name, read from /proc (server on this machine). On a machine shared with other work a
 * rate says how much CPU a store was given; CPU per event says what it needs.
 */
export async function backendCpu(connectionString: string, applicationName: string): Promise<Map<number, number>> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where application_name = $1',
      [applicationName],
    );
    const used = new Map<number, number>();
    for (const { pid } of rows) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        used.set(pid, ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1e6);
      } catch {
        // the backend has just gone
      }
    }
    return used;
  } finally {
    await client.end();
  }
}

export const cpuSince = (before: Map<number, number>, after: Map<number, number>): number =>
  [...after].reduce((sum, [pid, used]) => sum + used - (before.get(pid) ?? 0), 0);

export const clientCpu = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return used.user + used.system;
};
