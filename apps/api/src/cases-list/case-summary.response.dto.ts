import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CaseSummary } from '@caseledger/read-models';
import { CATEGORIES, CHANNELS, CRITICALITY_VALUES, PRIORITY_VALUES } from '../support-cases/case-fields';

export class CaseSummaryResponse {
  @ApiProperty({ description: 'Case id.', example: '0195f3aa-2b3c-7d4e-8f50-61728394a5b6' })
  caseId: string;
  @ApiProperty({ description: 'Customer account (tenant).', example: 'acme-corp' })
  accountId: string;
  @ApiProperty({ description: 'Contract the case is filed under.', example: '0195f3aa-2b3c-7d4e-8f50-61728394a5b7' })
  contractId: string;
  @ApiProperty({ description: 'Contact who filed it.', example: 'olga.petrova' })
  contactId: string;
  @ApiProperty({ description: 'Plan governing its clocks.', example: 'beesender-business' })
  planId: string;
  @ApiProperty({ description: 'Channel it came in through.', enum: CHANNELS, example: 'portal' })
  channel: string;
  @ApiProperty({ description: 'One-line summary.', example: 'Chats are not created from the website widget' })
  subject: string;
  @ApiProperty({ description: 'Kind of request.', enum: CATEGORIES, example: 'incident' })
  category: string;
  @ApiProperty({ description: 'Current priority.', enum: PRIORITY_VALUES, example: 'P2' })
  priority: string;
  @ApiProperty({ description: 'Current criticality.', enum: CRITICALITY_VALUES, example: 'nonCritical' })
  criticality: string;
  @ApiProperty({
    description: 'Status.',
    enum: ['open', 'awaitingCustomer', 'resolutionProposed', 'resolved', 'closed'],
    example: 'open',
  })
  status: string;
  @ApiProperty({ description: 'Assigned agent, or null.', example: 'agent.smith', nullable: true, type: String })
  assigneeId: string | null;
  @ApiProperty({ description: 'Latest escalation level, or null.', example: 'tam', nullable: true, type: String })
  escalationLevel: string | null;
  @ApiProperty({ description: 'When the vendor received it.', example: '2026-04-01T08:00:00.000Z' })
  receivedAt: string;
  @ApiProperty({ description: 'When it was opened.', example: '2026-04-01T08:00:00.000Z' })
  openedAt: string;
  @ApiProperty({ description: 'Latest instant of a case event.', example: '2026-04-01T09:30:00.000Z' })
  updatedAt: string;
  @ApiProperty({
    description: 'First response since it was (re)opened, or null.',
    example: '2026-04-01T08:20:00.000Z',
    nullable: true,
    type: String,
  })
  firstRespondedAt: string | null;
  @ApiProperty({ description: 'When it was mutually resolved, or null.', example: null, nullable: true, type: String })
  resolvedAt: string | null;
  @ApiProperty({ description: 'When it was closed, or null.', example: null, nullable: true, type: String })
  closedAt: string | null;
  @ApiProperty({ description: "Revision of the case stream this row reflects (the case's ETag then).", example: '4' })
  revision: string;

  static of(summary: CaseSummary): CaseSummaryResponse {
    return { ...summary, revision: String(summary.revision) };
  }
}

export class CasePageResponse {
  @ApiProperty({ description: "The page's cases in the requested order.", type: [CaseSummaryResponse] })
  items: CaseSummaryResponse[];

  @ApiPropertyOptional({
    description: 'URL of the next page (also in the Link header); absent on the last page.',
    example: '/v1/cases?limit=50&cursor=WyJvcGVuZWRBdDpkZXNjIl0',
  })
  next?: string;
}
