/**
 * EventStoreDB adapter over `@eventstore/db-client`. The port copies EventStoreDB's semantics, so
 * this is mostly translation: expected revisions, `WrongExpectedVersionError` to ours, its
 * commit/prepare position to ours, and `$all` without system events. Where the server promises
 * less than the port, the adapter makes up the difference:
 *
 * - every read asks the server for a bounded count and is cancelled when it ends early, so no gRPC
 *   call outlives the read that opened it (HTTP/2 allows only so many concurrent calls);
 * - a subscription that the transport drops subscribes again after the last event it delivered;
 * - after an append it reads back the events at the revisions the server answered and compares ids
 *   and content, because the server recognises a re-sent id but never its content (see the port for
 *   what stays weaker here);
 * - streams an append consulted are checked by reading their last revision just before it, since
 *   the server has no conditional append across streams (not atomic; the port says so).
 */
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  MaxAppendSizeExceededError,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  UnknownError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import {
  canonicalJson,
  isValidStreamId,
  partialRetry,
  validateAppend,
  type ValidatedAppend,
} from '../../append-validation';
import { Interrupt } from '../../catch-up-subscription';
import { EventIdConflict, InvalidAppend, StoreUnavailable, WrongExpectedVersion } from '../../event-store.errors';
import {
  comparePositions,
  formatPosition,
  InvalidPosition,
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

/** Raw events asked of the server per read of `$all`; system events among them are skipped. */
const ALL_PAGE_SIZE = 1000;
const UNAVAILABLE_TYPES = new Set(['unavailable', 'deadline-exceeded', 'timeout', 'not-leader', 'cancelled']);
// grpc's INVALID_ARGUMENT: the server's answer to a position that is not the start of a record.
const INVALID_ARGUMENT = 3;

function toStoreError(error: unknown): unknown {
  if (error instanceof MaxAppendSizeExceededError) {
    return new InvalidAppend('events', `exceed the server's maximum append size of ${error.maxAppendSize} bytes`);
  }
  if (error instanceof StreamDeletedError) {
    return new InvalidAppend('streamId', `stream ${error.streamName} was deleted and cannot be written again`);
  }
  const type = (error as { type?: string } | undefined)?.type;
  if (type && UNAVAILABLE_TYPES.has(type)) return new StoreUnavailable(error);
  if (
    error instanceof Error &&
    /UNAVAILABLE|ECONNREFUSED|failed to connect|failed to discover|channel has been shut down/i.test(error.message)
  )
    return new StoreUnavailable(error);
  return error;
}

/** A client read stream: async-iterable, with the `cancel()` that ends the gRPC call itself. */
interface CancellableRead<T> extends AsyncIterable<T> {
  cancel(): Promise<void>;
}

/**
 * Iterates a read until it ends or `visit` answers false. Leaving early (stop, break, error) must
 * cancel the call: the client only unpipes its stream, and the server would keep the call open.
 * Reads are bounded by a server-side count, so a read that is not left early ends on the server.
 */
async function consume<T>(read: CancellableRead<T>, visit: (item: T) => boolean): Promise<void> {
  let ended = false;
  try {
    for await (const item of read) if (!visit(item)) return;
    ended = true;
  } finally {
    if (!ended) await read.cancel().catch(() => undefined);
  }
}

function pause(ms: number, interrupt: Interrupt): Promise<void> {
  if (interrupt.fired) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      interrupt.off(done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    interrupt.on(done);
  });
}

export class EventStoreDbEventStore implements EventStore {
  readonly kind = 'eventstoredb' as const;
  private readonly subscriptions = new Set<AllSubscription>();
  private closed = false;

  private constructor(private readonly client: EventStoreDBClient) {}

  static async connect(url: string): Promise<EventStoreDbEventStore> {
    let client: EventStoreDBClient;
    try {
      client = EventStoreDBClient.connectionString(url);
    } catch (error) {
      throw toStoreError(error);
    }
    const store = new EventStoreDbEventStore(client);
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
    this.assertOpen();
    if (append.consulted.length > 0) {
      const replayed = await this.checkConsulted(append);
      if (replayed) return replayed;
    }
    let result;
    try {
      result = await this.client.appendToStream(
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
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = error.actualVersion;
        return this.retryOrRefuse(append, typeof actual === 'bigint' ? actual : 'no_stream');
      }
      throw toStoreError(error);
    }
    // With `throwOnAppendFailure=false` in the connection string the client answers a refused
    // append as a result; it is still refused.
    if (result.success === false) {
      const actual = result.nextExpectedRevision;
      return this.retryOrRefuse(append, actual >= 0n ? actual : 'no_stream');
    }
    return this.confirm(append, result.nextExpectedRevision);
  }

  /**
   * Reads the events at the revisions the server answered and checks they are the ones sent. The
   * server recognises a re-sent id without comparing its content, and answers such a retry without
   * a position; this read gives both the comparison and the position.
   */
  private async confirm(append: ValidatedAppend, lastRevision: bigint): Promise<AppendResult> {
    const firstRevision = lastRevision - BigInt(append.events.length) + 1n;
    const stored = await this.readStream(append.streamId, {
      fromRevision: firstRevision,
      maxCount: append.events.length,
    });
    append.events.forEach((event, index) => {
      const found = stored[index];
      if (!found || found.eventId !== event.eventId) {
        throw new Error(
          `stream ${append.streamId}: the server acknowledged revision ${firstRevision + BigInt(index)} for event ${event.eventId} but holds ${found?.eventId ?? 'nothing'} there`,
        );
      }
      if (!sameContent(found, event)) throw new EventIdConflict(event.eventId);
    });
    return { nextExpectedRevision: lastRevision, position: stored[stored.length - 1].position };
  }

  /**
   * The consulted streams' last revisions, read just before the append. EventStoreDB has no
   * conditional append across streams, so a writer of a consulted stream may still commit between
   * this read and the append: as strong as reading that stream before deciding, not atomic (the
   * port says so). An append whose events are already stored answers as a re-send, as elsewhere.
   */
  private async checkConsulted(append: ValidatedAppend): Promise<AppendResult | undefined> {
    for (const consulted of append.consulted) {
      const [last] = await this.readStream(consulted.streamId, { direction: 'backwards', maxCount: 1 });
      const actual = last ? last.revision : 'no_stream';
      if (actual === consulted.revision) continue;
      const replayed = await this.storedAlready(append);
      if (replayed) return replayed;
      throw new WrongExpectedVersion(consulted.streamId, consulted.revision, actual);
    }
    return undefined;
  }

  /** The first result of this very append when its events already follow its expected revision. */
  private async storedAlready(append: ValidatedAppend): Promise<AppendResult | undefined> {
    const expected = append.expectedRevision;
    if (expected !== 'no_stream' && typeof expected !== 'bigint') return undefined;
    const from = expected === 'no_stream' ? 0n : expected + 1n;
    const stored = await this.readStream(append.streamId, { fromRevision: from, maxCount: append.events.length });
    const same =
      stored.length === append.events.length && append.events.every((event, i) => stored[i].eventId === event.eventId);
    return same ? this.confirm(append, from + BigInt(append.events.length) - 1n) : undefined;
  }

  /**
   * The server answered a wrong expected version. If the events the writer expected to follow
   * `expected` are exactly these ids, this is a retry the server did not recognise (it only checks
   * a bounded cache); if some are and some are not, it is a partial retry; else another writer won.
   */
  private async retryOrRefuse(append: ValidatedAppend, actual: bigint | 'no_stream'): Promise<AppendResult> {
    const expected = append.expectedRevision;
    const refused = new WrongExpectedVersion(append.streamId, expected, actual);
    if (actual === 'no_stream' || (expected !== 'no_stream' && typeof expected !== 'bigint')) throw refused;
    const from = expected === 'no_stream' ? 0n : expected + 1n;
    if (from > actual) throw refused;
    const stored = await this.readStream(append.streamId, { fromRevision: from, maxCount: append.events.length });
    const storedIds = new Set(stored.map((event) => event.eventId));
    const present = append.events.filter((event) => storedIds.has(event.eventId));
    if (present.length === 0) throw refused;
    if (present.length < append.events.length || stored.length < append.events.length) {
      const missing = append.events.find((event) => !storedIds.has(event.eventId));
      throw partialRetry(present[0].eventId, missing?.eventId ?? stored[stored.length - 1].eventId);
    }
    return this.confirm(append, from + BigInt(append.events.length) - 1n);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const range = readStreamRange(options);
    this.assertOpen();
    if (!isValidStreamId(streamId) || range.maxCount === 0) return [];
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: range.direction === 'forwards' ? FORWARDS : BACKWARDS,
        fromRevision: range.from ?? (range.direction === 'forwards' ? START : END),
        maxCount: range.maxCount,
      });
      await consume(read as unknown as CancellableRead<ResolvedEvent>, (resolved) => {
        const event = toRecorded(resolved);
        if (event) events.push(event);
        return true;
      });
    } catch (error) {
      // A deleted stream holds nothing to read, as a stream never written.
      if (error instanceof StreamNotFoundError || error instanceof StreamDeletedError) return [];
      throw toStoreError(error);
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = validateMaxCount(options.maxCount);
    this.assertOpen();
    const from =
      options.fromPosition === undefined || options.fromPosition === 'start' ? START_POSITION : options.fromPosition;
    const events: RecordedEvent[] = [];
    // EventStoreDB reads $all from a position inclusively; ours is exclusive. System events count
    // towards the server's maxCount but are skipped here, so read on from the last raw position.
    // Each read is bounded by the server and read to its end: cancelling calls the server would end
    // anyway costs a reset frame each, and HTTP/2 servers drop connections that send many of them.
    let floor = from;
    let first = true;
    while (events.length < maxCount) {
      const wanted = Math.min(maxCount - events.length, ALL_PAGE_SIZE) + 1;
      let raw = 0;
      try {
        const read = this.client.readAll({
          direction: FORWARDS,
          fromPosition: first && floor === START_POSITION ? START : floor,
          maxCount: wanted,
        });
        await consume(read as unknown as CancellableRead<AllStreamResolvedEvent>, (resolved) => {
          raw++;
          const position = resolved.event?.position;
          if (!position || comparePositions(position, floor) <= 0) return true;
          floor = toPosition(position);
          const event = toRecorded(resolved);
          if (event && events.length < maxCount) events.push(event);
          return true;
        });
      } catch (error) {
        if (error instanceof UnknownError && Number(error.code) === INVALID_ARGUMENT) {
          throw new InvalidPosition(formatPosition(floor));
        }
        throw toStoreError(error);
      }
      first = false;
      if (raw < wanted) break;
    }
    return events;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    this.assertOpen();
    const from =
      options.fromPosition === undefined || options.fromPosition === 'start' ? START_POSITION : options.fromPosition;
    const client = this.client;
    const interrupt = new Interrupt();
    const subscriptions = this.subscriptions;
    let current: { unsubscribe(): Promise<void>; destroy(): void } | undefined;
    let iterated = false;

    const subscription: AllSubscription = {
      async close() {
        if (interrupt.fired) return;
        interrupt.fire();
        subscriptions.delete(subscription);
        const inner = current;
        if (inner) {
          await inner.unsubscribe().catch(() => undefined);
          inner.destroy();
        }
      },
      async *[Symbol.asyncIterator]() {
        if (iterated) throw new Error('a subscription can be iterated only once; subscribe again instead');
        iterated = true;
        let after = from;
        let backoffMs = 50;
        try {
          while (!interrupt.fired) {
            const inner = client.subscribeToAll({
              fromPosition: comparePositions(after, START_POSITION) === 0 ? START : after,
              filter: excludeSystemEvents(),
            });
            current = inner;
            try {
              for await (const resolved of inner as AsyncIterable<AllStreamResolvedEvent>) {
                if (interrupt.fired) return;
                const event = toRecorded(resolved);
                if (!event || comparePositions(event.position, after) <= 0) continue;
                backoffMs = 50;
                after = event.position;
                yield event;
              }
              // The server ended the call without an error; subscribe again from where it stopped.
            } catch (error) {
              if (interrupt.fired) return;
              if (error instanceof UnknownError && Number(error.code) === INVALID_ARGUMENT) {
                throw new InvalidPosition(formatPosition(after));
              }
              const mapped = toStoreError(error);
              if (!(mapped instanceof StoreUnavailable)) throw mapped;
              // A restart, a dropped connection, a leader change or a server-side cancel: resume.
              await pause(backoffMs, interrupt);
              backoffMs = Math.min(backoffMs * 2, 1000);
            } finally {
              // Reached on break, on error and on close: the server-side subscription must end too.
              await inner.unsubscribe().catch(() => undefined);
              current = undefined;
            }
          }
        } finally {
          interrupt.fire();
          subscriptions.delete(subscription);
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
    this.assertOpen();
    try {
      const read = this.client.readAll({ maxCount: 1, direction: BACKWARDS, fromPosition: END });
      await consume(read as unknown as CancellableRead<AllStreamResolvedEvent>, () => true);
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailable(new Error('the eventstoredb event store is closed'));
  }
}

function sameContent(stored: RecordedEvent, sent: ValidatedAppend['events'][number]): boolean {
  return (
    stored.type === sent.type &&
    canonicalJson(stored.data) === canonicalJson(JSON.parse(sent.dataJson)) &&
    canonicalJson(stored.metadata) === canonicalJson(JSON.parse(sent.metadataJson))
  );
}

function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return expected;
}

function toPosition(position: Position): GlobalPosition {
  return { commit: position.commit, prepare: position.prepare };
}

function toRecorded(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson || event.type.startsWith('$') || event.streamId.startsWith('$')) return undefined;
  if (!event.position) {
    // Every event read back carries its position; one without it must not pass as position 0-0.
    throw new Error(`event ${event.id} in ${event.streamId} was read without a position`);
  }
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
