/**
 * Checkpoints of projections and of reactors (named `reactor:<name>`), one row per name. Commit and
 * prepare are numeric(20) because both are unsigned 64-bit in EventStoreDB and xid8 can pass
 * bigint's range in principle; they travel as decimal text to keep pg and PGlite identical.
 */
import { GlobalPosition, SqlQueryable, START_POSITION } from '@caseledger/event-store';

export const CHECKPOINTS_DDL = `create table if not exists projection_checkpoints (
    name text primary key,
    version int not null,
    commit numeric(20, 0) not null,
    prepare numeric(20, 0) not null,
    updated_at timestamptz not null default now()
  )`;

/** Any stable number; not a projection's or a reactor's own preparation lock. */
const CHECKPOINT_TABLE_LOCK = 7_318_042_779;

/**
 * Creates the checkpoint table if it is missing, inside the caller's transaction. Projections and
 * reactors, often in different processes, prepare under locks of their own and both create this
 * table: without a lock they share, the second CREATE TABLE IF NOT EXISTS misses the first one's
 * uncommitted table and fails when that one commits (a duplicate row in PostgreSQL's pg_type).
 */
export async function createCheckpointTable(tx: SqlQueryable): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock(${CHECKPOINT_TABLE_LOCK})`);
  await tx.query(CHECKPOINTS_DDL);
}

export interface StoredCheckpoint {
  version: number;
  position: GlobalPosition;
  updatedAt: string;
}

interface CheckpointRow {
  version: number;
  commit: string;
  prepare: string;
  updated_at: string;
}

export class CheckpointLost extends Error {
  constructor(readonly projection: string) {
    super(`the checkpoint of "${projection}" moved under this runner: another process advanced it`);
    this.name = 'CheckpointLost';
  }
}

export async function readCheckpoint(sql: SqlQueryable, name: string): Promise<StoredCheckpoint | undefined> {
  const [row] = await sql.query<CheckpointRow>(
    `select version, commit::text as commit, prepare::text as prepare,
            to_char(updated_at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at
       from projection_checkpoints where name = $1`,
    [name],
  );
  return (
    row && {
      version: row.version,
      position: { commit: BigInt(row.commit), prepare: BigInt(row.prepare) },
      updatedAt: row.updated_at,
    }
  );
}

export async function resetCheckpoint(
  sql: SqlQueryable,
  name: string,
  version: number,
  to: GlobalPosition = START_POSITION,
): Promise<void> {
  await sql.query(
    `insert into projection_checkpoints (name, version, commit, prepare) values ($1, $2, $3::numeric, $4::numeric)
     on conflict (name) do update set version = excluded.version, commit = excluded.commit, prepare = excluded.prepare, updated_at = now()`,
    [name, version, to.commit.toString(), to.prepare.toString()],
  );
}

/**
 * Moves the checkpoint from `from` to `to`. The `from` guard fences a runner that lost its lock
 * without noticing (a dropped lock connection): its transaction finds the row moved and rolls back
 * instead of applying a batch twice.
 */
export async function advanceCheckpoint(
  sql: SqlQueryable,
  name: string,
  from: GlobalPosition,
  to: GlobalPosition,
): Promise<void> {
  const rows = await sql.query(
    `update projection_checkpoints set commit = $2::numeric, prepare = $3::numeric, updated_at = now()
      where name = $1 and commit = $4::numeric and prepare = $5::numeric
     returning 1 as moved`,
    [name, to.commit.toString(), to.prepare.toString(), from.commit.toString(), from.prepare.toString()],
  );
  if (rows.length !== 1) throw new CheckpointLost(name);
}

/** Every stored checkpoint whose name starts with `prefix` (e.g. `reactor:`), by name; none before the table exists. */
export async function readCheckpoints(
  sql: SqlQueryable,
  prefix: string,
): Promise<({ name: string } & StoredCheckpoint)[]> {
  const [table] = await sql.query<{ present: boolean }>(
    "select to_regclass('projection_checkpoints') is not null as present",
  );
  if (!table.present) return [];
  const rows = await sql.query<CheckpointRow & { name: string }>(
    `select name, version, commit::text as commit, prepare::text as prepare,
            to_char(updated_at at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at
       from projection_checkpoints where starts_with(name, $1) order by name`,
    [prefix],
  );
  return rows.map((row) => ({
    name: row.name,
    version: row.version,
    position: { commit: BigInt(row.commit), prepare: BigInt(row.prepare) },
    updatedAt: row.updated_at,
  }));
}
