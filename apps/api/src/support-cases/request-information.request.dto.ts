import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PERSON_ID, PERSON_ID_MESSAGE } from './case-fields';

export class RequestInformationRequest {
  @ApiProperty({
    description: 'What the customer is asked; clocks the plan pauses stop until the answer.',
    example: 'Which messaging channel is affected: Telegram, WhatsApp or both?',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  question: string;

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
