/** The query parameters of the reports: the period, its buckets and zone, the grouping, the account. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, Matches, registerDecorator, ValidationOptions } from 'class-validator';
import { GRANULARITIES, Granularity, GROUP_BY, GroupBy, isTimeZone } from '@caseledger/read-models';
import { ACCOUNT_ID, UUID } from '../http-conventions/identifiers';
import { ConsistentReadQuery, listParam } from '../projections/read-query.dto';

/** A local date of the report's zone, or an instant with Z or an offset. */
const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an IANA time zone such as Europe/London', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && value.length <= 64 && isTimeZone(value) },
    });
}

export class AccountReportQuery extends ConsistentReadQuery {
  @ApiPropertyOptional({
    description: 'Only this account. A customer key always sees only its own account; naming another answers 403.',
    example: 'acme-corp',
  })
  @IsOptional()
  @Matches(ACCOUNT_ID, { message: 'account must be 1-100 letters, digits, or . _ : -' })
  account?: string;
}

export class PeriodReportQuery extends AccountReportQuery {
  @ApiProperty({
    description:
      'Start of the period (inclusive): a local date `YYYY-MM-DD` of `timeZone` (its midnight) or an instant.',
    example: '2026-01-01',
  })
  @Matches(DATE_OR_INSTANT, { message: 'from must be a date YYYY-MM-DD or an ISO-8601 instant with Z or an offset' })
  from: string;

  @ApiProperty({
    description: 'End of the period (exclusive): a local date `YYYY-MM-DD` of `timeZone` (its midnight) or an instant.',
    example: '2026-04-01',
  })
  @Matches(DATE_OR_INSTANT, { message: 'to must be a date YYYY-MM-DD or an ISO-8601 instant with Z or an offset' })
  to: string;

  @ApiPropertyOptional({
    description: 'Bucket size: calendar days, ISO weeks (Monday first), months or quarters of `timeZone`.',
    enum: GRANULARITIES,
    default: 'month',
    example: 'week',
  })
  @IsOptional()
  @IsIn(GRANULARITIES, { message: `granularity must be one of ${GRANULARITIES.join(', ')}` })
  granularity?: Granularity;

  @ApiPropertyOptional({
    description:
      "IANA time zone the buckets are cut in (DST-aware). Default: the contract's service zone when every case in " +
      'scope shares one, else UTC. The answer names the zone used.',
    example: 'America/New_York',
  })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}

export class GroupedReportQuery extends PeriodReportQuery {
  @ApiPropertyOptional({
    description: `Group rows by any of ${GROUP_BY.join(', ')}, comma-separated or repeated.`,
    example: ['plan', 'priority'],
  })
  @IsOptional()
  @Transform(listParam)
  @IsIn(GROUP_BY, { each: true, message: `groupBy must be among ${GROUP_BY.join(', ')}` })
  groupBy?: GroupBy[];
}

export class EntitlementsQuery extends AccountReportQuery {
  @ApiPropertyOptional({ description: 'Only this contract.', example: '0195f3aa-2b3c-7d4e-8f50-61728394a5b7' })
  @IsOptional()
  @Matches(UUID, { message: 'contract must be a UUID' })
  contract?: string;
}
