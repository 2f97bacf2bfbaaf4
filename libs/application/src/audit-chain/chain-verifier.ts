/**
 * Checks the chain of many streams in one pass over events in any order that keeps each stream's
 * own order (`$all`, one stream, an export file). It remembers one entry per stream (its last
 * revision and stored hash), never the events, so memory grows with the number of streams only.
 *
 * Each event is checked against the hash its predecessor *stores*, not the one recomputed: an
 * edited event is named alone, and the event after it still verifies.
 */
import type { RecordedEvent } from '@caseledger/event-store';
import { chainedContentOf, chainHash, GENESIS_HASH, storedChainHash } from './chain-hash';

export interface ChainBreak {
  stream: string;
  revision: bigint;
  reason: string;
}

/** A stream whose first events were written before the chain existed. */
export interface ChainStart {
  stream: string;
  /** The revision of its first hashed event. */
  hashedFrom: bigint;
}

export type ChainedEvent = Pick<RecordedEvent, 'type' | 'data' | 'metadata' | 'streamId' | 'revision'>;

interface StreamHead {
  revision: bigint;
  /** The stored hash of the stream's last event; undefined while its events predate the chain. */
  hash: string | undefined;
}

export interface ChainVerifierListener {
  onBreak?(broken: ChainBreak): void;
  onChainStart?(start: ChainStart): void;
}

export class ChainVerifier {
  private readonly heads = new Map<string, StreamHead>();
  private readonly breaks: ChainBreak[] = [];
  private checked = 0;

  constructor(private readonly listener: ChainVerifierListener = {}) {}

  get events(): number {
    return this.checked;
  }

  get streams(): number {
    return this.heads.size;
  }

  get broken(): readonly ChainBreak[] {
    return this.breaks;
  }

  /**
   * Starts a stream's chain mid-way: the next event checked must be `revision + 1` and chain from
   * `previousHash` (a window of an export whose first line carries its predecessor's hash).
   * `previousHash` undefined: the events before were unhashed.
   */
  resumeAt(stream: string, revision: bigint, previousHash: string | undefined): void {
    this.heads.set(stream, { revision, hash: previousHash === GENESIS_HASH ? undefined : previousHash });
  }

  /** Streams whose events checked so far carry no hash at all, or end with an unhashed one. */
  get unhashedStreams(): number {
    let count = 0;
    for (const head of this.heads.values()) if (head.hash === undefined) count++;
    return count;
  }

  /** The stored hash of the last event checked in the stream (undefined: none, or unhashed). */
  lastHash(stream: string): string | undefined {
    return this.heads.get(stream)?.hash;
  }

  /** True when the stream was already seen (or resumed). */
  knows(stream: string): boolean {
    return this.heads.has(stream);
  }

  check(event: ChainedEvent): void {
    this.checked++;
    const head = this.heads.get(event.streamId);
    const expected = head ? head.revision + 1n : 0n;
    const gap = event.revision !== expected;
    if (gap) {
      this.fail(
        event,
        event.revision > expected
          ? `revision ${expected} is missing: ${event.revision} follows ${expected - 1n}`
          : `revision ${event.revision} comes again after ${expected - 1n}`,
      );
    }
    const stored = storedChainHash(event.metadata);
    if (stored === undefined) {
      if (head?.hash !== undefined && !gap)
        this.fail(event, 'the event carries no chain hash, though the one before it does');
      // A writer that found no hash on the stream's last event chains the next one from genesis.
      this.heads.set(event.streamId, { revision: event.revision, hash: undefined });
      return;
    }
    if (head?.hash === undefined && event.revision > 0n) {
      this.listener.onChainStart?.({ stream: event.streamId, hashedFrom: event.revision });
    }
    const computed = chainHash(head?.hash ?? GENESIS_HASH, chainedContentOf(event));
    // After a gap the link cannot hold; the gap is the one break to name.
    if (computed !== stored && !gap) {
      this.fail(event, 'the stored hash does not match the event and the hash before it: the event was changed');
    }
    if (head) {
      head.revision = event.revision;
      head.hash = stored;
    } else {
      this.heads.set(event.streamId, { revision: event.revision, hash: stored });
    }
  }

  private fail(event: ChainedEvent, reason: string): void {
    const broken = { stream: event.streamId, revision: event.revision, reason };
    this.breaks.push(broken);
    this.listener.onBreak?.(broken);
  }
}

/** One stream's verdict, as the history of a case shows it. */
export interface StreamChainVerdict {
  verified: boolean;
  /** Revision of the first hashed event; null when no event of the stream is hashed. */
  hashedFrom: bigint | null;
  broken: ChainBreak[];
}

export function verifyStreamChain(events: readonly ChainedEvent[]): StreamChainVerdict {
  let hashedFrom: bigint | null = null;
  const verifier = new ChainVerifier();
  for (const event of events) {
    if (hashedFrom === null && storedChainHash(event.metadata) !== undefined) hashedFrom = event.revision;
    verifier.check(event);
  }
  const broken = [...verifier.broken];
  return { verified: broken.length === 0 && hashedFrom !== null, hashedFrom, broken };
}
