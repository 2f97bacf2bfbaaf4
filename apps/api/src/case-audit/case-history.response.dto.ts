import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CaseHistoryEntry } from '@caseledger/application';
import { formatPosition } from '@caseledger/event-store';
import { CASE_EVENT_TYPES } from './case-history.query.dto';

export class EventActorResponse {
  @ApiProperty({ description: 'Who acted: a contact id for customers, else the API key id.', example: 'olga' })
  id: string;

  @ApiProperty({ description: 'The role of the key that acted.', example: 'customer' })
  role: string;
}

export class CaseHistoryEntryResponse {
  @ApiProperty({ description: 'The event id.', example: '0195f3aa-2b3c-7d4e-8f50-61728394a5b6' })
  eventId: string;

  @ApiProperty({ description: 'The event type.', enum: CASE_EVENT_TYPES, example: 'CaseResponded' })
  type: string;

  @ApiProperty({ description: 'The domain instant the event records (UTC).', example: '2026-04-03T07:00:00.000Z' })
  at: string;

  @ApiProperty({
    description:
      'When CaseLedger recorded it (UTC). For an action an integration reported with `occurredAt`, the instant ' +
      'the command was taken while `at` is when the action happened; otherwise when the event store recorded it.',
    example: '2026-04-03T07:00:00.012Z',
  })
  recordedAt: string;

  @ApiProperty({
    description: 'Who caused it; null for events written by the system with no actor recorded.',
    type: EventActorResponse,
    nullable: true,
    example: { id: 'olga', role: 'customer' },
  })
  actor: EventActorResponse | null;

  @ApiProperty({
    description: 'Correlation id of the request or process that caused it.',
    example: 'req-1f3a',
    nullable: true,
    type: String,
  })
  correlationId: string | null;

  @ApiProperty({
    description: 'Id of the message or event that caused it directly.',
    example: '0195f3aa-2b3c-7d4e-8f50-61728394a5b6',
    nullable: true,
    type: String,
  })
  causationId: string | null;

  @ApiProperty({ description: "The stream revision after this event (the case's ETag then).", example: '3' })
  revision: string;

  @ApiProperty({ description: 'Global position in the store, "<commit>-<prepare>".', example: '1042-7' })
  position: string;

  @ApiProperty({
    description: 'The schema version of `data` as answered: the current one of its type, after upcasting.',
    example: 1,
  })
  schemaVersion: number;

  @ApiProperty({
    description: "The event's data, upcast to the current schema of its type.",
    type: 'object',
    additionalProperties: true,
    example: { caseId: '0195f3aa-2b3c-7d4e-8f50-61728394a5b6', agentId: 'kim', message: 'Looking into it' },
  })
  data: unknown;

  @ApiProperty({ description: 'One line of English saying what happened.', example: 'Agent kim responded' })
  description: string;

  static of(entry: CaseHistoryEntry): CaseHistoryEntryResponse {
    return { ...entry, revision: entry.revision.toString(), position: formatPosition(entry.position) };
  }
}

export class CaseHistoryPageResponse {
  @ApiProperty({ description: "The page's events, in stream order.", type: [CaseHistoryEntryResponse] })
  items: CaseHistoryEntryResponse[];

  @ApiPropertyOptional({
    description: 'URL of the next page (also in the Link header); absent on the last page.',
    example: '/v1/cases/0195f3aa-2b3c-7d4e-8f50-61728394a5b6/history?limit=50&cursor=WyJyZXZpc2lvbjphc2MiLCI0OSJd',
  })
  next?: string;
}
