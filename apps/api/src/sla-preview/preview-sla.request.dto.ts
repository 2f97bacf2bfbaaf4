import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CRITICALITIES, PRIORITIES, SLA_METRICS } from '@caseledger/sla';
import { CalendarDefinitionDto } from '../calendars/calendar-definition.dto';
import { INSTANT_MESSAGE, ISO_INSTANT } from '../contracts/sign-contract.request.dto';

export class PreviewTargetDto {
  @ApiProperty({ description: 'The SLA clock.', enum: SLA_METRICS, example: 'firstResponse' })
  @IsIn(SLA_METRICS)
  metric: (typeof SLA_METRICS)[number];

  @ApiProperty({ description: 'The target in minutes.', example: 240 })
  @IsInt()
  @Min(1)
  @Max(525600)
  minutes: number;

  @ApiProperty({
    description: 'Business minutes of the calendar, or elapsed minutes.',
    enum: ['business', 'elapsed'],
    example: 'business',
  })
  @IsIn(['business', 'elapsed'])
  unit: 'business' | 'elapsed';

  @ApiPropertyOptional({ description: 'Share of the target at which the warning falls (default 0.75).', example: 0.75 })
  @IsOptional()
  @IsNumber()
  @Min(0.01)
  @Max(0.99)
  warnAtShare?: number;
}

/** Give contractId (+ priority, criticality), or calendar + targets. */
export class PreviewSlaRequest {
  @ApiPropertyOptional({
    description: "Preview with this contract's calendar and targets.",
    example: '01937c6e-8f6a-7c3e-9b1d-5a2f0c4d8e11',
  })
  @ValidateIf((o: PreviewSlaRequest) => o.calendar === undefined || o.contractId !== undefined)
  @IsUUID('all', { message: 'contractId must be a UUID (or give calendar and targets instead)' })
  contractId?: string;

  @ApiPropertyOptional({ description: 'With contractId: the priority of the case.', enum: PRIORITIES, example: 'P2' })
  @ValidateIf((o: PreviewSlaRequest) => o.contractId !== undefined)
  @IsIn(PRIORITIES)
  priority?: (typeof PRIORITIES)[number];

  @ApiPropertyOptional({
    description: 'With contractId: whether it is a critical issue (persistent unavailability).',
    enum: CRITICALITIES,
    example: 'nonCritical',
  })
  @ValidateIf((o: PreviewSlaRequest) => o.contractId !== undefined)
  @IsIn(CRITICALITIES)
  criticality?: (typeof CRITICALITIES)[number];

  @ApiPropertyOptional({
    description: 'An inline calendar to try (instead of a contract).',
    type: CalendarDefinitionDto,
  })
  @ValidateIf((o: PreviewSlaRequest) => o.contractId === undefined)
  @ValidateNested()
  @Type(() => CalendarDefinitionDto)
  calendar?: CalendarDefinitionDto;

  @ApiPropertyOptional({
    description: 'With calendar: the targets to compute.',
    type: [PreviewTargetDto],
    example: [{ metric: 'firstResponse', minutes: 240, unit: 'business' }],
  })
  @ValidateIf((o: PreviewSlaRequest) => o.contractId === undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PreviewTargetDto)
  targets?: PreviewTargetDto[];

  @ApiProperty({ description: 'When the case is (or would be) received, UTC.', example: '2026-04-02T14:30:00Z' })
  @Matches(ISO_INSTANT, { message: `receivedAt ${INSTANT_MESSAGE}` })
  @IsISO8601({ strict: true })
  receivedAt: string;
}

export class PreviewedClockResponse {
  @ApiProperty({ description: 'The SLA clock.', enum: SLA_METRICS, example: 'firstResponse' })
  metric: string;

  @ApiProperty({ description: 'Its target in minutes.', example: 240 })
  minutes: number;

  @ApiProperty({ description: 'Unit of the minutes.', enum: ['business', 'elapsed'], example: 'business' })
  unit: string;

  @ApiProperty({ description: 'When the clock would be due (UTC).', example: '2026-04-03T10:30:00.000Z' })
  dueAt: string;

  @ApiProperty({ description: 'When its warning would be raised (UTC).', example: '2026-04-03T08:30:00.000Z' })
  warningAt: string;
}

export class SlaPreviewResponse {
  @ApiProperty({
    description: 'The calendar used (a contract calendar carries its version).',
    type: CalendarDefinitionDto,
  })
  calendar: CalendarDefinitionDto;

  @ApiProperty({ description: 'One entry per target.', type: [PreviewedClockResponse] })
  clocks: PreviewedClockResponse[];
}
