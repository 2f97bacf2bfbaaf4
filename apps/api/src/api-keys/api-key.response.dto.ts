import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Role, ROLES } from '../auth/principal';
import type { ApiKeyRecord } from './api-key.repository';

export class ApiKeyResponse {
  @ApiProperty({
    description: 'Key id; the token starts with `clk_` and this id without dashes.',
    example: '0190f3aa-2b3c-7d4e-8f50-61728394a5b6',
    format: 'uuid',
  })
  id: string;

  @ApiProperty({ description: 'What the key is for.', example: 'Acme helpdesk integration' })
  name: string;

  @ApiProperty({ description: 'What the key may do.', enum: ROLES, example: 'customer' })
  role: Role;

  @ApiPropertyOptional({
    description: 'The account the key is confined to.',
    example: '0190f3a8-6c1e-7b2a-9d4f-2b8e5c7a1f00',
  })
  accountId?: string;

  @ApiPropertyOptional({
    description: 'The authorised contact a customer key acts as.',
    example: '0190f3a9-11aa-7c3d-8e2f-4a5b6c7d8e9f',
  })
  contactId?: string;

  @ApiPropertyOptional({
    description: 'Id of the admin key that created this one; absent for the key from ADMIN_API_KEY.',
    example: '0190f3a0-0000-7000-8000-000000000001',
    format: 'uuid',
  })
  createdBy?: string;

  @ApiProperty({ description: 'True for the bootstrap key taken from the ADMIN_API_KEY variable.', example: false })
  fromEnvironment: boolean;

  @ApiProperty({
    description: 'When the key was created (UTC).',
    example: '2026-04-02T14:30:00.000Z',
    format: 'date-time',
  })
  createdAt: string;

  @ApiPropertyOptional({
    description: 'When the key stops working (UTC); absent when it never expires.',
    example: '2027-01-01T00:00:00.000Z',
    format: 'date-time',
  })
  expiresAt?: string;

  @ApiPropertyOptional({
    description: 'When the key was revoked (UTC); absent while it is live.',
    example: '2026-05-01T09:00:00.000Z',
    format: 'date-time',
  })
  revokedAt?: string;

  static of(record: ApiKeyRecord): ApiKeyResponse {
    return {
      id: record.id,
      name: record.name,
      role: record.role,
      ...(record.accountId !== undefined && { accountId: record.accountId }),
      ...(record.contactId !== undefined && { contactId: record.contactId }),
      ...(record.createdBy !== undefined && { createdBy: record.createdBy }),
      fromEnvironment: record.fromEnvironment,
      createdAt: record.createdAt.toISOString(),
      ...(record.expiresAt && { expiresAt: record.expiresAt.toISOString() }),
      ...(record.revokedAt && { revokedAt: record.revokedAt.toISOString() }),
    };
  }
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({
    description: 'The bearer token. Shown in this response only: it is stored hashed and cannot be read again.',
    example: 'clk_0190f3aa2b3c7d4e8f5061728394a5b6_Jq3vN0mQk2hX9pW4sT7uY1zA6bC8dE5fG0hI2jK4lM',
  })
  secret: string;
}

export class ApiKeyPageResponse {
  @ApiProperty({ description: 'Keys in creation order.', type: [ApiKeyResponse] })
  items: ApiKeyResponse[];

  @ApiPropertyOptional({
    description: 'Link to the next page; absent on the last page.',
    example: '/v1/api-keys?limit=20&cursor=MDE5MGYzYWEtMmIzYy03ZDRlLThmNTAtNjE3MjgzOTRhNWI2',
  })
  next?: string;
}
