import { ApiPropertyOptional } from '@nestjs/swagger';
import { ACCOUNT_ID } from '../http-conventions/identifiers';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, Matches, registerDecorator, ValidationOptions } from 'class-validator';
import { Duration } from 'luxon';
import { SLA_METRICS } from '@caseledger/sla';
import { PERSON_ID, PRIORITY_VALUES } from '../support-cases/case-fields';
import { listParam, PagedReadQuery } from '../projections/read-query.dto';

const METRICS = [...SLA_METRICS] as string[];
/** ISO-8601 durations of days, hours, minutes, seconds (no months or years, whose length varies). */
export const ISO_DURATION = /^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

/** Ten years: past it, adding the duration to an instant leaves the range of dates the stores hold. */
export const MAX_DURATION_DAYS = 3660;

function AtMostDays(days: number, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'atMostDays',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `$property must be at most ${days} days (P${days}D)`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value !== 'string' || !ISO_DURATION.test(value) || Duration.fromISO(value).as('days') <= days,
      },
    });
}

class SlaBoardQuery extends PagedReadQuery {
  @ApiPropertyOptional({
    description:
      "Only this account's clocks. A customer key always sees only its own account; naming another answers 403.",
    example: 'acme-corp',
  })
  @IsOptional()
  @Matches(ACCOUNT_ID, { message: 'account must be 1-100 letters, digits, or . _ : -' })
  account?: string;

  @ApiPropertyOptional({ description: 'Metrics, repeated or comma-separated.', example: ['firstResponse', 'callback'] })
  @IsOptional()
  @Transform(listParam)
  @IsIn(METRICS, { each: true, message: `metric must be among ${METRICS.join(', ')}` })
  metric?: string[];

  @ApiPropertyOptional({ description: 'Priorities, repeated or comma-separated.', example: ['P1'] })
  @IsOptional()
  @Transform(listParam)
  @IsIn(PRIORITY_VALUES, { each: true, message: `priority must be among ${PRIORITY_VALUES.join(', ')}` })
  priority?: string[];

  @ApiPropertyOptional({ description: 'Only clocks of cases assigned to this agent.', example: 'agent.smith' })
  @IsOptional()
  @Matches(PERSON_ID, { message: 'assignee must be 1-100 letters, digits, or . _ : @ -' })
  assignee?: string;
}

export class BreachesQuery extends SlaBoardQuery {
  @ApiPropertyOptional({
    description: 'Clock states, repeated or comma-separated: running, paused (still live) or stopped (ended breached).',
    example: ['running'],
  })
  @IsOptional()
  @Transform(listParam)
  @IsIn(['running', 'paused', 'stopped'], { each: true, message: 'state must be among running, paused, stopped' })
  state?: ('running' | 'paused' | 'stopped')[];

  @ApiPropertyOptional({
    description:
      'How far back ended breaches are kept on the board (ISO-8601 duration of days to seconds, at most ' +
      `P${MAX_DURATION_DAYS}D).`,
    default: 'P1D',
    example: 'P7D',
  })
  @IsOptional()
  @Matches(ISO_DURATION, { message: 'since must be an ISO-8601 duration such as P1D or PT12H' })
  @AtMostDays(MAX_DURATION_DAYS)
  since?: string;
}

export class AtRiskQuery extends SlaBoardQuery {
  @ApiPropertyOptional({
    description:
      'Also clocks whose warning instant comes within this ISO-8601 duration (at most ' +
      `P${MAX_DURATION_DAYS}D); by default only those whose warning instant has passed.`,
    default: 'PT0S',
    example: 'PT1H',
  })
  @IsOptional()
  @Matches(ISO_DURATION, { message: 'within must be an ISO-8601 duration such as PT1H' })
  @AtMostDays(MAX_DURATION_DAYS)
  within?: string;
}
