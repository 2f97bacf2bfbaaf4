/**
 * EventStoreDB adapter over `@eventstore/db-client`. The port copies EventStoreDB's semantics, so
 * this is mostly translation: expected revisions, `WrongExpectedVersionError` to ours, its
 * commit/prepare position to ours, and `$all` without system events.
 *
 * Difference from the SQL adapters: EventStoreDB deduplicates re-sent event ids itself (within its
 * idempotency window) but never compares content and cannot look events up by id, so a reused id
 * with other content is not detected as `EventIdConflict` here.
 */
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { isValidStreamId, validateAppend } from '../../append-validation';
import { StoreUnavailable, WrongExpectedVersion } from '../../event-store.errors';
import {
  comparePositions,
  START_POSITION,
  type AllSubscription,
  type AppendOptions,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type GlobalPosition,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
} from '../../event-store.port';
import { readStreamRange, validateMaxCount } from '../../read-options';

const UNAVAILABLE_TYPES = new Set(['unavailable', 'deadline-exceeded', 'timeout', 'not-leader', 'cancelled']);

function toStoreError(error: unknown): unknown {
  const type = (error as { type?: string }).type;
  if (type && UNAVAILABLE_TYPES.has(type)) return new StoreUnavailable(error);
  if (error instanceof Error && /UNAVAILABLE|ECONNREFUSED|failed to connect/i.test(error.message))
    return new StoreUnavailable(error);
  return error;
}

export class EventStoreDbEventStore implements EventStore {
  readonly kind = 'eventstoredb' as const;
  private readonly subscriptions = new Set<AllSubscription>();

  private constructor(private readonly client: EventStoreDBClient) {}

  static async connect(url: string): Promise<EventStoreDbEventStore> {
    const store = new EventStoreDbEventStore(EventStoreDBClient.connectionString(url));
    try {
      await store.ping();
    } catch (error) {
      await store.client.dispose().catch(() => undefined);
      throw error;
    }
    return store;
  }

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const append = validateAppend(streamId, events, options);
    try {
      const result = await this.client.appendToStream(
        append.streamId,
        append.events.map((event) =>
          jsonEvent({
            id: event.eventId,
            type: event.type,
            data: JSON.parse(event.dataJson),
            metadata: JSON.parse(event.metadataJson),
          }),
        ),
        { expectedRevision: toEsdbExpected(append.expectedRevision) },
      );
      return { nextExpectedRevision: result.nextExpectedRevision, position: toPosition(result.position) };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = error.actualVersion;
        throw new WrongExpectedVersion(
          append.streamId,
          append.expectedRevision,
          typeof actual === 'bigint' ? actual : 'no_stream',
        );
      }
      throw toStoreError(error);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const range = readStreamRange(options);
    if (!isValidStreamId(streamId) || range.maxCount === 0) return [];
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: range.direction === 'forwards' ? FORWARDS : BACKWARDS,
        fromRevision: range.from ?? (range.direction === 'forwards' ? START : END),
        maxCount: range.maxCount,
      });
      for await (const resolved of read as AsyncIterable<ResolvedEvent>) {
        const event = toRecorded(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toStoreError(error);
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = validateMaxCount(options.maxCount);
    const from =
      options.fromPosition === undefined || options.fromPosition === 'start' ? START_POSITION : options.fromPosition;
    const events: RecordedEvent[] = [];
    if (maxCount === 0) return events;
    try {
      const read = this.client.readAll({
        direction: FORWARDS,
        fromPosition: from === START_POSITION ? START : from,
      });
      for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
        const event = toRecorded(resolved);
        // EventStoreDB reads $all from a position inclusively; ours is exclusive. System events stay out.
        if (!event || comparePositions(event.position, from) <= 0) continue;
        events.push(event);
        if (events.length >= maxCount) break;
      }
    } catch (error) {
      throw toStoreError(error);
    }
    return events;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    const from =
      options.fromPosition === undefined || options.fromPosition === 'start' ? START_POSITION : options.fromPosition;
    const inner = this.client.subscribeToAll({
      fromPosition: from === START_POSITION ? START : from,
      filter: excludeSystemEvents(),
    });
    let closed = false;
    const subscriptions = this.subscriptions;
    const subscription: AllSubscription = {
      async close() {
        if (closed) return;
        closed = true;
        subscriptions.delete(subscription);
        await inner.unsubscribe().catch(() => undefined);
      },
      async *[Symbol.asyncIterator]() {
        try {
          for await (const resolved of inner as AsyncIterable<AllStreamResolvedEvent>) {
            if (closed) return;
            const event = toRecorded(resolved);
            if (!event || comparePositions(event.position, from) <= 0) continue;
            yield event;
          }
        } catch (error) {
          if (closed) return;
          throw toStoreError(error);
        }
      },
    };
    subscriptions.add(subscription);
    return subscription;
  }

  async streamExists(streamId: string): Promise<boolean> {
    return (await this.readStream(streamId, { maxCount: 1 })).length > 0;
  }

  async ping(): Promise<void> {
    try {
      for await (const _ of this.client.readAll({ maxCount: 1, direction: BACKWARDS, fromPosition: END })) break;
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }
}

function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return expected;
}

function toPosition(position: Position | undefined): GlobalPosition {
  return position ? { commit: position.commit, prepare: position.prepare } : START_POSITION;
}

function toRecorded(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson || event.type.startsWith('$') || event.streamId.startsWith('$')) return undefined;
  return {
    eventId: event.id,
    type: event.type,
    data: event.data,
    metadata: (event.metadata ?? { schemaVersion: 1 }) as EventMetadata,
    streamId: event.streamId,
    revision: event.revision,
    position: toPosition(event.position),
    recordedAt: event.created.toISOString(),
  };
}
