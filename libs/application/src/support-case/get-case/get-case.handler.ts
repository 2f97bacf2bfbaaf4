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
import type { DateTime } from 'luxon';
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
    let lastKept: DateTime | undefined;
    const loaded = await this.repository.loadPrefix(SUPPORT_CASES, targetId, context, (event, record) => {
      const instant = instants.next(event);
      const keep = 'asOf' in pointInTime ? instant <= pointInTime.asOf : record.revision <= pointInTime.atRevision;
      if (keep) lastKept = instant;
      return keep;
    });
    // Before its opening event, a case did not exist: the same 404 as a case that never did.
    if (!loaded || lastKept === undefined) throw new CaseNotFound();
    if ('atRevision' in pointInTime && loaded.revision < pointInTime.atRevision)
      throw new CaseRevisionNotFound(pointInTime.atRevision);
    const at = 'asOf' in pointInTime ? pointInTime.asOf : lastKept;
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
  private latest: DateTime | undefined;

  next(event: IEvent): DateTime {
    const instant = fromIsoInstant(caseEventInstant(event as SupportCaseEvent));
    if (this.latest === undefined || instant > this.latest) this.latest = instant;
    return this.latest;
  }
}
