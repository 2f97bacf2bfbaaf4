/**
 * In-process store for unit tests. Same semantics as the durable adapters (it passes the same
 * contract suite); nothing survives the process. Appends complete synchronously inside one call,
 * so JavaScript's single thread is the lock.
 */
import { canonicalJson, isValidStreamId, partialRetry, validateAppend } from '../../append-validation';
import { AppendSignal, CatchUpSubscription } from '../../catch-up-subscription';
import { EventIdConflict, StoreUnavailable, WrongExpectedVersion } from '../../event-store.errors';
import {
  comparePositions,
  START_POSITION,
  type AllSubscription,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type GlobalPosition,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
} from '../../event-store.port';
import { readStreamRange, validateMaxCount } from '../../read-options';

interface StoredEvent {
  eventId: string;
  type: string;
  dataJson: string;
  metadataJson: string;
  /** Key-order-independent content, compared when an event id comes back. */
  content: string;
  streamId: string;
  revision: bigint;
  position: GlobalPosition;
  recordedAt: string;
}

export class MemoryEventStore implements EventStore {
  readonly kind = 'memory' as const;
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly byId = new Map<string, StoredEvent>();
  private readonly signal = new AppendSignal();
  private readonly subscriptions = new Set<AllSubscription>();
  private closed = false;

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    this.assertOpen();
    const append = validateAppend(streamId, events, options);
    const incoming = append.events.map((event) => ({
      ...event,
      content: canonicalJson([append.streamId, event.type, JSON.parse(event.dataJson), JSON.parse(event.metadataJson)]),
    }));

    const existing = incoming.map((event) => this.byId.get(event.eventId));
    if (existing.some((event) => event !== undefined)) {
      incoming.forEach((event, index) => {
        const stored = existing[index];
        if (stored && stored.content !== event.content) throw new EventIdConflict(event.eventId);
      });
      const missing = incoming.find((_event, index) => existing[index] === undefined);
      if (missing) throw partialRetry(incoming.find((_e, i) => existing[i])!.eventId, missing.eventId);
      const last = (existing as StoredEvent[]).reduce((a, b) => (a.revision > b.revision ? a : b));
      return { nextExpectedRevision: last.revision, position: last.position };
    }

    const stream = this.streams.get(append.streamId);
    const current = stream ? BigInt(stream.length - 1) : -1n;
    const expected = append.expectedRevision;
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current === -1n) ||
      (expected === 'stream_exists' && current >= 0n) ||
      (typeof expected === 'bigint' && expected === current);
    if (!ok) throw new WrongExpectedVersion(append.streamId, expected, current === -1n ? 'no_stream' : current);
    for (const consulted of append.consulted) {
      const length = this.streams.get(consulted.streamId)?.length ?? 0;
      if (BigInt(length - 1) !== consulted.revision)
        throw new WrongExpectedVersion(
          consulted.streamId,
          consulted.revision,
          length === 0 ? 'no_stream' : BigInt(length - 1),
        );
    }

    const target = stream ?? [];
    const recordedAt = new Date().toISOString();
    let last: StoredEvent | undefined;
    incoming.forEach((event, index) => {
      const sequence = BigInt(this.all.length + 1);
      last = {
        eventId: event.eventId,
        type: event.type,
        dataJson: event.dataJson,
        metadataJson: event.metadataJson,
        content: event.content,
        streamId: append.streamId,
        revision: current + 1n + BigInt(index),
        position: { commit: sequence, prepare: sequence },
        recordedAt,
      };
      this.all.push(last);
      target.push(last);
      this.byId.set(last.eventId, last);
    });
    this.streams.set(append.streamId, target);
    this.signal.notify();
    return { nextExpectedRevision: last!.revision, position: last!.position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const range = readStreamRange(options);
    const stream = isValidStreamId(streamId) ? this.streams.get(streamId) : undefined;
    if (!stream || range.maxCount === 0) return [];
    const selected: StoredEvent[] = [];
    if (range.direction === 'forwards') {
      for (let i = Number(range.from ?? 0n); i < stream.length && selected.length < range.maxCount; i++) {
        selected.push(stream[i]);
      }
    } else {
      const from = range.from === undefined ? stream.length - 1 : Math.min(Number(range.from), stream.length - 1);
      for (let i = from; i >= 0 && selected.length < range.maxCount; i--) selected.push(stream[i]);
    }
    return selected.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = validateMaxCount(options.maxCount);
    const from =
      options.fromPosition === undefined || options.fromPosition === 'start' ? START_POSITION : options.fromPosition;
    return this.page(from, maxCount);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    this.assertOpen();
    const from =
      options.fromPosition === undefined || options.fromPosition === 'start' ? START_POSITION : options.fromPosition;
    const subscription: CatchUpSubscription = new CatchUpSubscription(
      { readPage: async (after, limit) => this.page(after, limit) },
      this.signal,
      from,
      { onEnd: () => this.subscriptions.delete(subscription) },
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async streamExists(streamId: string): Promise<boolean> {
    this.assertOpen();
    return isValidStreamId(streamId) && this.streams.has(streamId);
  }

  async ping(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
  }

  private page(after: GlobalPosition, limit: number): RecordedEvent[] {
    let low = 0;
    let high = this.all.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (comparePositions(this.all[middle].position, after) <= 0) low = middle + 1;
      else high = middle;
    }
    return this.all.slice(low, low + limit).map(toRecorded);
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailable(new Error('the memory event store is closed'));
  }
}

function toRecorded(event: StoredEvent): RecordedEvent {
  // Parsed afresh on every read so no reader can mutate what another one sees.
  return {
    eventId: event.eventId,
    type: event.type,
    data: JSON.parse(event.dataJson) as unknown,
    metadata: JSON.parse(event.metadataJson) as RecordedEvent['metadata'],
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    recordedAt: event.recordedAt,
  };
}
