import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PERSON_ID, PERSON_ID_MESSAGE } from './case-fields';

export class ProvideWorkaroundRequest {
  @ApiProperty({
    description: 'The workaround; for a critical issue it stops the workaround clock.',
    example: 'Route sending through the EU cluster until the fix ships.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  description: string;

  @ApiPropertyOptional({
    description:
      'The agent the work is recorded for; the calling key when omitted (a CRM integration names its agent).',
    example: 'agent.kim',
  })
  @IsOptional()
  @IsString()
  @Matches(PERSON_ID, { message: `agentId ${PERSON_ID_MESSAGE}` })
  agentId?: string;
}
