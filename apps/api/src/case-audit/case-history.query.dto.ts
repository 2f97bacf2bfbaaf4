import { ApiPropertyOptional } from '@nestjs/swagger';
import { SUPPORT_CASE_EVENT_TYPES } from '@caseledger/domain';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { INSTANT_MESSAGE, ISO_INSTANT } from '../contracts/sign-contract.request.dto';
import { listParam, strictInteger } from '../projections/read-query.dto';

export const CASE_EVENT_TYPES = Object.keys(SUPPORT_CASE_EVENT_TYPES);

/** A case's history is read from its stream, which is always current: no `consistentWith` here. */
export class CaseHistoryQuery {
  @ApiPropertyOptional({ description: 'Page size.', minimum: 1, maximum: 200, default: 50, example: 50 })
  @IsOptional()
  @Transform(strictInteger)
  @IsInt({ message: 'limit must be an integer from 1 to 200' })
  @Min(1, { message: 'limit must be an integer from 1 to 200' })
  @Max(200, { message: 'limit must be an integer from 1 to 200' })
  limit?: number;

  @ApiPropertyOptional({
    description: 'Opaque cursor from the `next` link of the previous page (same filters).',
    example: 'WyJyZXZpc2lvbjphc2MiLCI0OSJd',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,2000}$/, { message: 'cursor is not one this API handed out' })
  cursor?: string;

  @ApiPropertyOptional({
    description: 'Only these event types, repeated or comma-separated.',
    example: ['CaseResponded', 'InformationRequested'],
  })
  @IsOptional()
  @Transform(listParam)
  @IsIn(CASE_EVENT_TYPES, { each: true, message: `type must be among ${CASE_EVENT_TYPES.join(', ')}` })
  type?: string[];

  @ApiPropertyOptional({
    description: 'Only events whose domain instant (`at`) is at or after this UTC instant.',
    example: '2026-04-01T00:00:00Z',
  })
  @IsOptional()
  @Matches(ISO_INSTANT, { message: `from ${INSTANT_MESSAGE}` })
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 instant' })
  from?: string;

  @ApiPropertyOptional({
    description: 'Only events whose domain instant (`at`) is before this UTC instant (exclusive).',
    example: '2026-05-01T00:00:00Z',
  })
  @IsOptional()
  @Matches(ISO_INSTANT, { message: `to ${INSTANT_MESSAGE}` })
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 instant' })
  to?: string;
}
