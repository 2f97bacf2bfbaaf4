import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { ESCALATION_LEVELS } from './case-fields';

export class EscalateCaseRequest {
  @ApiProperty({
    description: "The level escalated to; `tam` goes to whoever holds the account's TAM assignment at this instant.",
    enum: ESCALATION_LEVELS,
    example: 'tam',
  })
  @IsIn(ESCALATION_LEVELS)
  to: 'tam' | 'tier2' | 'engineering';

  @ApiProperty({
    description: 'Why the case is escalated.',
    example: 'Customer asks for the account manager after two days without a fix.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}
