/**
 * Only one active consumer per name at a time (a projection runner, a reactor), across processes.
 * On PostgreSQL a session-level advisory lock held on a connection of its own (a pooled connection
 * would hand the lock back to the pool); the embedded PGlite database belongs to one process, where
 * an in-process lock per database and name is enough.
 */
import { Client } from 'pg';

export interface ExclusiveLock {
  /** True when this process now holds the lock (or already held it). */
  tryAcquire(): Promise<boolean>;
  release(): Promise<void>;
  /** Called when a held lock is lost (its connection died); the runner stops and competes again. */
  onLost(listener: () => void): void;
}

/** For a caller that knows it is the only contender (a rebuild on the embedded database). */
export class SingleProcessLock implements ExclusiveLock {
  async tryAcquire(): Promise<boolean> {
    return true;
  }
  async release(): Promise<void> {}
  onLost(): void {}
}

const heldInProcess = new WeakMap<object, Set<string>>();

/**
 * Held per (database, key) inside this process: two consumers of one name on one embedded database
 * (which no other process can open) take turns instead of both running.
 */
export class InProcessLock implements ExclusiveLock {
  private held = false;

  constructor(
    /** The state database's client: one lock table per database. */
    private readonly database: object,
    private readonly key: string,
  ) {}

  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    let keys = heldInProcess.get(this.database);
    if (!keys) heldInProcess.set(this.database, (keys = new Set()));
    if (keys.has(this.key)) return false;
    keys.add(this.key);
    this.held = true;
    return true;
  }

  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    heldInProcess.get(this.database)?.delete(this.key);
  }

  onLost(): void {}
}

export class PgAdvisoryLock implements ExclusiveLock {
  private client: Client | undefined;
  private held = false;
  private readonly lostListeners: (() => void)[] = [];

  constructor(
    private readonly connectionString: string,
    /** e.g. `projection:case_summaries`, `reactor:deadlines`; hashed by the server so every process derives the same key. */
    private readonly key: string,
  ) {}

  onLost(listener: () => void): void {
    this.lostListeners.push(listener);
  }

  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    try {
      if (!this.client) {
        const client = new Client({ connectionString: this.connectionString, connectionTimeoutMillis: 5000 });
        client.on('error', () => this.drop(client));
        client.on('end', () => this.drop(client));
        await client.connect();
        this.client = client;
      }
      // Advisory locks are per database; the schema in the key keeps deployments that share one
      // database in separate schemas from blocking each other's runners.
      const [row] = (
        await this.client.query<{ ok: boolean }>(
          "select pg_try_advisory_lock(hashtext(current_schema() || ':' || $1)) as ok",
          [this.key],
        )
      ).rows;
      this.held = row.ok;
      return this.held;
    } catch {
      if (this.client) this.drop(this.client);
      return false;
    }
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.held = false;
    // Ending the session releases every lock it holds, even one whose unlock never got through.
    if (client) await client.end().catch(() => undefined);
  }

  private drop(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    const wasHeld = this.held;
    this.held = false;
    client.end().catch(() => undefined);
    if (wasHeld) for (const listener of this.lostListeners) listener();
  }
}
