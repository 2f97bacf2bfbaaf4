/**
 * The last known events of recently written streams, so a command on a stream this process just
 * wrote decides without reading it back. Safe by construction: the append that follows carries the
 * cached revision as its expected revision, so if anyone else wrote in between the store refuses,
 * the entry is dropped and the decision is made again on a fresh read.
 *
 * Events are kept parsed and deeply frozen, and every fold reads the same objects: no aggregate can
 * change an object another fold will read, because a write to it throws (modules are strict code).
 * The domain's event handlers only build new state from event data and never write to it, which
 * libs/domain's replay tests check by folding frozen events and deciding on the result. Each entry
 * is a private copy, parsed from JSON text, so nothing a caller still holds (a store's record, the
 * appending aggregate's state) is frozen or shared.
 */
export interface CachedEvent {
  readonly type: string;
  readonly data: unknown;
}

export interface CachedStream {
  events: readonly CachedEvent[];
  revision: bigint;
  /** The chain hash of the stream's last event (undefined when it predates the chain). */
  chainHash: string | undefined;
}

export class StreamCache {
  private readonly entries = new Map<string, CachedStream>();

  constructor(private readonly capacity: number) {}

  get(streamId: string): CachedStream | undefined {
    const entry = this.entries.get(streamId);
    if (entry) {
      // Least recently used goes first when the cache is full: re-insert to mark as recent.
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry;
  }

  set(streamId: string, entry: CachedStream): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  forget(streamId: string): void {
    this.entries.delete(streamId);
  }
}

/** A cache entry's event: a deeply frozen copy of `data`, made once instead of parsed on every fold. */
export function cachedEvent(type: string, data: unknown): CachedEvent {
  return Object.freeze({ type, data: deepFreeze(JSON.parse(JSON.stringify(data)) as unknown) });
}

/** Freezes parsed JSON (plain objects and arrays only) all the way down. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const key in value) deepFreeze(value[key]);
    Object.freeze(value);
  }
  return value;
}
