import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsInt, IsOptional, Matches, Max, Min, Validate, ValidatorConstraint } from 'class-validator';
import type { ValidatorConstraintInterface } from 'class-validator';
import { isPublicEventTypeSelector, PUBLIC_EVENT_FAMILIES, PUBLIC_EVENT_TYPES } from '@caseledger/domain';
import { listParam, strictInteger } from '../projections/read-query.dto';

export const CHANGE_FEED_MAX_LIMIT = 500;
export const CHANGE_FEED_DEFAULT_LIMIT = 100;

@ValidatorConstraint({ name: 'publicEventTypes' })
class PublicEventTypeSelectors implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return Array.isArray(value) && value.every((v) => typeof v === 'string' && isPublicEventTypeSelector(v));
  }
  defaultMessage(): string {
    return (
      `types must be public event types (e.g. case.opened, sla.breached), a family wildcard ` +
      `(${PUBLIC_EVENT_FAMILIES.map((f) => `${f}.*`).join(', ')}) or *`
    );
  }
}

export class ReadChangeFeedQuery {
  @ApiPropertyOptional({
    description:
      "Exclusive: answer the events after this position of the log, as the previous page's `nextAfter` " +
      "(or a write's `position`) gave it. From the very first event when absent.",
    example: '1042-7',
    pattern: '^\\d{1,20}-\\d{1,20}$',
  })
  @IsOptional()
  @Matches(/^\d{1,20}-\d{1,20}$/, {
    message: 'after must be a position "<commit>-<prepare>" as the feed or a write returned it, e.g. 1042-7',
  })
  after?: string;

  @ApiPropertyOptional({
    description:
      'Public event types, comma-separated or repeated: exact names, a family wildcard (`case.*`, `sla.*`, ' +
      '`contract.*`, `tam.*`) or `*`. Every type when absent. Known types: ' +
      PUBLIC_EVENT_TYPES.join(', ') +
      '.',
    example: 'case.*,sla.breached',
    type: String,
  })
  @IsOptional()
  @Transform(listParam)
  @ArrayMaxSize(50, { message: 'types may name at most 50 selectors' })
  @Validate(PublicEventTypeSelectors)
  types?: string[];

  @ApiPropertyOptional({
    description: 'Most events per page.',
    minimum: 1,
    maximum: CHANGE_FEED_MAX_LIMIT,
    default: CHANGE_FEED_DEFAULT_LIMIT,
    example: 100,
  })
  @IsOptional()
  @Transform(strictInteger)
  @IsInt({ message: `limit must be an integer from 1 to ${CHANGE_FEED_MAX_LIMIT}` })
  @Min(1, { message: `limit must be an integer from 1 to ${CHANGE_FEED_MAX_LIMIT}` })
  @Max(CHANGE_FEED_MAX_LIMIT, { message: `limit must be an integer from 1 to ${CHANGE_FEED_MAX_LIMIT}` })
  limit?: number;
}
