import { Inject, Injectable } from '@nestjs/common';
import { GlobalPosition, SqlClient, START_POSITION } from '@caseledger/event-store';
import { Lag, readCheckpoint, RunnerState } from '@caseledger/read-models';
import { STATE_DB } from '../state/state-database.module';
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

@Injectable()
export class ProjectionStatusService {
  constructor(
    private readonly host: ProjectionHost,
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
        lagMs: lag.oldestPendingAt === null ? 0 : Math.max(0, Date.now() - Date.parse(lag.oldestPendingAt)),
        state: runner.state,
        ...(runner.lastError && { lastError: runner.lastError }),
      });
    }
    return statuses;
  }
}
