import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { INSTANT_MESSAGE, ISO_INSTANT } from '../contracts/sign-contract.request.dto';
import { CATEGORIES, CHANNELS, CRITICALITY_VALUES, PERSON_ID, PERSON_ID_MESSAGE, PRIORITY_VALUES } from './case-fields';
import { VITAL_INFORMATION_EXAMPLE, VitalInformationDto } from './vital-information.dto';

export class OpenCaseRequest {
  @ApiProperty({
    description: 'The contract the case is filed under; it decides the plan, calendar and SLA targets.',
    example: '01937c6e-8f6a-7c3e-9b1d-5a2f0c4d8e11',
  })
  @IsUUID('all', { message: 'contractId must be a UUID' })
  contractId: string;

  @ApiPropertyOptional({
    description:
      'The authorised contact filing the case. Required for agent, admin and integration keys; a customer key ' +
      'files as its own contact and may omit it.',
    example: 'olga.petrova',
  })
  @IsOptional()
  @IsString()
  @Matches(PERSON_ID, { message: `contactId ${PERSON_ID_MESSAGE}` })
  contactId?: string;

  @ApiProperty({
    description: 'How the case came in; the plan must allow the channel.',
    enum: CHANNELS,
    example: 'portal',
  })
  @IsIn(CHANNELS)
  channel: string;

  @ApiProperty({ description: 'One-line summary.', example: 'Chats are not created from the website widget' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  subject: string;

  @ApiProperty({
    description: 'What happens, step by step, and what was expected instead.',
    example: '1. Open the widget 2. Send a message 3. No chat appears in the inbox',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  description: string;

  @ApiProperty({ description: 'Kind of request.', enum: CATEGORIES, example: 'incident' })
  @IsIn(CATEGORIES)
  category: string;

  @ApiProperty({ description: 'Priority, P1 (highest) to P4.', enum: PRIORITY_VALUES, example: 'P2' })
  @IsIn(PRIORITY_VALUES)
  priority: string;

  @ApiProperty({
    description: '`critical` is persistent unavailability and needs a plan with the 24/7 Severity-1 hotline.',
    enum: CRITICALITY_VALUES,
    example: 'nonCritical',
  })
  @IsIn(CRITICALITY_VALUES)
  criticality: string;

  @ApiPropertyOptional({
    description: "The contact's vital information (company, name, phone, email, description), if known at filing.",
    type: VitalInformationDto,
    example: VITAL_INFORMATION_EXAMPLE,
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => VitalInformationDto)
  vitalInformation?: VitalInformationDto;

  @ApiPropertyOptional({
    description:
      'For cases imported from email or a phone line: when the vendor received them (UTC). Not in the future, ' +
      'not before the contract. Now when omitted.',
    example: '2026-04-02T13:30:00Z',
  })
  @IsOptional()
  @Matches(ISO_INSTANT, { message: `receivedAt ${INSTANT_MESSAGE}` })
  @IsISO8601({ strict: true })
  receivedAt?: string;
}
