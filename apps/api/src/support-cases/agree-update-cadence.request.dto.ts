import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { TARGET_UNITS } from './case-fields';

export class AgreeUpdateCadenceRequest {
  @ApiProperty({ description: 'Agreed interval between progress updates, in minutes.', example: 30 })
  @IsInt()
  @Min(1)
  @Max(525600)
  minutes: number;

  @ApiPropertyOptional({
    description:
      'Whether the minutes are elapsed or business minutes; elapsed for a critical issue, business otherwise, ' +
      'when omitted.',
    enum: TARGET_UNITS,
    example: 'elapsed',
  })
  @IsOptional()
  @IsIn(TARGET_UNITS)
  unit?: 'business' | 'elapsed';
}
