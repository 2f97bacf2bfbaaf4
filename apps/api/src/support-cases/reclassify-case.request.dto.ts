import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CRITICALITY_VALUES, PRIORITY_VALUES } from './case-fields';

export class ReclassifyCaseRequest {
  @ApiPropertyOptional({
    description: 'The new priority; unchanged when omitted.',
    enum: PRIORITY_VALUES,
    example: 'P1',
  })
  @IsOptional()
  @IsIn(PRIORITY_VALUES)
  priority?: string;

  @ApiPropertyOptional({
    description: 'The new criticality; unchanged when omitted.',
    enum: CRITICALITY_VALUES,
    example: 'critical',
  })
  @IsOptional()
  @IsIn(CRITICALITY_VALUES)
  criticality?: string;

  @ApiPropertyOptional({
    description: 'Start the new clocks from when the case was received rather than from now.',
    example: false,
  })
  @IsOptional()
  @IsBoolean()
  retroactive?: boolean;

  @ApiProperty({
    description: 'Why the class changes.',
    example: 'Outage affects all customers of the account, not one mailbox.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}
