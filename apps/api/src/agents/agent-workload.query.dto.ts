import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ConsistentReadQuery } from '../projections/read-query.dto';
import { UUID } from '../http-conventions/identifiers';

export class AgentSuggestionQuery extends ConsistentReadQuery {
  @ApiProperty({ description: 'The case to find an agent for.', example: '0195f3aa-2b3c-7d4e-8f50-61728394a5b6' })
  @Matches(UUID, { message: 'caseId must be a UUID' })
  caseId: string;
}
