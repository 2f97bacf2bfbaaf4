import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { INSTANT_MESSAGE, ISO_INSTANT } from '../contracts/sign-contract.request.dto';
import { CATEGORIES, PERSON_ID, PERSON_ID_MESSAGE, PRIORITY_VALUES } from './case-fields';
import { VITAL_INFORMATION_EXAMPLE, VitalInformationDto } from './vital-information.dto';

export class OpenCaseFromHotlineCallRequest {
  @ApiProperty({
    description: 'The contract of the calling customer; its plan must include the Severity-1 hotline.',
    example: '01937c6e-8f6a-7c3e-9b1d-5a2f0c4d8e11',
  })
  @IsUUID('all', { message: 'contractId must be a UUID' })
  contractId: string;

  @ApiProperty({ description: 'The authorised contact who called.', example: 'olga.petrova' })
  @IsString()
  @Matches(PERSON_ID, { message: `contactId ${PERSON_ID_MESSAGE}` })
  contactId: string;

  @ApiProperty({
    description: 'What the representative took down during the call.',
    type: VitalInformationDto,
    example: VITAL_INFORMATION_EXAMPLE,
  })
  @IsObject({ message: 'vitalInformation must be an object' })
  @ValidateNested()
  @Type(() => VitalInformationDto)
  vitalInformation: VitalInformationDto;

  @ApiPropertyOptional({
    description: 'Priority; P1 when omitted (a critical issue is persistent unavailability).',
    enum: PRIORITY_VALUES,
    example: 'P1',
  })
  @IsOptional()
  @IsIn(PRIORITY_VALUES)
  priority?: string;

  @ApiPropertyOptional({
    description: 'Kind of request; incident when omitted.',
    enum: CATEGORIES,
    example: 'incident',
  })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: string;

  @ApiPropertyOptional({
    description: 'One-line summary; "Severity-1 hotline call from <company>" when omitted.',
    example: 'Sending API unavailable',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  subject?: string;

  @ApiPropertyOptional({
    description:
      'When the call came in (UTC), if logged after the fact; now when omitted. The 15-minute callback clock ' +
      'starts here.',
    example: '2026-04-02T14:00:00Z',
  })
  @IsOptional()
  @Matches(ISO_INSTANT, { message: `receivedAt ${INSTANT_MESSAGE}` })
  @IsISO8601({ strict: true })
  receivedAt?: string;
}
