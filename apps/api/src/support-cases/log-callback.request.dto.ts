import { OccurredAtRequest } from './occurred-at.request.dto';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { PERSON_ID, PERSON_ID_MESSAGE } from './case-fields';

export class LogCallbackRequest extends OccurredAtRequest {
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
