import { ApiProperty } from '@nestjs/swagger';
import { CONVERSATION_KINDS } from '@caseledger/application';
import { ACTOR_ROLES } from './case-history.response.dto';

export class ConversationEntryResponse {
  @ApiProperty({ description: 'What the entry is in the thread.', enum: CONVERSATION_KINDS, example: 'response' })
  kind: string;

  @ApiProperty({
    description: 'Who wrote it: an agent id, a contact id, or the key that acted.',
    example: 'kim',
    nullable: true,
    type: String,
  })
  authorId: string | null;

  @ApiProperty({
    description: 'The role of the key that recorded it (`system` for the deadline watcher and the sagas).',
    enum: ACTOR_ROLES,
    example: 'agent',
    nullable: true,
    type: String,
  })
  role: string | null;

  @ApiProperty({ description: 'When it was said (UTC).', example: '2026-04-03T07:00:00.000Z' })
  at: string;

  @ApiProperty({ description: 'What was said.', example: 'Looking into it' })
  text: string;
}

export class CaseConversationResponse {
  @ApiProperty({ description: 'The thread in the order it happened.', type: [ConversationEntryResponse] })
  items: ConversationEntryResponse[];
}
