/** Query of `GET /v1/cases/{caseId}/sla-timeline`: the timeline now, or as it stood at an instant or revision. */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { ISO_INSTANT } from '../contracts/sign-contract.request.dto';
import { AS_OF_MESSAGE, AT_REVISION_MESSAGE } from '../support-cases/get-case.query.dto';

export class CaseSlaTimelineQuery {
  @ApiPropertyOptional({
    description:
      "The timeline as it stood at this instant: the case's stream folded up to the last event that had taken " +
      'effect by then, every segment cut at this instant. An instant before the case was opened answers 404. ' +
      'Not with atRevision. Without either, the timeline now.',
    format: 'date-time',
    example: '2026-05-26T16:00:00Z',
  })
  @IsOptional()
  @Matches(ISO_INSTANT, { message: AS_OF_MESSAGE })
  asOf?: string;

  @ApiPropertyOptional({
    description:
      'The timeline right after this revision of the stream was written (0 is its opening), cut at that ' +
      "event's instant. A revision the stream has not reached answers 404. Not with asOf.",
    type: 'string',
    pattern: '^(0|[1-9][0-9]{0,18})$',
    example: '6',
  })
  @IsOptional()
  @Matches(/^(0|[1-9]\d{0,18})$/, { message: AT_REVISION_MESSAGE })
  atRevision?: string;
}
