import { Inject } from '@nestjs/common';
import { IEvent, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  CaseNotFound,
  caseEventInstant,
  CaseRevisionNotFound,
  CaseView,
  caseView,
  fromIsoInstant,
  SupportCaseEvent,
} from '@caseledger/domain';
import { DateTime } from 'luxon';
import { CLOCK, Clock } from '../../clock/clock';
import { QueryResult } from '../../read-path/aggregate-query';
import { SUPPORT_CASES } from '../../write-path/aggregate-kinds';
import { AggregateRepository } from '../../write-path/aggregate-repository';
import { GetCase } from './get-case.query';

/**
 * Folded from the case's stream on every read. Without a point in time each clock is evaluated at
 * the clock's now; with one, the stream is folded only up to that point and the clocks are evaluated
 * at that point's instant (see `instantsOfStream`).
 */
@QueryHandler(GetCase)
export class GetCaseHandler implements IQueryHandler<GetCase, QueryResult<CaseView>> {
  constructor(
    private readonly repository: AggregateRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ targetId, context, pointInTime }: GetCase): Promise<QueryResult<CaseView>> {
    if (!pointInTime) {
      const { aggregate, revision } = await this.repository.get(SUPPORT_CASES, targetId, context);
      return { view: caseView(aggregate, this.clock.now()), revision };
    }
    const instants = new StreamInstants();
    const asOfMs = 'asOf' in pointInTime ? pointInTime.asOf.toMillis() : Infinity;
    let lastKept: number | undefined;
    const loaded = await this.repository.loadPrefix(SUPPORT_CASES, targetId, context, (event, record) => {
      const instant = instants.next(event);
      const keep = 'atRevision' in pointInTime ? record.revision <= pointInTime.atRevision : instant <= asOfMs;
      if (keep) lastKept = instant;
      return keep;
    });
    // Before its opening event, a case did not exist: the same 404 as a case that never did.
    if (!loaded || lastKept === undefined) throw new CaseNotFound();
    if ('atRevision' in pointInTime && loaded.revision < pointInTime.atRevision)
      throw new CaseRevisionNotFound(pointInTime.atRevision);
    const at = 'asOf' in pointInTime ? pointInTime.asOf : DateTime.fromMillis(lastKept, { zone: 'utc' });
    return { view: caseView(loaded.aggregate, at), revision: loaded.revision };
  }
}

/**
 * The instant each event of a stream took effect: the domain instant it states (`caseEventInstant`,
 * the same instant the case's history shows). A few events state an instant earlier than an event written before them (a breach
 * recorded after its due instant, once the deadline watcher noticed it); the stream could not show
 * such an event before the events preceding it, so each instant is at least the one before, and a
 * read "as of" an instant is always a prefix of the stream.
 */
export class StreamInstants {
  private latest = -Infinity;

  /** The event's instant in epoch milliseconds: a fold of hundreds of events compares numbers, not luxon objects. */
  next(event: IEvent): number {
    const iso = caseEventInstant(event as SupportCaseEvent);
    // Events hold canonical UTC instants ending in Z, which Date.parse reads exactly.
    const ms = iso.endsWith('Z') ? Date.parse(iso) : fromIsoInstant(iso).toMillis();
    if (ms > this.latest) this.latest = ms;
    return this.latest;
  }
}
