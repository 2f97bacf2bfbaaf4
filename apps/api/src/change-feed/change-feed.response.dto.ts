import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ChangeFeedEntry } from '@caseledger/application';
import { PUBLIC_EVENT_TYPES } from '@caseledger/domain';
import { formatPosition } from '@caseledger/event-store';

export class ChangeFeedEventResponse {
  @ApiProperty({
    description: 'The event id: the same event always has the same id, so a reader can drop repeats by it.',
    example: '0195f3aa-2b3c-7d4e-8f50-61728394a5b6',
  })
  id: string;

  @ApiProperty({ description: 'The public event type.', enum: PUBLIC_EVENT_TYPES, example: 'case.responded' })
  type: string;

  @ApiProperty({
    description: 'What the event is about: a case, a contract, or the TAM assignment of an account.',
    enum: ['case', 'contract', 'tam'],
    example: 'case',
  })
  subjectKind: string;

  @ApiProperty({
    description: 'The case id or contract id; the account id for a TAM assignment.',
    example: '0195f3aa-2b3c-7d4e-8f50-61728394a5b7',
  })
  subject: string;

  @ApiProperty({
    description: 'The event stream, `<subjectKind>-<subject>`.',
    example: 'case-0195f3aa-2b3c-7d4e-8f50-61728394a5b7',
  })
  stream: string;

  @ApiProperty({
    description: 'The customer account the event belongs to; null for events of no account.',
    example: 'acme-corp',
    nullable: true,
    type: String,
  })
  accountId: string | null;

  @ApiProperty({ description: 'Position in the log, "<commit>-<prepare>".', example: '1042-7' })
  position: string;

  @ApiProperty({
    description:
      'The instant the event records (UTC): when it happened, or when a plan or calendar change takes effect.',
    example: '2026-04-03T07:00:00.000Z',
  })
  at: string;

  @ApiProperty({ description: 'When the event store recorded it (UTC).', example: '2026-04-03T07:00:00.012Z' })
  recordedAt: string;

  @ApiProperty({ description: 'The schema version of `data` as answered, after upcasting.', example: 1 })
  schemaVersion: number;

  @ApiProperty({
    description: "The event's data, upcast to the current schema of its type.",
    type: 'object',
    additionalProperties: true,
    example: {
      caseId: '0195f3aa-2b3c-7d4e-8f50-61728394a5b7',
      agentId: 'kim',
      message: 'Looking into it',
      at: '2026-04-03T07:00:00.000Z',
    },
  })
  data: unknown;

  static of(entry: ChangeFeedEntry): ChangeFeedEventResponse {
    return {
      id: entry.eventId,
      type: entry.type,
      subjectKind: entry.subjectKind,
      subject: entry.subject,
      stream: entry.streamId,
      accountId: entry.accountId,
      position: formatPosition(entry.position),
      at: entry.at,
      recordedAt: entry.recordedAt,
      schemaVersion: entry.schemaVersion,
      data: entry.data,
    };
  }
}

export class ChangeFeedPageResponse {
  @ApiProperty({ description: 'The events after `after`, in log order.', type: [ChangeFeedEventResponse] })
  items: ChangeFeedEventResponse[];

  @ApiPropertyOptional({
    description:
      'Pass as `after` to read on. It may lie past the last item (events the key does not see, or of other ' +
      "types, are skipped over); it equals the request's `after` when nothing new is visible. Absent only " +
      'while the log is empty and no `after` was given.',
    example: '1042-9',
  })
  nextAfter?: string;

  @ApiPropertyOptional({
    description: 'URL of the next read: the same filters from `nextAfter`.',
    example: '/v1/events?types=case.*&limit=100&after=1042-9',
  })
  next?: string;

  @ApiProperty({
    description:
      'True when the page reached the end of the log as visible now: poll `next` later. False when more ' +
      'may follow at once: read `next` now.',
    example: true,
  })
  caughtUp: boolean;
}
