/**
 * The last known events of recently written streams, so a command on a stream this process just
 * wrote decides without reading it back. Safe by construction: the append that follows carries the
 * cached revision as its expected revision, so if anyone else wrote in between the store refuses,
 * the entry is dropped and the decision is made again on a fresh read.
 *
 * Events are kept as JSON text and parsed for every fold, so no aggregate can share (and change) an
 * object another fold will read.
 */
export interface CachedStream {
  events: readonly { type: string; json: string }[];
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
