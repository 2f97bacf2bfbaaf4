import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { caseEventInstant, describeCaseEvent } from '@caseledger/domain';
import type { EventStore, GlobalPosition } from '@caseledger/event-store';
import { PersonalDataVault } from '../../personal-data/personal-data-vault';
import { EVENT_STORE } from '../../tokens';
import { storedEventsOf } from '../../audit-chain/verify-store-chains';
import { verifyStreamChain, type StreamChainVerdict } from '../../audit-chain/chain-verifier';
import { SUPPORT_CASES } from '../../write-path/aggregate-kinds';
import { readCaseStream, type CaseRecord } from '../case-stream/read-case-stream';
import { GetCaseHistory } from './get-case-history.query';

export interface CaseHistoryEntry {
  eventId: string;
  type: string;
  /** The domain instant the event records. */
  at: string;
  /**
   * When CaseLedger recorded it: the instant the event states for an action reported with its
   * `occurredAt` (then `at` is when the action happened), else when the store recorded it.
   */
  recordedAt: string;
  actor: { id: string; role: string } | null;
  correlationId: string | null;
  causationId: string | null;
  revision: bigint;
  position: GlobalPosition;
  schemaVersion: number;
  /** The event's data in the current schema. */
  data: unknown;
  description: string;
}

export interface CaseHistoryPage {
  entries: CaseHistoryEntry[];
  /** Whether the case's whole chain verifies (see audit-chain). */
  chain: StreamChainVerdict;
  /** Present when more entries follow: pass it as the next page's `afterRevision`. */
  lastRevision?: bigint;
}

@QueryHandler(GetCaseHistory)
export class GetCaseHistoryHandler implements IQueryHandler<GetCaseHistory, CaseHistoryPage> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalDataVault,
  ) {}

  async execute({ caseId, context, filter, page }: GetCaseHistory): Promise<CaseHistoryPage> {
    const records = await readCaseStream(this.store, caseId, context, this.personalData);
    const types = filter.types && new Set(filter.types);
    const from = filter.from === undefined ? undefined : Date.parse(filter.from);
    const to = filter.to === undefined ? undefined : Date.parse(filter.to);
    const matching = records.filter(({ record, event }) => {
      if (page.afterRevision !== undefined && record.revision <= page.afterRevision) return false;
      if (types && !types.has(event.type)) return false;
      const at = Date.parse(caseEventInstant(event));
      return (from === undefined || at >= from) && (to === undefined || at < to);
    });
    const entries = matching.slice(0, page.limit).map(caseHistoryEntry);
    const more = matching.length > page.limit;
    // The whole stream's chain, whatever the page: a break anywhere is the auditor's first question.
    const stored = storedEventsOf(this.store);
    const chain = verifyStreamChain(
      stored === this.store
        ? records.map(({ stored: raw }) => raw)
        : await stored.readStream(SUPPORT_CASES.streamOf(caseId)),
    );
    return { entries, chain, ...(more && { lastRevision: entries[entries.length - 1].revision }) };
  }
}

/** One event of a case as its history shows it. */
export function caseHistoryEntry({ record, event }: CaseRecord): CaseHistoryEntry {
  return {
    eventId: record.eventId,
    type: record.type,
    at: new Date(Date.parse(caseEventInstant(event))).toISOString(),
    recordedAt: reportedRecordedAt(record.data) ?? record.recordedAt,
    actor: record.metadata.actor ? { id: record.metadata.actor.id, role: record.metadata.actor.role } : null,
    correlationId: record.metadata.correlationId ?? null,
    causationId: record.metadata.causationId ?? null,
    revision: record.revision,
    position: record.position,
    schemaVersion: record.metadata.schemaVersion ?? 1,
    data: record.data,
    description: describeCaseEvent(event),
  };
}

/** The `recordedAt` an action reported after the fact carries in its data (see ReportedLater). */
function reportedRecordedAt(data: unknown): string | undefined {
  const recordedAt = (data as { recordedAt?: unknown } | null)?.recordedAt;
  return typeof recordedAt === 'string' ? recordedAt : undefined;
}
