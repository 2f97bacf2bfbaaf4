import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';
import { INSTANT_MESSAGE, ISO_INSTANT } from '../contracts/sign-contract.request.dto';

/** The body of actions another system may report after the fact (hotline calls, callbacks, responses, updates, answers). */
export class OccurredAtRequest {
  @ApiPropertyOptional({
    description:
      'Integration keys only: when the action happened (UTC), for a phone system or CRM that recorded it before ' +
      'sending it here. The SLA clocks count from it; the event also keeps when it was recorded. Not later than ' +
      'now beyond OCCURRED_AT_MAX_SKEW_SECONDS (within it: now), not older than OCCURRED_AT_MAX_AGE_HOURS, not ' +
      "before the case's previous event (422 naming occurredAt and the bound). Any other key giving it: 422. " +
      'Now when omitted.',
    example: '2026-04-02T13:50:00Z',
  })
  @IsOptional()
  @Matches(ISO_INSTANT, { message: `occurredAt ${INSTANT_MESSAGE}` })
  @IsISO8601({ strict: true }, { message: 'occurredAt must be an ISO-8601 instant' })
  occurredAt?: string;
}
