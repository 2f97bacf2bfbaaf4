/**
 * Only one runner per projection at a time, across processes. On PostgreSQL a session-level
 * advisory lock held on a connection of its own (a pooled connection would hand the lock back to
 * the pool); the embedded PGlite database belongs to one process, which runs one runner per name.
 */
import { Client } from 'pg';

export interface ProjectionLock {
  /** True when this process now holds the lock (or already held it). */
  tryAcquire(): Promise<boolean>;
  release(): Promise<void>;
  /** Called when a held lock is lost (its connection died); the runner stops and competes again. */
  onLost(listener: () => void): void;
}

export class SingleProcessLock implements ProjectionLock {
  async tryAcquire(): Promise<boolean> {
    return true;
  }
  async release(): Promise<void> {}
  onLost(): void {}
}

export class PgAdvisoryLock implements ProjectionLock {
  private client: Client | undefined;
  private held = false;
  private readonly lostListeners: (() => void)[] = [];

  constructor(
    private readonly connectionString: string,
    /** e.g. `projection:case_summaries`; hashed by the server so every process derives the same key. */
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
