import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ConsistentReadQuery } from '../projections/read-query.dto';

export class AgentSuggestionQuery extends ConsistentReadQuery {
  @ApiProperty({ description: 'The case to find an agent for.', example: '0195f3aa-2b3c-7d4e-8f50-61728394a5b6' })
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'caseId must be a UUID' })
  caseId: string;
}
