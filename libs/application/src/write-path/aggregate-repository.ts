/**
 * The one write path every command handler takes: load the stream, fold it into the aggregate,
 * let the aggregate decide, append its new events with the revision that was read.
 *
 * When the caller pinned a revision (HTTP If-Match) a concurrent write is a conflict for the
 * caller to resolve. When it did not, the decision is simply re-made on the fresh state: the
 * aggregate checks its invariants again, so a retry can never write what a conflict would have
 * refused.
 *
 * A command sent with an Idempotency-Key writes events whose ids derive from the key (see
 * idempotent-ids.ts). Before deciding, the stream read is searched for them: found, the command
 * already ran (a process that died before answering, a concurrent duplicate) and its stored
 * result is answered as a replay, never decided again on today's state and instant. This works
 * on every store, EventStoreDB included, whose own id dedupe only covers recent appends.
 */
import type { AggregateRoot, IEvent } from '@nestjs/cqrs';
import {
  ConsultedStream,
  EventIdConflict,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  GlobalPosition,
  RecordedEvent,
  WrongExpectedVersion,
} from '@caseledger/event-store';
import { chainEvents, storedChainHash } from '../audit-chain/chain-hash';
import type { IdGenerator } from '../ids/uuid-v7';
import type { PersonalDataVault } from '../personal-data/personal-data-vault';
import type { AggregateKind } from './aggregate-kinds';
import type { CommandContext, IdempotentRequest } from './command-context';
import { idempotentEventId } from './idempotent-ids';
import { CachedEvent, cachedEvent, CachedStream, StreamCache } from './stream-cache';

/** Turns domain event instances into stored type + data and back. */
export interface EventCodec {
  encode(event: IEvent): { type: string; data: unknown; schemaVersion: number };
  decode(record: RecordedEvent): IEvent;
}

export interface WriteResult {
  streamId: string;
  /** Revision of the stream after the write (the ETag). */
  revision: bigint;
  /** Global position of the last event written, for read-your-writes (`consistentWith`). */
  position: GlobalPosition;
  /** Types of the events the command recorded, in order. */
  eventTypes: string[];
}

export interface Loaded<A> {
  aggregate: A;
  revision: bigint;
  /** The chain hash of the stream's last event, which the next append chains from (undefined: none). */
  chainHash?: string;
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

/** Another command created the same aggregate first (e.g. a TAM assignment for the same account). */
export class AggregateAlreadyExists extends Error {
  constructor(readonly streamId: string) {
    super(`stream ${streamId} already exists`);
    this.name = 'AggregateAlreadyExists';
  }
}

const MAX_OPTIMISTIC_ATTEMPTS = 5;

export interface UpdateOptions {
  expectedRevision?: bigint;
  /**
   * Event ids derived from what the events record, for writers that may say the same thing twice
   * (a restarted deadline watcher, a second one): the store's idempotent append then writes it once.
   */
  eventIds?: (event: IEvent, index: number) => string;
}

/** An aggregate a write decides on without writing to it (the contract a case opens under). */
export interface Consulted<B extends AggregateRoot> {
  kind: AggregateKind<B>;
  id: string;
}

export interface AggregateRepositoryOptions {
  /** Streams whose last events are kept for the next command (0: always read the stream). */
  streamCacheSize?: number;
}

export class AggregateRepository {
  private readonly cache: StreamCache | undefined;
  /**
   * The last write queued on each stream by this process. Commands of one process on one stream
   * take turns, so they never race each other to the same revision; only writers in other
   * processes cost optimistic retries.
   */
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: EventStore,
    private readonly codec: EventCodec,
    private readonly ids: IdGenerator,
    /** Seals contacts' personal data on the way to the store and opens it on the way out. */
    private readonly personalData: PersonalDataVault,
    options: AggregateRepositoryOptions = {},
  ) {
    this.cache = options.streamCacheSize ? new StreamCache(options.streamCacheSize) : undefined;
  }

  /** The aggregate and its revision, or undefined when the stream is empty or outside the caller's scope. */
  async load<A extends AggregateRoot>(
    kind: AggregateKind<A>,
    id: string,
    context?: Pick<CommandContext, 'scope'>,
    /** Keep the events for the write that follows (update's own reads). */
    remember = false,
  ): Promise<Loaded<A> | undefined> {
    return (await this.read(kind, id, context, remember)).loaded;
  }

  private async read<A extends AggregateRoot>(
    kind: AggregateKind<A>,
    id: string,
    context: Pick<CommandContext, 'scope'> | undefined,
    remember: boolean,
    /** Fold personal data as stored (sealed), for a decision that never reads it. */
    sealed = false,
  ): Promise<{ loaded: Loaded<A> | undefined; records: RecordedEvent[] }> {
    const streamId = kind.streamOf(id);
    const records = await this.store.readStream(streamId);
    if (records.length === 0) return { loaded: undefined, records };
    const last = records[records.length - 1];
    const chainHash = storedChainHash(last.metadata);
    if (remember)
      this.cache?.set(streamId, {
        events: records.map((r) => this.cachedEvent(kind, r.type, r.data)),
        revision: last.revision,
        chainHash,
      });
    const aggregate = kind.create();
    const revealed = sealed ? records : await this.personalData.reveal(records);
    aggregate.loadFromHistory(revealed.map((record) => this.codec.decode(record)));
    if (context?.scope && kind.accountOf(aggregate) !== context.scope.accountId) return { loaded: undefined, records };
    return { loaded: { aggregate, revision: last.revision, chainHash }, records };
  }

  /**
   * The aggregate folded from the first events of its stream only: `keep` sees each decoded event
   * with its record, in stream order, and the first one it refuses ends the fold. Undefined when no
   * event was kept or the case is outside the caller's scope, as `load`. Reads in the past (time
   * travel) use it, so they never depend on a read model.
   */
  async loadPrefix<A extends AggregateRoot>(
    kind: AggregateKind<A>,
    id: string,
    context: Pick<CommandContext, 'scope'> | undefined,
    keep: (event: IEvent, record: RecordedEvent) => boolean,
  ): Promise<Loaded<A> | undefined> {
    const records = await this.personalData.reveal(await this.store.readStream(kind.streamOf(id)));
    const kept: IEvent[] = [];
    let revision = -1n;
    for (const record of records) {
      const event = this.codec.decode(record);
      if (!keep(event, record)) break;
      kept.push(event);
      revision = record.revision;
    }
    if (kept.length === 0) return undefined;
    const aggregate = kind.create();
    aggregate.loadFromHistory(kept);
    if (context?.scope && kind.accountOf(aggregate) !== context.scope.accountId) return undefined;
    return { aggregate, revision };
  }

  async get<A extends AggregateRoot>(
    kind: AggregateKind<A>,
    id: string,
    context?: Pick<CommandContext, 'scope'>,
  ): Promise<Loaded<A>> {
    const loaded = await this.load(kind, id, context);
    if (!loaded) throw kind.notFound(id);
    return loaded;
  }

  /** Starts a new stream; refuses if the stream already exists (unless this very request wrote it). */
  async create<A extends AggregateRoot>(
    kind: AggregateKind<A>,
    id: string,
    decide: (aggregate: A) => void,
    context: CommandContext,
  ): Promise<WriteResult> {
    const streamId = kind.streamOf(id);
    const request = context.idempotency;
    if (request) {
      const earlier = await this.earlierWrite(streamId, request);
      if (earlier) return earlier;
    }
    const aggregate = kind.create();
    decide(aggregate);
    if (context.scope && kind.accountOf(aggregate) !== context.scope.accountId) throw kind.notFound(id);
    return this.appendNew(kind, streamId, aggregate, context);
  }

  /**
   * Starts a new stream on a decision that rests on another aggregate (a case opened under its
   * contract's terms). The consulted aggregate comes from the stream cache when this process knows
   * it, so opening a case reads nothing, and the revision it was decided on goes with the append
   * (the store's `consulted`): if another process changed it since, the store refuses, the entry is
   * dropped and the decision is made again on a fresh read. A refusal decided on a cached copy is
   * made again on a fresh read too before it is believed: the change that would allow it (a contact
   * authorised elsewhere) is exactly what the copy may lack.
   */
  async createConsulting<A extends AggregateRoot, B extends AggregateRoot>(
    kind: AggregateKind<A>,
    id: string,
    consulted: Consulted<B>,
    /** `basis` is folded with its personal data sealed: decide on its terms, never on a contact's name. */
    decide: (aggregate: A, basis: B) => void,
    context: CommandContext,
  ): Promise<WriteResult> {
    const streamId = kind.streamOf(id);
    const basisStream = consulted.kind.streamOf(consulted.id);
    const request = context.idempotency;
    if (request) {
      const earlier = await this.earlierWrite(streamId, request);
      if (earlier) return earlier;
    }
    for (let attempt = 1; ; attempt++) {
      // Folded as stored: the decision reads terms, never a contact's name, so no key is looked up.
      const cached =
        attempt === 1 ? await this.fromCache(consulted.kind, basisStream, context, undefined, true) : undefined;
      const basis = cached ?? (await this.read(consulted.kind, consulted.id, context, true, true)).loaded;
      if (!basis) throw consulted.kind.notFound(consulted.id);
      const aggregate = kind.create();
      try {
        decide(aggregate, basis.aggregate);
      } catch (error) {
        if (cached) continue;
        throw error;
      }
      if (context.scope && kind.accountOf(aggregate) !== context.scope.accountId) throw kind.notFound(id);
      try {
        return await this.appendNew(kind, streamId, aggregate, context, [
          { streamId: basisStream, revision: basis.revision },
        ]);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersion && error.streamId === basisStream)) throw error;
        this.cache?.forget(basisStream);
        if (attempt >= MAX_OPTIMISTIC_ATTEMPTS) throw error;
      }
    }
  }

  private async appendNew<A extends AggregateRoot>(
    kind: AggregateKind<A>,
    streamId: string,
    aggregate: A,
    context: CommandContext,
    consulted?: readonly ConsultedStream[],
  ): Promise<WriteResult> {
    const request = context.idempotency;
    try {
      return await this.append(kind, streamId, aggregate, 'no_stream', context, undefined, undefined, consulted);
    } catch (error) {
      const ours =
        error instanceof WrongExpectedVersion ? error.streamId === streamId : error instanceof EventIdConflict;
      if (!ours) throw error;
      // A duplicate of this request that ran at the same time may be the one that created it.
      const earlier = request && (await this.earlierWrite(streamId, request));
      if (earlier) return earlier;
      if (error instanceof WrongExpectedVersion) throw new AggregateAlreadyExists(streamId);
      throw error;
    }
  }

  /**
   * Loads an existing stream (from the stream cache when this process wrote it last), decides,
   * appends; see the file comment for the retry rule. A cached state that turns out stale is caught
   * by the append's expected revision and the command runs again on a fresh read; a refusal decided
   * on a cached state is decided again on a fresh read before it is answered.
   */
  async update<A extends AggregateRoot>(
    kind: AggregateKind<A>,
    id: string,
    /** May await reads of other aggregates before the aggregate decides; runs again on a retry. */
    decide: (aggregate: A) => void | Promise<void>,
    context: CommandContext,
    options: UpdateOptions = {},
  ): Promise<WriteResult> {
    const streamId = kind.streamOf(id);
    const previous = this.turns.get(streamId) ?? Promise.resolve();
    const mine = previous.then(() => this.decideAndAppend(kind, id, decide, context, options));
    const settled = mine.catch(() => undefined);
    this.turns.set(streamId, settled);
    void settled.then(() => {
      if (this.turns.get(streamId) === settled) this.turns.delete(streamId);
    });
    return mine;
  }

  private async decideAndAppend<A extends AggregateRoot>(
    kind: AggregateKind<A>,
    id: string,
    decide: (aggregate: A) => void | Promise<void>,
    context: CommandContext,
    options: UpdateOptions,
  ): Promise<WriteResult> {
    const streamId = kind.streamOf(id);
    const request = context.idempotency;
    for (let attempt = 1; ; attempt++) {
      // A request that may have run before is checked against the stream itself, never the cache.
      const cached =
        attempt === 1 && !request ? await this.fromCache(kind, streamId, context, options.expectedRevision) : undefined;
      if (attempt > 1) this.cache?.forget(streamId);
      const read = cached ? undefined : await this.read(kind, id, context, true);
      const loaded = cached ?? read?.loaded;
      if (!loaded) throw kind.notFound(id);
      // Before the If-Match check: the first execution is what moved the stream past it.
      const earlier = request && read && this.writtenBy(streamId, request, read.records);
      if (earlier) return earlier;
      const { aggregate, revision } = loaded;
      if (options.expectedRevision !== undefined && options.expectedRevision !== revision) {
        throw new RevisionMismatch(streamId, options.expectedRevision, revision);
      }
      try {
        await decide(aggregate);
      } catch (error) {
        // A refusal never reaches the store's revision check: on a cached copy, believe it only
        // once a fresh read refuses too.
        if (cached) continue;
        throw error;
      }
      try {
        return await this.append(kind, streamId, aggregate, revision, context, options.eventIds, loaded.chainHash);
      } catch (error) {
        this.cache?.forget(streamId);
        // A duplicate of this request stored its events first: the next read answers them.
        if (request && error instanceof EventIdConflict && attempt < MAX_OPTIMISTIC_ATTEMPTS) continue;
        if (!(error instanceof WrongExpectedVersion)) throw error;
        // A stale cache, not the caller's If-Match, may be what the store refused: read and check again.
        if (cached) continue;
        if (options.expectedRevision !== undefined)
          throw new RevisionMismatch(streamId, options.expectedRevision, error.actual);
        if (attempt >= MAX_OPTIMISTIC_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * The write that recorded the stream's last event `matches` accepts, answered as that write's
   * result (for a command whose repeat changes nothing, e.g. a second erasure); undefined for none.
   * Only the stored type and data are seen, never personal data.
   */
  async lastRecorded<A extends AggregateRoot>(
    kind: AggregateKind<A>,
    id: string,
    matches: (record: RecordedEvent) => boolean,
  ): Promise<WriteResult | undefined> {
    const streamId = kind.streamOf(id);
    const records = await this.store.readStream(streamId);
    const found = records.findLast(matches);
    return found && { streamId, revision: found.revision, position: found.position, eventTypes: [found.type] };
  }

  /** What this request stored in the stream on an earlier execution, answered as a replay. */
  private async earlierWrite(streamId: string, request: IdempotentRequest): Promise<WriteResult | undefined> {
    return this.writtenBy(streamId, request, await this.store.readStream(streamId));
  }

  private writtenBy(
    streamId: string,
    request: IdempotentRequest,
    records: readonly RecordedEvent[],
  ): WriteResult | undefined {
    const first = records.findIndex((r) => sameId(r.eventId, idempotentEventId(request, streamId, 0)));
    if (first < 0) return undefined;
    // One append's events are contiguous in its stream.
    let end = first + 1;
    while (end < records.length && sameId(records[end].eventId, idempotentEventId(request, streamId, end - first)))
      end++;
    const written = records.slice(first, end);
    const last = written[written.length - 1];
    request.replayed = true;
    return { streamId, revision: last.revision, position: last.position, eventTypes: written.map((e) => e.type) };
  }

  /**
   * Extends the cached stream with what was just appended, only when the append continued exactly
   * the cached revision (an idempotent replay of older events answers an older revision).
   */
  private remember<A extends AggregateRoot>(
    kind: AggregateKind<A>,
    streamId: string,
    expected: ExpectedRevision,
    appended: readonly EventToAppend[],
    revision: bigint,
    chainHash: string,
  ): void {
    if (!this.cache) return;
    const before: CachedStream | undefined =
      expected === 'no_stream'
        ? { events: [], revision: -1n, chainHash: undefined }
        : typeof expected === 'bigint'
          ? this.cache.get(streamId)
          : undefined;
    const continued =
      before !== undefined &&
      (expected === 'no_stream' || before.revision === expected) &&
      revision === before.revision + BigInt(appended.length);
    if (!continued) {
      this.cache.forget(streamId);
      return;
    }
    this.cache.set(streamId, {
      events: [...before.events, ...appended.map((e) => this.cachedEvent(kind, e.type, e.data))],
      revision,
      chainHash,
    });
  }

  /**
   * `data` with the values of the kind's shared keys replaced by the stream cache's one copy of
   * each (same JSON text, so what is stored does not change): the chain hash then writes the
   * canonical JSON of a contract's terms once, not once per case opened under them.
   */
  private withSharedParts<A extends AggregateRoot>(kind: AggregateKind<A>, type: string, data: unknown): unknown {
    const keys = kind.sharedParts?.[type];
    if (!keys || !this.cache || typeof data !== 'object' || data === null) return data;
    // Plain objects only: a copy of anything else could lose what its JSON depends on (a toJSON).
    const prototype: unknown = Object.getPrototypeOf(data);
    if (prototype !== Object.prototype && prototype !== null) return data;
    const shared: Record<string, unknown> = { ...data };
    for (const key of keys) if (shared[key] !== undefined) shared[key] = this.cache.shared.share(shared[key]);
    return shared;
  }

  private cachedEvent<A extends AggregateRoot>(kind: AggregateKind<A>, type: string, data: unknown): CachedEvent {
    const keys = kind.sharedParts?.[type];
    return cachedEvent(type, data, keys && this.cache && { keys, parts: this.cache.shared });
  }

  /** The cached state, unless it is missing, outside the caller's scope, or behind the caller's If-Match. */
  private async fromCache<A extends AggregateRoot>(
    kind: AggregateKind<A>,
    streamId: string,
    context: CommandContext,
    expectedRevision: bigint | undefined,
    /** Fold personal data as stored (sealed), for a decision that never reads it. */
    sealed = false,
  ): Promise<Loaded<A> | undefined> {
    const entry = this.cache?.get(streamId);
    if (!entry || (expectedRevision !== undefined && expectedRevision !== entry.revision)) return undefined;
    const aggregate = kind.create();
    // Shared with every other fold of this entry, safely: deeply frozen (see stream-cache.ts).
    const stored = entry.events;
    // The cache holds events as stored (sealed), so an erasure reaches cached streams too.
    const revealed = sealed ? stored : await this.personalData.reveal(stored);
    aggregate.loadFromHistory(revealed.map((event) => this.codec.decode(event as RecordedEvent)));
    if (context.scope && kind.accountOf(aggregate) !== context.scope.accountId) return undefined;
    return { aggregate, revision: entry.revision, chainHash: entry.chainHash };
  }

  /**
   * Encodes the events and seals their personal data: a step of its own, before the stored envelope
   * is built, so whatever is computed over the stored event covers the ciphertext, never the text.
   */
  private sealPersonalData<A extends AggregateRoot>(
    kind: AggregateKind<A>,
    aggregate: A,
    events: readonly IEvent[],
  ): Promise<{ type: string; data: unknown; schemaVersion: number }[]> {
    return this.personalData.seal(
      events.map((event) => this.codec.encode(event)),
      kind.dataSubjectOf && (() => kind.dataSubjectOf!(aggregate)),
    );
  }

  private async append<A extends AggregateRoot>(
    kind: AggregateKind<A>,
    streamId: string,
    aggregate: A,
    expectedRevision: 'no_stream' | bigint,
    context: CommandContext,
    eventIds?: UpdateOptions['eventIds'],
    /** The chain hash of the event at `expectedRevision`; undefined for a new stream. */
    previousHash?: string,
    /** Other streams the decision rested on, at the revisions it read them (see `createConsulting`). */
    consulted?: readonly ConsultedStream[],
  ): Promise<WriteResult> {
    const events = aggregate.getUncommittedEvents();
    if (events.length === 0)
      throw new Error(`a command on ${streamId} recorded nothing: every command must record at least one event`);
    const tenantId = kind.accountOf(aggregate);
    const sealed = await this.sealPersonalData(kind, aggregate, events);
    const encoded: EventToAppend[] = events.map((event, index) => {
      const { type, data, schemaVersion } = sealed[index];
      return {
        eventId:
          eventIds?.(event, index) ??
          (context.idempotency ? idempotentEventId(context.idempotency, streamId, index) : this.ids.next()),
        type,
        data: this.withSharedParts(kind, type, data),
        metadata: {
          schemaVersion,
          correlationId: context.correlationId,
          causationId: context.causationId ?? context.correlationId,
          actor: context.actor,
          tenantId,
        },
      };
    });
    // Last step before the store: the hash covers exactly what is stored, after any other transform.
    const firstRevision = expectedRevision === 'no_stream' ? 0n : expectedRevision + 1n;
    const { events: toAppend, lastHash } = chainEvents(streamId, firstRevision, previousHash, encoded);
    const result = await this.store.appendToStream(streamId, toAppend, { expectedRevision, consulted });
    aggregate.uncommit();
    this.remember(kind, streamId, expectedRevision, toAppend, result.nextExpectedRevision, lastHash);
    return {
      streamId,
      revision: result.nextExpectedRevision,
      position: result.position,
      eventTypes: toAppend.map((e) => e.type),
    };
  }
}

function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
