import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { PERSON_ID, PERSON_ID_MESSAGE } from './case-fields';

export class AssignCaseRequest {
  @ApiProperty({ description: 'The agent who becomes the primary owner of contact.', example: 'agent.kim' })
  @IsString()
  @Matches(PERSON_ID, { message: `agentId ${PERSON_ID_MESSAGE}` })
  agentId: string;
}
