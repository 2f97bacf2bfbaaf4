/**
 * `projections rebuild [name]`: empties the projection's tables, puts its checkpoint back to 0 and
 * replays `$all` into it. When no process runs the projection, this command does the replay itself
 * under the projection's lock. When a running API holds the lock, its runner finds the checkpoint
 * moved under it (the checkpoint fence), starts again from 0, and this command follows its progress.
 */
import { comparePositions, EventStore, SqlClient, START_POSITION } from '@caseledger/event-store';
import {
  allProjections,
  EventLagProbe,
  PgAdvisoryLock,
  ProjectionRunner,
  readCheckpoint,
  REBUILD_BATCH_SIZE,
  resetProjection,
  SingleProcessLock,
} from '@caseledger/read-models';
import { ProgressBar } from './progress-bar';

/**
 * Connections the rebuild's state database needs: one per projection, each writing its batches in a
 * transaction of its own at the same time, and one for the resets and the progress of a projection
 * rebuilt elsewhere. Fewer would leave a runner waiting for a connection while another writes a
 * whole batch, past the pool's connection timeout on a loaded machine.
 */
export const REBUILD_CONNECTIONS = allProjections().length + 1;

export async function rebuildProjections(
  store: EventStore,
  sql: SqlClient,
  options: { name?: string; databaseUrl?: string; out?: NodeJS.WriteStream },
): Promise<void> {
  const projections = allProjections().filter((p) => options.name === undefined || p.name === options.name);
  if (projections.length === 0) {
    throw new Error(
      `no projection is named "${options.name}"; known: ${allProjections()
        .map((p) => p.name)
        .join(', ')}`,
    );
  }
  const probe = new EventLagProbe(store, sql);
  const total = (await probe.lagAfter(START_POSITION)).events;
  const locks = projections.map((p) =>
    options.databaseUrl ? new PgAdvisoryLock(options.databaseUrl, `projection:${p.name}`) : new SingleProcessLock(),
  );
  try {
    const held = await Promise.all(locks.map((lock) => lock.tryAcquire()));
    const mine = projections.filter((_, i) => held[i]);
    const theirs = projections.filter((_, i) => !held[i]);
    for (const projection of projections) await resetProjection(sql, projection);
    if (mine.length > 0) {
      // One read of $all feeds every projection this process rebuilds.
      const bar = new ProgressBar(mine.map((p) => p.name).join('+'), total, options.out);
      let done = 0;
      await ProjectionRunner.catchUpTogether(
        mine.map((p) => new ProjectionRunner(p, store, sql, { batchSize: REBUILD_BATCH_SIZE })),
        (events) => bar.update((done += events)),
      );
      bar.finish(done);
    }
    for (const projection of theirs) {
      // Another process runs it: watch its checkpoint climb back to where the store is.
      const bar = new ProgressBar(`${projection.name} (run elsewhere)`, total, options.out);
      const head = await probe.head();
      for (;;) {
        const checkpoint = (await readCheckpoint(sql, projection.name))?.position ?? START_POSITION;
        bar.update(Math.max(0, total - (await probe.lagAfter(checkpoint)).events));
        if (head === 'start' || comparePositions(checkpoint, head) >= 0) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      bar.finish(total);
    }
  } finally {
    await Promise.all(locks.map((lock) => lock.release()));
  }
}
