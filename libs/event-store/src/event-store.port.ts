/**
 * The event store port. Its semantics follow EventStoreDB so that every adapter (EventStoreDB,
 * PostgreSQL, embedded PGlite, memory) can be swapped without the application noticing.
 */

/** Who caused an event; carried in every envelope so auditors can replay decisions. */
export interface Actor {
  id: string;
  role: string;
}

export interface EventMetadata {
  schemaVersion: number;
  correlationId?: string;
  causationId?: string;
  actor?: Actor;
  tenantId?: string;
  /** Adapters keep unknown keys as they are. */
  [key: string]: unknown;
}

/** What a writer hands to `appendToStream`. */
export interface EventToAppend<Data = unknown> {
  eventId: string;
  type: string;
  data: Data;
  metadata: EventMetadata;
}

/**
 * A position in `$all`. `commit` orders events across transactions; `prepare` orders them inside
 * one. For SQL stores commit is the transaction id and prepare the sequence value; for EventStoreDB
 * they are its own commit/prepare pair. Compare with `comparePositions`, never by one field alone.
 */
export interface GlobalPosition {
  commit: bigint;
  prepare: bigint;
}

export interface RecordedEvent<Data = unknown> {
  eventId: string;
  type: string;
  data: Data;
  metadata: EventMetadata;
  streamId: string;
  revision: bigint;
  position: GlobalPosition;
  recordedAt: string;
}

/** EventStoreDB's expected-revision vocabulary. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** A stream the writer's decision rested on, and the revision it read it at. */
export interface ConsultedStream {
  streamId: string;
  revision: bigint;
}

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
  /**
   * Other streams the decision was made on (a case opened under its contract's terms): the append
   * is refused with `WrongExpectedVersion` naming the consulted stream when that stream is no longer
   * at its revision, so a writer may decide on a cached copy and still never act on a stale one.
   * On the SQL and memory stores the check is atomic with the append: a writer of the consulted
   * stream cannot commit between the check and the append's commit (SQL takes that stream's lock
   * shared). EventStoreDB cannot make it atomic; its adapter reads the consulted stream's last
   * revision just before appending, which is as strong as reading the stream before deciding.
   * An idempotent re-send of stored events still answers the first result.
   */
  consulted?: readonly ConsultedStream[];
}

export interface AppendResult {
  /** The stream's revision after the append (its last event's revision). */
  nextExpectedRevision: bigint;
  /** Position of the last event written (or of the already-present event, for an idempotent retry). */
  position: GlobalPosition;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  fromRevision?: bigint | 'start' | 'end';
  direction?: ReadDirection;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omit to start at the beginning. */
  fromPosition?: GlobalPosition | 'start';
  maxCount?: number;
}

export interface SubscribeToAllOptions {
  /** Exclusive, as in `readAll`. */
  fromPosition?: GlobalPosition | 'start';
}

/** An async iterable of events that can be stopped; iteration ends after `close()`. */
export interface AllSubscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  readonly kind: 'eventstoredb' | 'postgres' | 'embedded' | 'memory';
  /**
   * All or nothing. Rejects with `WrongExpectedVersion` when the stream is not at the expected
   * revision; `InvalidAppend` for malformed input, including an empty `events` (see
   * append-validation.ts for the rules); `EventIdConflict` when an id is already stored with other
   * content; `StoreUnavailable` when the backend cannot be reached. Re-sending an append whose ids
   * are all stored with the same content succeeds, writes nothing and answers the first result.
   *
   * On EventStoreDB, which has no index by event id, this holds only within the stream and, in
   * full, only for an exact expected revision or `no_stream`: the adapter then reads the events
   * after the expected revision and compares ids and content. Weaker there, and nothing may rely on it:
   * - a reused id in another stream is not detected (it is written again, with its new content);
   * - with `any` or `stream_exists`, a re-sent append is recognised only while the server's
   *   in-memory cache of recent commits still holds it (lost on restart, bounded in size); after
   *   that the retry is written again and answers a new result;
   * - a retry that races its own unfinished original may be dropped by the server and surface as
   *   `StoreUnavailable` (a timeout); retrying again then answers the first result.
   */
  appendToStream(streamId: string, events: readonly EventToAppend[], options?: AppendOptions): Promise<AppendResult>;
  /** A stream that does not exist reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * `$all` in position order. SQL stores show an event once every older transaction has finished,
   * so a read right after an append may briefly not include it; it never skips it.
   */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * The position of the last event committed, shown by `$all` yet or not (undefined: none). Stores
   * whose `$all` can lag behind their commits (the SQL stores, above) answer it, so a reader can
   * tell "nothing more committed" from "nothing more shown yet"; a store whose `$all` shows every
   * commit at once need not.
   */
  lastCommittedPosition?(): Promise<GlobalPosition | undefined>;
  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription;
  streamExists(streamId: string): Promise<boolean>;
  /** Cheap reachability check for `/ready`. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export const START_POSITION: GlobalPosition = { commit: 0n, prepare: 0n };

/** Positions travel as `"<commit>-<prepare>"` on the wire and in checkpoints. */
export function formatPosition(position: GlobalPosition): string {
  return `${position.commit}-${position.prepare}`;
}

export function parsePosition(text: string): GlobalPosition {
  const match = /^(\d{1,20})-(\d{1,20})$/.exec(text);
  if (!match) throw new InvalidPosition(text);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

export class InvalidPosition extends Error {
  constructor(readonly text: string) {
    super(`"${text}" is not a position; expected "<commit>-<prepare>", e.g. "1042-7"`);
    this.name = 'InvalidPosition';
  }
}
