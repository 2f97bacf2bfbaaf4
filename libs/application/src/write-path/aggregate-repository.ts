/**
 * The one write path every command handler takes: load the stream, fold it into the aggregate,
 * let the aggregate decide, append its new events with the revision that was read.
 *
 * When the caller pinned a revision (HTTP If-Match) a concurrent write is a conflict for the
 * caller to resolve. When it did not, the decision is simply re-made on the fresh state: the
 * aggregate checks its invariants again, so a retry can never write what a conflict would have
 * refused.
 */
import type { AggregateRoot, IEvent } from '@nestjs/cqrs';
import {
  Actor,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  GlobalPosition,
  RecordedEvent,
  WrongExpectedVersion,
} from '@caseledger/event-store';
import type { IdGenerator } from '../ids/uuid-v7';

/** Turns domain event instances into stored type + data and back. */
export interface EventCodec {
  encode(event: IEvent): { type: string; data: unknown; schemaVersion?: number };
  decode(record: RecordedEvent): IEvent;
}

export interface CommandContext {
  actor: Actor;
  correlationId: string;
  causationId?: string;
  tenantId: string;
}

export interface WriteResult {
  streamId: string;
  /** Revision of the stream after the write (the ETag). */
  revision: bigint;
  /** Global position of the last event written, for read-your-writes (`consistentWith`). */
  position: GlobalPosition;
  /** Types of the events the command produced, in order. */
  eventTypes: string[];
}

export interface Loaded<A> {
  aggregate: A;
  revision: bigint;
}

export class StreamNotFound extends Error {
  constructor(readonly streamId: string) {
    super(`stream ${streamId} does not exist`);
    this.name = 'StreamNotFound';
  }
}

/** The caller's If-Match named another revision than the stream has. */
export class RevisionMismatch extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: bigint,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamId} is at revision ${String(actual)}, not ${expected}`);
    this.name = 'RevisionMismatch';
  }
}

const MAX_OPTIMISTIC_ATTEMPTS = 5;

export class AggregateRepository {
  constructor(
    private readonly store: EventStore,
    private readonly codec: EventCodec,
    private readonly ids: IdGenerator,
  ) {}

  async load<A extends AggregateRoot>(streamId: string, create: () => A): Promise<Loaded<A> | undefined> {
    const records = await this.store.readStream(streamId);
    if (records.length === 0) return undefined;
    const aggregate = create();
    aggregate.loadFromHistory(records.map((record) => this.codec.decode(record)));
    return { aggregate, revision: records[records.length - 1].revision };
  }

  /** Creates a new stream; refuses (WrongExpectedVersion) if it already exists. */
  async create<A extends AggregateRoot>(
    streamId: string,
    create: () => A,
    decide: (aggregate: A) => void,
    context: CommandContext,
  ): Promise<WriteResult> {
    const aggregate = create();
    decide(aggregate);
    return this.append(streamId, aggregate, 'no_stream', context);
  }

  /** Loads an existing stream, decides, appends; see the file comment for the retry rule. */
  async update<A extends AggregateRoot>(
    streamId: string,
    create: () => A,
    decide: (aggregate: A) => void,
    context: CommandContext,
    options: { expectedRevision?: bigint } = {},
  ): Promise<WriteResult> {
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.load(streamId, create);
      if (!loaded) throw new StreamNotFound(streamId);
      if (options.expectedRevision !== undefined && options.expectedRevision !== loaded.revision) {
        throw new RevisionMismatch(streamId, options.expectedRevision, loaded.revision);
      }
      decide(loaded.aggregate);
      try {
        return await this.append(streamId, loaded.aggregate, loaded.revision, context);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersion)) throw error;
        if (options.expectedRevision !== undefined) {
          throw new RevisionMismatch(streamId, options.expectedRevision, error.actual);
        }
        if (attempt >= MAX_OPTIMISTIC_ATTEMPTS) throw error;
      }
    }
  }

  private async append(
    streamId: string,
    aggregate: AggregateRoot,
    expectedRevision: ExpectedRevision,
    context: CommandContext,
  ): Promise<WriteResult> {
    const events = aggregate.getUncommittedEvents();
    if (events.length === 0) {
      throw new Error(`a command on ${streamId} decided nothing: every command must record at least one event`);
    }
    const toAppend: EventToAppend[] = events.map((event) => {
      const { type, data, schemaVersion } = this.codec.encode(event);
      return {
        eventId: this.ids.next(),
        type,
        data,
        metadata: {
          schemaVersion: schemaVersion ?? 1,
          correlationId: context.correlationId,
          causationId: context.causationId ?? context.correlationId,
          actor: context.actor,
          tenantId: context.tenantId,
        },
      };
    });
    const result = await this.store.appendToStream(streamId, toAppend, { expectedRevision });
    aggregate.uncommit();
    return {
      streamId,
      revision: result.nextExpectedRevision,
      position: result.position,
      eventTypes: toAppend.map((e) => e.type),
    };
  }
}
