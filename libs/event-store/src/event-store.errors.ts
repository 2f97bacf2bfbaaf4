import type { ExpectedRevision } from './event-store.port';

/** Base of every error the store raises on purpose; anything else is a bug or an outage. */
export abstract class EventStoreError extends Error {
  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The stream's revision is not the one the writer expected: someone else wrote first. */
export class WrongExpectedVersion extends EventStoreError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

/** The append itself is malformed (empty stream name, no events, data that is not JSON, ...). */
export class InvalidAppend extends EventStoreError {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** An event id already stored with other content: a retry must resend the same event, byte for byte. */
export class EventIdConflict extends EventStoreError {
  constructor(readonly eventId: string) {
    super(`event ${eventId} is already stored with different content`);
  }
}

/** The backing store cannot be reached; callers answer 503 and retry later. */
export class StoreUnavailable extends EventStoreError {
  constructor(override readonly cause: unknown) {
    super(`event store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * The backing store is configured so that an acknowledged append could be lost (for PostgreSQL,
 * `synchronous_commit = off`). The store refuses to start rather than promise durability it lacks.
 */
export class UnsafeStoreConfiguration extends EventStoreError {
  constructor(
    readonly setting: string,
    reason: string,
  ) {
    super(`refusing to start: ${setting} ${reason}`);
  }
}
