/**
 * The case as it stood right after an event, put beside the event's data in every case delivery so
 * a CRM updates its record from one message. Folded from the case's stream up to that event, as
 * "read one case at a revision" folds it, with each clock evaluated at the event's instant: the same
 * event always carries the same summary, however late it is dispatched or replayed.
 *
 * Folding costs a read of the stream, so the fold of each recent case is kept and moved forward by
 * the events that follow it: a batch of a case's events reads its stream once, and a case's next
 * event in a later batch reads nothing.
 */
import { DateTime } from 'luxon';
import {
  CaseStatus,
  deserializeDomainEvent,
  domainEventInstant,
  fromIsoInstant,
  SupportCase,
  type SupportCaseEvent,
  viewOfClock,
} from '@caseledger/domain';
import type { EventStore, RecordedEvent } from '@caseledger/event-store';

export interface CaseSummaryClock {
  clockId: string;
  metric: string;
  status: string;
  /** Null while the clock is paused or once it has stopped. */
  dueAt: string | null;
}

export interface CaseSummary {
  /** The case stream's revision this summary is as of: the event's own. */
  revision: number;
  status: CaseStatus;
  priority: string;
  criticality: string;
  assignedAgentId: string | null;
  clocks: CaseSummaryClock[];
}

/** The store could not be read: retrying may cure it, unlike an event that cannot be folded. */
export class CaseStreamUnreadable extends Error {
  constructor(streamId: string, cause: unknown) {
    super(`reading ${streamId} for its summary failed: ${String(cause)}`);
    this.name = 'CaseStreamUnreadable';
  }
}

interface Folded {
  aggregate: SupportCase;
  revision: bigint;
}

export const CASE_STREAM_PREFIX = 'case-';
/** Cases whose fold is kept between events; the oldest used is dropped first. */
const KEPT_CASES = 2_000;

export class CaseSummaries {
  private readonly folded = new Map<string, Folded>();

  constructor(private readonly store: EventStore) {}

  /** Forgets every fold (the dispatcher restarts from its checkpoint). */
  clear(): void {
    this.folded.clear();
  }

  /** The case right after `record`, an event of a `case-…` stream. */
  async after(record: RecordedEvent): Promise<CaseSummary> {
    const folded = await this.foldTo(record);
    const at = fromIsoInstant(domainEventInstant(deserializeDomainEvent(record.type, record.data)));
    return summaryOf(folded.aggregate, record.revision, at);
  }

  private async foldTo(record: RecordedEvent): Promise<Folded> {
    const streamId = record.streamId;
    let folded = this.folded.get(streamId);
    this.folded.delete(streamId);
    // A fold past this event (a replay from an older checkpoint) cannot be rewound: fold again.
    if (folded !== undefined && folded.revision >= record.revision) folded = undefined;
    const from = folded === undefined ? 0n : folded.revision + 1n;
    const missing =
      from === record.revision ? [record] : await this.read(streamId, from, Number(record.revision - from) + 1);
    const aggregate = folded?.aggregate ?? new SupportCase();
    aggregate.loadFromHistory(missing.map((r) => deserializeDomainEvent(r.type, r.data) as SupportCaseEvent));
    const next = { aggregate, revision: record.revision };
    this.folded.set(streamId, next);
    if (this.folded.size > KEPT_CASES) this.folded.delete(this.folded.keys().next().value!);
    return next;
  }

  private async read(streamId: string, fromRevision: bigint, maxCount: number): Promise<RecordedEvent[]> {
    try {
      return await this.store.readStream(streamId, { fromRevision, maxCount });
    } catch (error) {
      throw new CaseStreamUnreadable(streamId, error);
    }
  }
}

function summaryOf(supportCase: SupportCase, revision: bigint, at: DateTime): CaseSummary {
  const state = supportCase.state;
  return {
    revision: Number(revision),
    status: supportCase.status,
    priority: state.priority,
    criticality: state.criticality,
    assignedAgentId: state.assignedAgentId,
    clocks: state.clocks.map((clock) => {
      const view = viewOfClock(clock, at);
      return { clockId: view.clockId, metric: view.metric, status: view.status, dueAt: view.dueAt };
    }),
  };
}
