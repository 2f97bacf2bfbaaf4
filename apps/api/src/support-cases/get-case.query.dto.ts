/** Query of `GET /v1/cases/{caseId}`: read-your-writes is accepted as everywhere, plus time travel. */
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { CasePointInTime } from '@caseledger/application';
import { IsOptional, Matches } from 'class-validator';
import { DateTime } from 'luxon';
import { validationProblem } from '../problem-details/problem-validation.pipe';
import { ConsistentReadQuery } from '../projections/read-query.dto';
import { INSTANT_MESSAGE, ISO_INSTANT } from '../contracts/sign-contract.request.dto';

export const AS_OF_MESSAGE = `asOf ${INSTANT_MESSAGE}`;
export const AT_REVISION_MESSAGE = 'atRevision must be a revision of the case: plain digits, 0 for its opening event';

export class GetCaseQuery extends ConsistentReadQuery {
  @ApiPropertyOptional({
    description:
      'Answer the case as it stood at this instant: its stream folded up to the last event that had taken effect ' +
      "by then (an event's instant is the one it states, e.g. when the agent responded, never earlier than the " +
      "event before it), with every clock's status, used and left time evaluated at this instant. ETag names the " +
      'revision of that last event. An instant before the case was opened answers 404. Not with atRevision.',
    format: 'date-time',
    example: '2026-04-02T14:30:00Z',
  })
  @IsOptional()
  @Matches(ISO_INSTANT, { message: AS_OF_MESSAGE })
  asOf?: string;

  @ApiPropertyOptional({
    description:
      'Answer the case as it stood right after this revision of its stream was written (0 is its opening; the ' +
      "ETag of any read or write names one), with every clock evaluated at that event's instant. A revision the " +
      'stream has not reached answers 404. Not with asOf.',
    type: 'string',
    pattern: '^(0|[1-9][0-9]{0,18})$',
    example: '4',
  })
  @IsOptional()
  @Matches(/^(0|[1-9]\d{0,18})$/, { message: AT_REVISION_MESSAGE })
  atRevision?: string;
}

/** The point in time a read of a case's stream asks for; both at once, or a date the calendar lacks, is a 400. */
export function pointInTimeOf({
  asOf,
  atRevision,
}: {
  asOf?: string;
  atRevision?: string;
}): CasePointInTime | undefined {
  if (asOf !== undefined && atRevision !== undefined)
    throw validationProblem([
      { field: 'asOf', message: 'asOf and atRevision name two points in time; send one of them' },
      { field: 'atRevision', message: 'asOf and atRevision name two points in time; send one of them' },
    ]);
  if (atRevision !== undefined) return { atRevision: BigInt(atRevision) };
  if (asOf === undefined) return undefined;
  const instant = DateTime.fromISO(asOf, { zone: 'utc' });
  // The pattern admits 2026-02-30T00:00Z; the calendar does not.
  if (!instant.isValid) throw validationProblem([{ field: 'asOf', message: AS_OF_MESSAGE }]);
  return { asOf: instant };
}
