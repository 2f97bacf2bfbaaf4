import { ApiPropertyOptional } from '@nestjs/swagger';
import { INSTANT_MESSAGE, ISO_INSTANT } from '../contracts/sign-contract.request.dto';
import { ACCOUNT_ID, UUID } from '../http-conventions/identifiers';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CASE_SORTS } from '@caseledger/read-models';
import { CATEGORIES, CRITICALITY_VALUES, PERSON_ID, PRIORITY_VALUES } from '../support-cases/case-fields';
import { listParam, PagedReadQuery } from '../projections/read-query.dto';

export const CASE_STATUSES = ['open', 'awaitingCustomer', 'resolutionProposed', 'resolved', 'closed'];

export class ListCasesQuery extends PagedReadQuery {
  @ApiPropertyOptional({
    description:
      "Only this account's cases. A customer key always sees only its own account; naming another answers 403.",
    example: 'acme-corp',
  })
  @IsOptional()
  @Matches(ACCOUNT_ID, { message: 'account must be 1-100 letters, digits, or . _ : -' })
  account?: string;

  @ApiPropertyOptional({
    description: 'Only cases under this contract.',
    example: '0195f3aa-2b3c-7d4e-8f50-61728394a5b6',
  })
  @IsOptional()
  @Matches(UUID, { message: 'contract must be a UUID' })
  contract?: string;

  @ApiPropertyOptional({ description: 'Statuses, repeated or comma-separated.', example: ['open', 'awaitingCustomer'] })
  @IsOptional()
  @Transform(listParam)
  @IsIn(CASE_STATUSES, { each: true, message: `status must be among ${CASE_STATUSES.join(', ')}` })
  status?: string[];

  @ApiPropertyOptional({ description: 'Priorities, repeated or comma-separated.', example: ['P1', 'P2'] })
  @IsOptional()
  @Transform(listParam)
  @IsIn(PRIORITY_VALUES, { each: true, message: `priority must be among ${PRIORITY_VALUES.join(', ')}` })
  priority?: string[];

  @ApiPropertyOptional({ description: 'Criticalities, repeated or comma-separated.', example: ['critical'] })
  @IsOptional()
  @Transform(listParam)
  @IsIn(CRITICALITY_VALUES, { each: true, message: `criticality must be among ${CRITICALITY_VALUES.join(', ')}` })
  criticality?: string[];

  @ApiPropertyOptional({ description: 'Categories, repeated or comma-separated.', example: ['incident'] })
  @IsOptional()
  @Transform(listParam)
  @IsIn(CATEGORIES, { each: true, message: `category must be among ${CATEGORIES.join(', ')}` })
  category?: string[];

  @ApiPropertyOptional({ description: 'Only cases assigned to this agent.', example: 'agent.smith' })
  @IsOptional()
  @Matches(PERSON_ID, { message: 'assignee must be 1-100 letters, digits, or . _ : @ -' })
  assignee?: string;

  @ApiPropertyOptional({ description: 'Opened at or after this instant (ISO-8601).', example: '2026-04-01T00:00:00Z' })
  @IsOptional()
  @Matches(ISO_INSTANT, { message: `openedFrom ${INSTANT_MESSAGE}` })
  @IsISO8601({ strict: true }, { message: 'openedFrom must be an ISO-8601 instant' })
  openedFrom?: string;

  @ApiPropertyOptional({
    description: 'Opened before this instant (ISO-8601, exclusive).',
    example: '2026-05-01T00:00:00Z',
  })
  @IsOptional()
  @Matches(ISO_INSTANT, { message: `openedTo ${INSTANT_MESSAGE}` })
  @IsISO8601({ strict: true }, { message: 'openedTo must be an ISO-8601 instant' })
  openedTo?: string;

  @ApiPropertyOptional({
    description:
      'Last changed at or after this instant (ISO-8601): `updatedAt`, the instant of the latest case event. ' +
      'With sort=updatedAt&order=asc, polling from the last `updatedAt` seen picks up every changed case.',
    example: '2026-04-01T00:00:00Z',
  })
  @IsOptional()
  @Matches(ISO_INSTANT, { message: `updatedFrom ${INSTANT_MESSAGE}` })
  @IsISO8601({ strict: true }, { message: 'updatedFrom must be an ISO-8601 instant' })
  updatedFrom?: string;

  @ApiPropertyOptional({
    description: 'Last changed before this instant (ISO-8601, exclusive).',
    example: '2026-05-01T00:00:00Z',
  })
  @IsOptional()
  @Matches(ISO_INSTANT, { message: `updatedTo ${INSTANT_MESSAGE}` })
  @IsISO8601({ strict: true }, { message: 'updatedTo must be an ISO-8601 instant' })
  updatedTo?: string;

  @ApiPropertyOptional({
    description: 'Free text found in the subject, case-insensitively (% and _ match themselves).',
    example: 'widget',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'q must be at most 200 characters' })
  q?: string;

  @ApiPropertyOptional({
    description: 'Sort key; ties are broken by case id.',
    enum: CASE_SORTS,
    default: 'openedAt',
    example: 'openedAt',
  })
  @IsOptional()
  @IsIn([...CASE_SORTS], { message: `sort must be one of ${CASE_SORTS.join(', ')}` })
  sort?: (typeof CASE_SORTS)[number];

  @ApiPropertyOptional({ description: 'Sort direction.', enum: ['asc', 'desc'], default: 'desc', example: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'], { message: 'order must be asc or desc' })
  order?: 'asc' | 'desc';
}
