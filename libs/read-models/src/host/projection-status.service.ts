import { Inject, Injectable } from '@nestjs/common';
import { GlobalPosition, SqlClient, START_POSITION } from '@caseledger/event-store';
import {
  ReactorHost,
  ReactorState,
  ReactorStats,
  readCheckpoint,
  readCheckpoints,
  STATE_DB,
} from '@caseledger/runtime';
import type { Lag } from '../runner/event-lag';
import type { RunnerState } from '../runner/projection-runner';
import { ProjectionHost } from './projection-host';

export interface ProjectionStatus {
  name: string;
  version: number;
  checkpoint: GlobalPosition | undefined;
  lag: Lag;
  lagMs: number;
  state: RunnerState;
  lastError?: string;
}

export interface ReactorStatus {
  name: string;
  version: number | undefined;
  checkpoint: GlobalPosition | undefined;
  lag: Lag;
  lagMs: number;
  /** This process's reactor; `idle` when it runs elsewhere (ROLE=api). */
  state: ReactorState;
  lastError?: string;
  /** This process's counts since it started; zero where it does not run. */
  stats: ReactorStats;
}

const REACTOR_PREFIX = 'reactor:';
const NO_STATS: ReactorStats = { reacted: 0, retries: 0, refused: 0, restarts: 0 };

@Injectable()
export class ProjectionStatusService {
  constructor(
    private readonly host: ProjectionHost,
    private readonly reactorHost: ReactorHost,
    @Inject(STATE_DB) private readonly sql: SqlClient,
  ) {}

  async all(): Promise<ProjectionStatus[]> {
    const statuses: ProjectionStatus[] = [];
    for (const runner of this.host.runners) {
      // The stored checkpoint, not this process's: another instance may be the one running it.
      const stored = await readCheckpoint(this.sql, runner.name).catch(() => undefined);
      const lag = await this.host.lag.lagAfter(stored?.position ?? START_POSITION);
      statuses.push({
        name: runner.name,
        version: runner.projection.version,
        checkpoint: stored?.position,
        lag,
        lagMs: lagMs(lag),
        state: runner.state,
        ...(runner.lastError && { lastError: runner.lastError }),
      });
    }
    return statuses;
  }

  /**
   * Every reactor this process runs or the state database has a checkpoint of (a worker's, seen
   * from ROLE=api), with the lag of the stored checkpoint.
   */
  async reactors(): Promise<ReactorStatus[]> {
    const stored = new Map(
      (await readCheckpoints(this.sql, REACTOR_PREFIX).catch(() => [])).map((c) => [
        c.name.slice(REACTOR_PREFIX.length),
        c,
      ]),
    );
    const local = new Map(this.reactorHost.reactors.map((reactor) => [reactor.name, reactor]));
    const names = [...new Set([...local.keys(), ...stored.keys()])].sort();
    const statuses: ReactorStatus[] = [];
    for (const name of names) {
      const reactor = local.get(name);
      const checkpoint = stored.get(name);
      const lag = await this.host.lag.lagAfter(checkpoint?.position ?? START_POSITION);
      statuses.push({
        name,
        version: reactor?.reaction.version ?? checkpoint?.version,
        checkpoint: checkpoint?.position,
        lag,
        lagMs: lagMs(lag),
        state: reactor?.state ?? 'idle',
        ...(reactor?.lastError && { lastError: reactor.lastError }),
        stats: reactor ? { ...reactor.stats } : NO_STATS,
      });
    }
    return statuses;
  }
}

function lagMs(lag: Lag): number {
  return lag.oldestPendingAt === null ? 0 : Math.max(0, Date.now() - Date.parse(lag.oldestPendingAt));
}
