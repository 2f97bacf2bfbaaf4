import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import type { Delivery, DeliveryAttempt, DeliveryStatus } from '@caseledger/webhooks';
import { strictInteger } from '../projections/read-query.dto';

export const DELIVERY_STATUSES: DeliveryStatus[] = ['pending', 'delivered', 'failed'];

export class ListDeliveriesQuery {
  @ApiPropertyOptional({ description: 'Page size.', minimum: 1, maximum: 100, default: 20, example: 20 })
  @IsOptional()
  @Transform(strictInteger)
  @IsInt({ message: 'limit must be an integer from 1 to 100' })
  @Min(1, { message: 'limit must be an integer from 1 to 100' })
  @Max(100, { message: 'limit must be an integer from 1 to 100' })
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the `next` link of the previous page.', example: 'MTI' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'cursor is not one this API handed out' })
  cursor?: string;

  @ApiPropertyOptional({ description: 'Only deliveries in this state.', enum: DELIVERY_STATUSES, example: 'failed' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES, { message: `status must be one of ${DELIVERY_STATUSES.join(', ')}` })
  status?: DeliveryStatus;
}

export class DeliveryAttemptResponse {
  @ApiProperty({
    description: 'When the attempt was made (UTC).',
    example: '2026-04-01T08:00:05.000Z',
    format: 'date-time',
  })
  at: string;

  @ApiPropertyOptional({ description: 'The HTTP status the receiver answered; absent when none came.', example: 503 })
  statusCode?: number;

  @ApiPropertyOptional({
    description: 'Why no answer came: timeout, refused connection, a refused address.',
    example: 'no answer within 10 s',
  })
  error?: string;

  @ApiProperty({ description: 'Milliseconds from sending to the whole answer.', example: 42 })
  latencyMs: number;

  @ApiPropertyOptional({ description: "The first 1 KB of the receiver's answer.", example: 'Service Unavailable' })
  responseBody?: string;

  static of(a: DeliveryAttempt): DeliveryAttemptResponse {
    return a;
  }
}

export class DeliveryResponse {
  @ApiProperty({ description: 'Delivery id.', example: '0195f3ab-0c1d-7e2f-8a3b-4c5d6e7f8091', format: 'uuid' })
  id: string;

  @ApiProperty({
    description: 'The event id: the CloudEvent `id` and the `webhook-id` header, the same on every attempt and replay.',
    example: '0195f3aa-9f00-7a1b-8c2d-3e4f5a6b7c8d',
  })
  eventId: string;

  @ApiProperty({ description: 'The event type.', example: 'case.responded' })
  eventType: string;

  @ApiProperty({
    description: 'When the event happened (UTC).',
    example: '2026-04-01T08:00:00.000Z',
    format: 'date-time',
  })
  eventTime: string;

  @ApiProperty({
    description: '`live` for events as they were recorded, `replay:<id>` for a replay, `test:<id>` for a ping.',
    example: 'live',
  })
  origin: string;

  @ApiProperty({
    description: '`pending` (queued or waiting for a retry), `delivered` (answered 2xx), `failed` (no retries left).',
    enum: DELIVERY_STATUSES,
    example: 'delivered',
  })
  status: DeliveryStatus;

  @ApiProperty({ description: 'Every attempt, oldest first.', type: [DeliveryAttemptResponse] })
  attempts: DeliveryAttemptResponse[];

  @ApiPropertyOptional({
    description: 'While pending: when the next attempt is due (UTC).',
    example: '2026-04-01T08:05:05.000Z',
    format: 'date-time',
  })
  nextAttemptAt?: string;

  @ApiProperty({ description: 'When it was queued (UTC).', example: '2026-04-01T08:00:00.000Z', format: 'date-time' })
  createdAt: string;

  @ApiPropertyOptional({
    description: 'When the receiver answered 2xx (UTC).',
    example: '2026-04-01T08:00:00.120Z',
    format: 'date-time',
  })
  deliveredAt?: string;

  static of(d: Delivery): DeliveryResponse {
    return {
      id: d.id,
      eventId: d.eventId,
      eventType: d.eventType,
      eventTime: d.eventTime,
      origin: d.origin,
      status: d.status,
      attempts: d.attempts.map(DeliveryAttemptResponse.of),
      ...(d.status === 'pending' && { nextAttemptAt: d.nextAttemptAt }),
      createdAt: d.createdAt,
      ...(d.deliveredAt !== undefined && { deliveredAt: d.deliveredAt }),
    };
  }
}

export class DeliveryPageResponse {
  @ApiProperty({ description: 'Deliveries, newest first.', type: [DeliveryResponse] })
  items: DeliveryResponse[];

  @ApiPropertyOptional({
    description: 'Link to the next (older) page; absent on the last page.',
    example: '/v1/webhooks/0195f3aa-2b3c-7d4e-8f50-61728394a5b6/deliveries?limit=20&cursor=MTI',
  })
  next?: string;
}

export class ReplayRequest {
  @ApiProperty({
    description: 'Resend events that happened at or after this instant (UTC, ISO-8601).',
    example: '2026-04-01T00:00:00Z',
    format: 'date-time',
  })
  @IsISO8601({ strict: true }, { message: 'from must be an ISO-8601 instant' })
  from: string;

  @ApiPropertyOptional({
    description: 'Up to (not including) this instant; now when absent.',
    example: '2026-04-02T00:00:00Z',
    format: 'date-time',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO-8601 instant' })
  to?: string;
}

export class ReplayResponse {
  @ApiProperty({
    description: 'Names the replay: its deliveries have origin `replay:<id>`.',
    example: '0195f3ac-1111-7222-8333-444455556666',
  })
  replayId: string;

  @ApiProperty({ description: 'Deliveries queued.', example: 42 })
  queued: number;
}
