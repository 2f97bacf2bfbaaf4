/**
 * The calendar shape of contracts, TAM working hours and the SLA preview. class-validator checks
 * the form; the SLA engine checks the meaning (overlaps, nonexistent times, unknown zones) and
 * answers with every problem at once.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class OpenIntervalDto {
  @ApiProperty({ description: 'Opening time, local wall time HH:MM.', example: '09:00' })
  @Matches(HH_MM, { message: 'from must be a time HH:MM between 00:00 and 23:59' })
  from: string;

  @ApiProperty({
    description:
      'Closing time, local wall time HH:MM; 24:00 closes at midnight. In weekly hours a time before `from` ' +
      'crosses midnight: Monday 22:00–06:00 is Monday 22:00 to Tuesday 06:00, kept as Monday 22:00–24:00 and ' +
      'Tuesday 00:00–06:00. An extra open date cannot cross midnight.',
    example: '17:00',
  })
  @Matches(HH_MM, { message: 'to must be a time HH:MM between 00:01 and 24:00' })
  to: string;
}

const nine2five = [{ from: '09:00', to: '17:00' }];

const DayIntervals = (day: string, example: { from: string; to: string }[]) =>
  applyDecorators(
    ApiPropertyOptional({
      description: `Open intervals on ${day}; omit or leave empty for closed.`,
      type: [OpenIntervalDto],
      example,
    }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(24),
    ValidateNested({ each: true }),
    Type(() => OpenIntervalDto),
  );

export class WeeklyHoursDto {
  @DayIntervals('Mondays', nine2five) mon?: OpenIntervalDto[];
  @DayIntervals('Tuesdays', nine2five) tue?: OpenIntervalDto[];
  @DayIntervals('Wednesdays', nine2five) wed?: OpenIntervalDto[];
  @DayIntervals('Thursdays', nine2five) thu?: OpenIntervalDto[];
  @DayIntervals('Fridays', nine2five) fri?: OpenIntervalDto[];
  @DayIntervals('Saturdays', []) sat?: OpenIntervalDto[];
  @DayIntervals('Sundays', []) sun?: OpenIntervalDto[];
}

export class ExtraOpenDateDto {
  @ApiProperty({
    description: 'Local date YYYY-MM-DD that opens whatever the weekly hours and holidays say.',
    example: '2026-12-27',
  })
  @Matches(LOCAL_DATE, { message: 'date must be a local date YYYY-MM-DD' })
  date: string;

  @ApiProperty({
    description: 'The open intervals of that date.',
    type: [OpenIntervalDto],
    example: [{ from: '10:00', to: '14:00' }],
  })
  @IsArray()
  @ArrayMaxSize(24)
  @ValidateNested({ each: true })
  @Type(() => OpenIntervalDto)
  intervals: OpenIntervalDto[];
}

export class CalendarDefinitionDto {
  @ApiProperty({
    description: 'IANA time zone of the wall times (fixed offsets as Etc/GMT-3 = UTC+3).',
    example: 'Europe/London',
  })
  @IsString()
  @MaxLength(64)
  timeZone: string;

  @ApiPropertyOptional({
    description: 'Weekly open intervals in local wall time.',
    type: WeeklyHoursDto,
    example: { mon: nine2five, tue: nine2five },
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => WeeklyHoursDto)
  weekly?: WeeklyHoursDto;

  @ApiPropertyOptional({
    description: 'Local dates YYYY-MM-DD closed all day, besides the holiday region.',
    type: [String],
    example: ['2026-12-28'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @Matches(LOCAL_DATE, { each: true, message: 'each closed date must be a local date YYYY-MM-DD' })
  closedDates?: string[];

  @ApiPropertyOptional({
    description:
      'Public and bank holidays of this date-holidays region are closed (US, GB-ENG, GB-SCT, DE, IT, ID, CN, RU, ...).',
    example: 'GB-ENG',
  })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  holidayRegion?: string;

  @ApiPropertyOptional({
    description: 'Dates that open with their own intervals.',
    type: [ExtraOpenDateDto],
    example: [],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ExtraOpenDateDto)
  extraOpenDates?: ExtraOpenDateDto[];

  @ApiPropertyOptional({
    description: 'Open at every instant: business time is elapsed time. Excludes every other rule.',
    example: false,
  })
  @IsOptional()
  @IsBoolean()
  alwaysOpen?: boolean;

  @ApiPropertyOptional({
    description: 'Version number; assigned by CaseLedger when a contract records the calendar.',
    example: 1,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
