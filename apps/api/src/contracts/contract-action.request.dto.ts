import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PLAN_IDS } from '@caseledger/sla';
import { CalendarDefinitionDto } from '../calendars/calendar-definition.dto';
import { PERSON_ID, PERSON_ID_MESSAGE } from '../http-conventions/identifiers';
import { INSTANT_MESSAGE, ISO_INSTANT } from './sign-contract.request.dto';

export class AddAuthorisedContactRequest {
  @ApiProperty({
    description: "The contact's id in the customer's directory; customer API keys act as this contact.",
    example: 'jane.doe',
  })
  @IsString()
  @Matches(PERSON_ID, { message: `contactId ${PERSON_ID_MESSAGE}` })
  contactId: string;

  @ApiProperty({ description: 'Full name.', example: 'Jane Doe' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ description: 'Email address.', example: 'jane.doe@acme.example' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email: string;

  @ApiPropertyOptional({ description: 'Phone number, for callbacks.', example: '+44 20 7946 0000' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[\d ()./-]{3,40}$/, { message: 'phone must be a phone number' })
  phone?: string;
}

export class ChangeContractPlanRequest {
  @ApiProperty({
    description: 'The plan to move to (upgrade or downgrade).',
    enum: PLAN_IDS,
    example: 'beesender-premium',
  })
  @IsIn(PLAN_IDS)
  planId: string;

  @ApiPropertyOptional({
    description: 'When the new plan takes effect (UTC); now when omitted.',
    example: '2026-07-01T00:00:00Z',
  })
  @IsOptional()
  @Matches(ISO_INSTANT, { message: `effectiveAt ${INSTANT_MESSAGE}` })
  @IsISO8601({ strict: true })
  effectiveAt?: string;
}

export class ChangeContractCalendarRequest {
  @ApiProperty({
    description: 'The new calendar; it becomes the next version. Open cases keep the version they started with.',
    type: CalendarDefinitionDto,
  })
  @IsObject({ message: 'calendar must be an object' })
  @ValidateNested()
  @Type(() => CalendarDefinitionDto)
  calendar: CalendarDefinitionDto;
}

export class TerminateContractRequest {
  @ApiProperty({ description: 'Why the contract ends early.', example: 'Customer moved to another vendor' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}

export class RequestApplicationUpdateRequest {
  @ApiProperty({
    description: 'What is to be updated (the application, the version, the servers); counted against the allowance.',
    example: 'Update Beesender to 5.2 with package reinstall on the chat server',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  description: string;
}
