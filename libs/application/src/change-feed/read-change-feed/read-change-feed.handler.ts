import { PersonalDataVault } from '../../personal-data/personal-data-vault';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  deserializeDomainEvent,
  domainEventInstant,
  isDomainEventType,
  matchesPublicEventTypes,
  PublicEventType,
  publicEventType,
} from '@caseledger/domain';
import type { EventStore, GlobalPosition, RecordedEvent } from '@caseledger/event-store';
import { EVENT_STORE } from '../../tokens';
import { ReadChangeFeed } from './read-change-feed.query';

export interface ChangeFeedEntry {
  eventId: string;
  type: PublicEventType;
  streamId: string;
  /** What the event is about: `case`, `contract` or `tam` (the TAM assignment of an account). */
  subjectKind: string;
  /** The case or contract id, or the account id for a TAM assignment. */
  subject: string;
  accountId: string | null;
  position: GlobalPosition;
  /** The domain instant the event records. */
  at: string;
  /** When the store recorded it. */
  recordedAt: string;
  schemaVersion: number;
  /** The event's data in the current schema. */
  data: unknown;
}

export interface ChangeFeedPage {
  entries: ChangeFeedEntry[];
  /**
   * Where the next read starts (its `after`): the last event looked at, which may lie past the last
   * entry when the events after it were not the reader's. Undefined when nothing was looked at.
   */
  cursor?: GlobalPosition;
  /** True when the page ended at the end of `$all` as visible now: later events need a later read. */
  caughtUp: boolean;
}

/** Events read from `$all` per round trip while filling a page. */
const BATCH = 500;
/**
 * Events looked at per request at most. A reader whose account has few events in a large store
 * gets an empty page with an advanced cursor rather than one request scanning the whole log.
 */
export const CHANGE_FEED_SCAN_BUDGET = 5_000;

/**
 * Reads `$all`, which on the SQL stores shows an event only once every older transaction has ended:
 * the cursor handed out never passes an event that a slower transaction commits later at a lower
 * position, so paging by it misses nothing.
 */
@QueryHandler(ReadChangeFeed)
export class ReadChangeFeedHandler implements IQueryHandler<ReadChangeFeed, ChangeFeedPage> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalDataVault,
  ) {}

  async execute({ context, request }: ReadChangeFeed): Promise<ChangeFeedPage> {
    const accountId = context.scope?.accountId;
    const entries: ChangeFeedEntry[] = [];
    let cursor = request.after;
    let scanned = 0;
    for (;;) {
      // Personal data is opened as in every other read: "[erased]" once its contact's key is destroyed.
      const batch = await this.personalData.reveal(
        await this.store.readAll({ fromPosition: cursor ?? 'start', maxCount: BATCH }),
      );
      for (const record of batch) {
        cursor = record.position;
        scanned++;
        const entry = toEntry(record);
        if (entry === undefined) continue;
        if (accountId !== undefined && entry.accountId !== accountId) continue;
        if (!matchesPublicEventTypes(entry.type, request.types)) continue;
        entries.push(entry);
        if (entries.length === request.limit) return { entries, cursor, caughtUp: false };
      }
      if (batch.length < BATCH) return { entries, cursor, caughtUp: true };
      if (scanned >= CHANGE_FEED_SCAN_BUDGET) return { entries, cursor, caughtUp: false };
    }
  }
}

/** Undefined for a stored event that is not a domain event: it has no public name to show. */
function toEntry(record: RecordedEvent): ChangeFeedEntry | undefined {
  if (!isDomainEventType(record.type)) return undefined;
  const event = deserializeDomainEvent(record.type, record.data);
  const dash = record.streamId.indexOf('-');
  const tenant = record.metadata.tenantId;
  return {
    eventId: record.eventId,
    type: publicEventType(record.type),
    streamId: record.streamId,
    subjectKind: dash < 0 ? record.streamId : record.streamId.slice(0, dash),
    subject: dash < 0 ? '' : record.streamId.slice(dash + 1),
    accountId: typeof tenant === 'string' ? tenant : null,
    position: record.position,
    at: new Date(Date.parse(domainEventInstant(event))).toISOString(),
    recordedAt: record.recordedAt,
    schemaVersion: record.metadata.schemaVersion ?? 1,
    data: record.data,
  };
}
