/**
 * Hosts the projection runners where background work runs (ROLE=all or worker). On PostgreSQL each
 * runner competes for its advisory lock, so processes side by side run each projection once. The embedded database
 * belongs to one process, which therefore always runs
 * its runners, whatever its role: no worker could open the same folder.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EventStore, GlobalPosition, SqlClient } from '@caseledger/event-store';
import { APP_CONFIG, AppConfig, EVENT_STORE, PgAdvisoryLock, SingleProcessLock, STATE_DB } from '@caseledger/runtime';
import { allProjections } from '../projections';
import { EventLagProbe } from '../runner/event-lag';
import { ProjectionRunner } from '../runner/projection-runner';

@Injectable()
export class ProjectionHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Projections');
  readonly runners: ProjectionRunner[];
  readonly lag: EventLagProbe;
  private started = false;
  /** Whether this process runs the projections (see onApplicationBootstrap). */
  private hosting = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(STATE_DB) private readonly sql: SqlClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.runners = allProjections().map(
      (projection) =>
        new ProjectionRunner(projection, store, sql, {
          lock: config.DATABASE_URL
            ? new PgAdvisoryLock(config.DATABASE_URL, `projection:${projection.name}`)
            : new SingleProcessLock(),
          onError: (error) =>
            this.logger.error(`projection ${projection.name} failed; retrying from its checkpoint: ${String(error)}`),
        }),
    );
    this.lag = new EventLagProbe(store, sql);
  }

  runner(name: string): ProjectionRunner | undefined {
    return this.runners.find((runner) => runner.name === name);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.started = true;
    // A split deployment (ROLE=api beside workers) keeps projection work off the request path;
    // reads with consistentWith then wait on the checkpoints the workers advance.
    this.hosting = this.config.ROLE !== 'api' || !this.config.DATABASE_URL;
    if (this.hosting) for (const runner of this.runners) runner.start();
  }

  /**
   * Projections this process should run but has stopped: /ready reports them. A runner that failed
   * is retrying on its own (a database outage, say) and counts as started, as one on standby does.
   */
  notRunning(): string[] {
    if (!this.started || !this.hosting) return [];
    return this.runners.filter((runner) => runner.state === 'stopped').map((r) => `${r.name} (${r.state})`);
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.started) return;
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  /** The checkpoint this process knows of, without a query; undefined when another process runs it. */
  localCheckpoint(name: string): GlobalPosition | undefined {
    const runner = this.runner(name);
    return runner && (runner.state === 'live' || runner.state === 'catching-up') ? runner.checkpoint : undefined;
  }
}
