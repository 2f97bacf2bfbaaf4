/** Read options normalised once, so every adapter reads the same range for the same request. */
import type { ReadDirection, ReadStreamOptions } from './event-store.port';

export interface StreamRange {
  direction: ReadDirection;
  /** First revision to return; undefined means the natural start for the direction. */
  from: bigint | undefined;
  maxCount: number;
}

export function readStreamRange(options: ReadStreamOptions = {}): StreamRange {
  const direction = options.direction ?? 'forwards';
  if (direction !== 'forwards' && direction !== 'backwards')
    throw new RangeError(`direction must be "forwards" or "backwards"`);
  const maxCount = validateMaxCount(options.maxCount);
  const fromRevision = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
  if (fromRevision === 'start') return { direction, from: 0n, maxCount };
  if (fromRevision === 'end') {
    // Forwards from the end is EventStoreDB's "nothing yet"; backwards from the end is the last event.
    return direction === 'forwards'
      ? { direction, from: undefined, maxCount: 0 }
      : { direction, from: undefined, maxCount };
  }
  if (typeof fromRevision !== 'bigint' || fromRevision < 0n)
    throw new RangeError('fromRevision must be "start", "end" or a revision >= 0');
  return { direction, from: fromRevision, maxCount };
}

export function validateMaxCount(maxCount: number | undefined): number {
  if (maxCount === undefined) return Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(maxCount) || maxCount < 0) throw new RangeError('maxCount must be a non-negative integer');
  return maxCount;
}
