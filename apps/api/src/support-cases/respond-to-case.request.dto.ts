import { OccurredAtRequest } from './occurred-at.request.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PERSON_ID, PERSON_ID_MESSAGE } from './case-fields';

export class RespondToCaseRequest extends OccurredAtRequest {
  @ApiProperty({
    description: 'The response to the customer; the first one stops the first-response clock.',
    example: 'We are looking into it and will update you within the hour.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  message: string;

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
