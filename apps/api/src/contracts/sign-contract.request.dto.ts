import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CRITICALITIES, PLAN_IDS, PRIORITIES, SLA_METRICS } from '@caseledger/sla';
import { CalendarDefinitionDto } from '../calendars/calendar-definition.dto';
import { ACCOUNT_ID, ACCOUNT_ID_MESSAGE } from '../http-conventions/identifiers';

export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?Z$/;
export const INSTANT_MESSAGE = 'must be a UTC instant in ISO-8601 with Z, e.g. 2026-04-02T14:30:00Z';

export class TargetOverrideDto {
  @ApiProperty({ description: 'The SLA clock the override changes.', enum: SLA_METRICS, example: 'firstResponse' })
  @IsIn(SLA_METRICS)
  metric: string;

  @ApiPropertyOptional({
    description: 'Only cases of this priority; all priorities when omitted.',
    enum: PRIORITIES,
    example: 'P2',
  })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: string;

  @ApiPropertyOptional({
    description: 'Only cases of this criticality; both when omitted.',
    enum: CRITICALITIES,
    example: 'nonCritical',
  })
  @IsOptional()
  @IsIn(CRITICALITIES)
  criticality?: string;

  @ApiPropertyOptional({ description: 'The target in minutes.', example: 240 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(525600)
  minutes?: number;

  @ApiPropertyOptional({
    description: 'Whether the minutes are business minutes of the contract calendar or elapsed minutes.',
    enum: ['business', 'elapsed'],
    example: 'business',
  })
  @IsOptional()
  @IsIn(['business', 'elapsed'])
  unit?: 'business' | 'elapsed';

  @ApiPropertyOptional({ description: 'Share of the target at which a warning is raised.', example: 0.75 })
  @IsOptional()
  @IsNumber()
  @Min(0.01)
  @Max(0.99)
  warnAtShare?: number;

  @ApiPropertyOptional({ description: 'Removes the target instead of changing it.', example: false })
  @IsOptional()
  @IsBoolean()
  remove?: boolean;
}

export class SignContractRequest {
  @ApiProperty({ description: 'The customer account the contract belongs to (the tenant).', example: 'acme-corp' })
  @IsString()
  @Matches(ACCOUNT_ID, { message: `accountId ${ACCOUNT_ID_MESSAGE}` })
  accountId: string;

  @ApiProperty({
    description: 'Built-in support plan (GET /v1/plans).',
    enum: PLAN_IDS,
    example: 'bird-email-enterprise',
  })
  @IsIn(PLAN_IDS)
  planId: string;

  @ApiPropertyOptional({
    description: "One of the plan's service time zones; the plan's default when omitted.",
    example: 'uk',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  serviceTimeZone?: string;

  @ApiPropertyOptional({
    description: "A custom calendar replacing the service time zone's.",
    type: CalendarDefinitionDto,
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CalendarDefinitionDto)
  calendar?: CalendarDefinitionDto;

  @ApiPropertyOptional({
    description: "Changes to the plan's SLA targets for this contract.",
    type: [TargetOverrideDto],
    example: [],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => TargetOverrideDto)
  targetOverrides?: TargetOverrideDto[];

  @ApiPropertyOptional({ description: 'A different authorised-contact limit agreed for this contract.', example: 5 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  authorisedContactLimit?: number;

  @ApiProperty({ description: 'When the contract starts (UTC).', example: '2026-01-01T00:00:00Z' })
  @Matches(ISO_INSTANT, { message: `startsAt ${INSTANT_MESSAGE}` })
  @IsISO8601({ strict: true })
  startsAt: string;

  @ApiPropertyOptional({
    description: 'When the contract ends (UTC); open-ended when omitted.',
    example: '2027-01-01T00:00:00Z',
  })
  @IsOptional()
  @Matches(ISO_INSTANT, { message: `endsAt ${INSTANT_MESSAGE}` })
  @IsISO8601({ strict: true })
  endsAt?: string;
}
