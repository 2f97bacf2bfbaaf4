import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { ACCOUNT_ID, ACCOUNT_ID_MESSAGE } from '../http-conventions/identifiers';

const URL_DOC =
  'Where deliveries are POSTed. https only (http when the deployment sets WEBHOOK_ALLOW_HTTP=true); a host that ' +
  'resolves to a loopback, private, link-local, CGNAT or cloud-metadata address is refused unless ' +
  'WEBHOOK_ALLOW_PRIVATE_NETWORKS=true.';
const TYPES_DOC =
  'Event types to receive: names from GET /v1/webhooks/event-types (e.g. `sla.breached`), a group (`case.*`, ' +
  '`sla.*`, `contract.*`) or `*`.';

export class CreateWebhookRequest {
  @ApiProperty({ description: URL_DOC, example: 'https://crm.example.com/hooks/caseledger', maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  url: string;

  @ApiProperty({ description: TYPES_DOC, example: ['case.*', 'sla.breached'], type: [String] })
  @IsArray()
  @ArrayMinSize(1, { message: 'eventTypes must name at least one event type' })
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  eventTypes: string[];

  @ApiPropertyOptional({
    description:
      "Send only this account's events. An integration key bound to an account always gets its own account's only.",
    example: 'acme',
  })
  @IsOptional()
  @Matches(ACCOUNT_ID, { message: `accountId ${ACCOUNT_ID_MESSAGE}` })
  accountId?: string;

  @ApiPropertyOptional({ description: 'What the subscription is for.', example: 'HubSpot sync', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({
    description: 'Deliveries are queued and sent only while enabled.',
    example: true,
    default: true,
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateWebhookRequest {
  @ApiPropertyOptional({ description: URL_DOC, example: 'https://crm.example.com/hooks/caseledger', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ description: TYPES_DOC, example: ['case.*'], type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: 'eventTypes must name at least one event type' })
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  eventTypes?: string[];

  @ApiPropertyOptional({ description: "Send only this account's events.", example: 'acme' })
  @IsOptional()
  @Matches(ACCOUNT_ID, { message: `accountId ${ACCOUNT_ID_MESSAGE}` })
  accountId?: string;

  @ApiPropertyOptional({ description: 'What the subscription is for.', example: 'HubSpot sync', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({
    description: 'false pauses deliveries; true enables again (also after an automatic disabling).',
    example: true,
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
