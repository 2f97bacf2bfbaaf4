import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CaseHistoryEntry, StreamChainVerdict } from '@caseledger/application';
import { formatPosition } from '@caseledger/event-store';
import { CASE_EVENT_TYPES } from './case-history.query.dto';
import { ROLES } from '../auth/principal';

/** Roles of the keys that act, and `system` for the deadline watcher and the sagas. */
export const ACTOR_ROLES = [...ROLES, 'system'];

export class EventActorResponse {
  @ApiProperty({ description: 'Who acted: a contact id for customers, else the API key id.', example: 'olga' })
  id: string;

  @ApiProperty({ description: 'The role of the key that acted.', enum: ACTOR_ROLES, example: 'customer' })
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

export class ChainBreakResponse {
  @ApiProperty({ description: 'The revision of the event where the chain breaks.', example: '4' })
  revision: string;

  @ApiProperty({
    description: 'Why the link does not hold.',
    example: 'the stored hash does not match the event and the hash before it: the event was changed',
  })
  reason: string;
}

export class CaseChainResponse {
  @ApiProperty({
    description:
      "True when every hashed event of the case's stream links to the one before it (the whole stream, " +
      'whatever page or filter was asked for); false when a link is broken or no event is hashed.',
    example: true,
  })
  verified: boolean;

  @ApiProperty({
    description:
      'Revision of the first hashed event: events before it were written before the chain existed ' +
      '(chain starts at revision N; earlier events unhashed). Null when no event is hashed.',
    type: String,
    nullable: true,
    example: '0',
  })
  hashedFrom: string | null;

  @ApiProperty({ description: 'Every broken link, by revision; empty when verified.', type: [ChainBreakResponse] })
  broken: ChainBreakResponse[];

  static of(verdict: StreamChainVerdict): CaseChainResponse {
    return {
      verified: verdict.verified,
      hashedFrom: verdict.hashedFrom === null ? null : verdict.hashedFrom.toString(),
      broken: verdict.broken.map((b) => ({ revision: b.revision.toString(), reason: b.reason })),
    };
  }
}

export class CaseHistoryPageResponse {
  @ApiProperty({ description: "The page's events, in stream order.", type: [CaseHistoryEntryResponse] })
  items: CaseHistoryEntryResponse[];

  @ApiProperty({
    description: "Whether the case's tamper-evident hash chain verifies (docs/adr/0006).",
    type: CaseChainResponse,
    example: { verified: true, hashedFrom: '0', broken: [] },
  })
  chain: CaseChainResponse;

  @ApiPropertyOptional({
    description: 'URL of the next page (also in the Link header); absent on the last page.',
    example: '/v1/cases/0195f3aa-2b3c-7d4e-8f50-61728394a5b6/history?limit=50&cursor=WyJyZXZpc2lvbjphc2MiLCI0OSJd',
  })
  next?: string;
}

export class HashedContentResponse {
  @ApiProperty({ description: 'The stored event type.', example: 'CaseResponded' })
  type: string;

  @ApiProperty({
    description: 'The data exactly as stored (before any upcasting).',
    type: 'object',
    additionalProperties: true,
    example: { caseId: '0195f3aa-2b3c-7d4e-8f50-61728394a5b6', agentId: 'kim', message: 'Looking into it' },
  })
  data: unknown;

  @ApiProperty({
    description: 'The metadata exactly as stored, without `chainHash`.',
    type: 'object',
    additionalProperties: true,
    example: { schemaVersion: 1, tenantId: 'acme', correlationId: 'req-1f3a', actor: { id: 'kim', role: 'agent' } },
  })
  metadata: Record<string, unknown>;

  @ApiProperty({ description: 'The stream id.', example: 'case-0195f3aa-2b3c-7d4e-8f50-61728394a5b6' })
  stream: string;

  @ApiProperty({ description: 'The stream revision, a decimal string.', example: '3' })
  revision: string;
}

export class AuditExportLineResponse extends CaseHistoryEntryResponse {
  @ApiProperty({ description: 'The stream id.', example: 'case-0195f3aa-2b3c-7d4e-8f50-61728394a5b6' })
  stream: string;

  @ApiProperty({
    description:
      'SHA-256 (hex) of `previousHash` followed by the canonical JSON of `hashed` (docs/adr/0006); null for an ' +
      'event written before the chain existed.',
    type: String,
    nullable: true,
    example: '3f0c5e1d9a7b2c4e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6',
  })
  hash: string | null;

  @ApiProperty({
    description: "The hash this event chains from: its predecessor's, or 64 zeros where the chain starts.",
    type: String,
    nullable: true,
    example: '0000000000000000000000000000000000000000000000000000000000000000',
  })
  previousHash: string | null;

  @ApiProperty({ description: 'Exactly what `hash` covers, as stored.', type: HashedContentResponse })
  hashed: HashedContentResponse;
}
