import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { WebhookSubscription } from '@caseledger/webhooks';

export class WebhookResponse {
  @ApiProperty({ description: 'Subscription id.', example: '0195f3aa-2b3c-7d4e-8f50-61728394a5b6', format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Where deliveries are POSTed.', example: 'https://crm.example.com/hooks/caseledger' })
  url: string;

  @ApiProperty({
    description: 'Event types (and groups) it receives.',
    example: ['case.*', 'sla.breached'],
    type: [String],
  })
  eventTypes: string[];

  @ApiPropertyOptional({ description: 'Only events of this account are sent.', example: 'acme' })
  accountId?: string;

  @ApiPropertyOptional({ description: 'What the subscription is for.', example: 'HubSpot sync' })
  description?: string;

  @ApiProperty({ description: 'Deliveries are queued and sent only while enabled.', example: true })
  enabled: boolean;

  @ApiProperty({ description: 'Revision of the subscription; the ETag, for If-Match.', example: 0 })
  revision: number;

  @ApiPropertyOptional({
    description: 'After a rotation: until when the previous secret still signs beside the new one (UTC).',
    example: '2026-04-02T08:00:00.000Z',
    format: 'date-time',
  })
  previousSecretExpiresAt?: string;

  @ApiPropertyOptional({
    description: 'Since when the endpoint has answered nothing but failures (UTC); absent after any success.',
    example: '2026-04-01T08:00:05.000Z',
    format: 'date-time',
  })
  failingSince?: string;

  @ApiPropertyOptional({
    description: 'When it was disabled automatically after 5 days of failures (UTC).',
    example: '2026-04-06T08:00:05.000Z',
    format: 'date-time',
  })
  disabledAt?: string;

  @ApiPropertyOptional({
    description: 'Why it was disabled automatically.',
    example: 'no 2xx answer since 2026-04-01T08:00:05.000Z: disabled after 5 days of failures',
  })
  disabledReason?: string;

  @ApiProperty({ description: 'When it was created (UTC).', example: '2026-04-01T08:00:00.000Z', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ description: 'When it last changed (UTC).', example: '2026-04-01T08:00:00.000Z', format: 'date-time' })
  updatedAt: string;

  static of(s: WebhookSubscription, now: string): WebhookResponse {
    const previous = s.secrets
      .slice(1)
      .map((secret) => secret.expiresAt)
      .filter((at): at is string => at !== undefined && at > now)
      .sort()
      .at(-1);
    return {
      id: s.id,
      url: s.url,
      eventTypes: s.eventTypes,
      ...(s.accountId !== undefined && { accountId: s.accountId }),
      ...(s.description !== undefined && { description: s.description }),
      enabled: s.enabled,
      revision: s.revision,
      ...(previous !== undefined && { previousSecretExpiresAt: previous }),
      ...(s.failingSince !== undefined && { failingSince: s.failingSince }),
      ...(s.disabledAt !== undefined && { disabledAt: s.disabledAt }),
      ...(s.disabledReason !== undefined && { disabledReason: s.disabledReason }),
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
    };
  }
}

export class WebhookWithSecretResponse extends WebhookResponse {
  @ApiProperty({
    description:
      'The signing secret (Standard Webhooks `whsec_…`). Shown in this response only; a replay through ' +
      'Idempotency-Key answers without it.',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  secret: string;
}

export class WebhookPageResponse {
  @ApiProperty({ description: 'Subscriptions in creation order.', type: [WebhookResponse] })
  items: WebhookResponse[];

  @ApiPropertyOptional({
    description: 'Link to the next page; absent on the last page.',
    example: '/v1/webhooks?limit=20&cursor=MDE5NWYzYWEtMmIzYy03ZDRlLThmNTAtNjE3MjgzOTRhNWI2',
  })
  next?: string;
}

export class WebhookEventTypeResponse {
  @ApiProperty({ description: 'The name to subscribe to.', example: 'case.responded' })
  name: string;

  @ApiProperty({ description: 'The CloudEvents `type` of its deliveries.', example: 'com.caseledger.case.responded' })
  cloudEventType: string;

  @ApiProperty({ description: 'What happened.', example: 'An agent responded to the customer.' })
  description: string;
}

export class WebhookEventTypesResponse {
  @ApiProperty({ description: 'Every event type a subscription may name.', type: [WebhookEventTypeResponse] })
  items: WebhookEventTypeResponse[];
}
