import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  CaseNotFound,
  CaseRevisionNotFound,
  ClockTimelineView,
  IsoInstant,
  SlaTimelineRecorder,
  SupportCaseEvent,
  toIsoInstant,
} from '@caseledger/domain';
import type { GlobalPosition } from '@caseledger/event-store';
import { DateTime } from 'luxon';
import { CLOCK, Clock } from '../../clock/clock';
import { SUPPORT_CASES } from '../../write-path/aggregate-kinds';
import { AggregateRepository } from '../../write-path/aggregate-repository';
import { StreamInstants } from '../get-case/get-case.handler';
import { GetCaseSlaTimeline } from './get-case-sla-timeline.query';

/** How a timeline cites an event of the case's stream. */
export interface CaseEventRef {
  type: string;
  revision: bigint;
  position: GlobalPosition;
}

export interface CaseSlaTimeline {
  caseId: string;
  /** The instant the clocks were evaluated at: now, the `asOf` asked for, or the instant of the revision. */
  asOf: IsoInstant;
  /** The last revision folded (the ETag). */
  revision: bigint;
  clocks: ClockTimelineView<CaseEventRef>[];
}

/**
 * Folded from the case's stream on every read, never from a read model: the same prefix as
 * `GetCase` reads for a point in time, with every event passed to the timeline recorder as well.
 */
@QueryHandler(GetCaseSlaTimeline)
export class GetCaseSlaTimelineHandler implements IQueryHandler<GetCaseSlaTimeline, CaseSlaTimeline> {
  constructor(
    private readonly repository: AggregateRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caseId, context, pointInTime }: GetCaseSlaTimeline): Promise<CaseSlaTimeline> {
    const recorder = new SlaTimelineRecorder<CaseEventRef>();
    const instants = new StreamInstants();
    const asOfMs = pointInTime && 'asOf' in pointInTime ? pointInTime.asOf.toMillis() : Infinity;
    let lastKept: number | undefined;
    const loaded = await this.repository.loadPrefix(SUPPORT_CASES, caseId, context, (event, record) => {
      const instant = instants.next(event);
      const keep =
        pointInTime !== undefined && 'atRevision' in pointInTime
          ? record.revision <= pointInTime.atRevision
          : instant <= asOfMs;
      if (!keep) return false;
      lastKept = instant;
      recorder.observe(event as SupportCaseEvent, {
        type: record.type,
        revision: record.revision,
        position: record.position,
      });
      return true;
    });
    // Before its opening event, a case did not exist: the same 404 as a case that never did.
    if (!loaded || lastKept === undefined) throw new CaseNotFound();
    if (pointInTime && 'atRevision' in pointInTime && loaded.revision < pointInTime.atRevision)
      throw new CaseRevisionNotFound(pointInTime.atRevision);
    const at =
      pointInTime === undefined
        ? this.clock.now()
        : 'asOf' in pointInTime
          ? pointInTime.asOf
          : DateTime.fromMillis(lastKept, { zone: 'utc' });
    return {
      caseId: loaded.aggregate.id,
      asOf: toIsoInstant(at, 'asOf'),
      revision: loaded.revision,
      clocks: recorder.timelines(loaded.aggregate.clocks, at),
    };
  }
}
