import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CalendarDefinitionDto } from '../calendars/calendar-definition.dto';
import { PERSON_ID, PERSON_ID_MESSAGE } from '../http-conventions/identifiers';

export class TamProfileDto {
  @ApiProperty({ description: "The TAM's id in the vendor's directory.", example: 'tam.ravi' })
  @IsString()
  @Matches(PERSON_ID, { message: `id ${PERSON_ID_MESSAGE}` })
  id: string;

  @ApiProperty({ description: 'Full name.', example: 'Ravi Patel' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ description: 'Phone number the customer escalates to.', example: '+1 212 555 0100' })
  @IsString()
  @Matches(/^\+?[\d ()./-]{3,40}$/, { message: 'phone must be a phone number' })
  phone: string;

  @ApiProperty({ description: 'Email address the customer escalates to.', example: 'ravi.patel@vendor.example' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email: string;

  @ApiProperty({
    description: 'When the TAM is reachable (the designated business hours).',
    type: CalendarDefinitionDto,
  })
  @IsObject({ message: 'workingHours must be an object' })
  @ValidateNested()
  @Type(() => CalendarDefinitionDto)
  workingHours: CalendarDefinitionDto;
}

export class AssignTamRequest {
  @ApiProperty({ description: 'The Technical Account Manager to assign.', type: TamProfileDto })
  @IsObject({ message: 'tam must be an object' })
  @ValidateNested()
  @Type(() => TamProfileDto)
  tam: TamProfileDto;
}

export class ReassignTamRequest extends AssignTamRequest {
  @ApiPropertyOptional({ description: 'Why the assignment changes hands.', example: 'Ravi moves to the EMEA team' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class UnassignTamRequest {
  @ApiPropertyOptional({
    description: 'Why the account has no TAM from now on.',
    example: 'Plan downgraded to one without a TAM',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class AdjustTamWorkingHoursRequest {
  @ApiProperty({ description: "The TAM's new working hours.", type: CalendarDefinitionDto })
  @IsObject({ message: 'workingHours must be an object' })
  @ValidateNested()
  @Type(() => CalendarDefinitionDto)
  workingHours: CalendarDefinitionDto;
}

export class TamAssignmentResponse {
  @ApiProperty({ description: 'The customer account.', example: 'acme-corp' })
  accountId: string;

  @ApiProperty({
    description: 'The TAM holding the assignment now; null after an unassignment.',
    type: TamProfileDto,
    nullable: true,
  })
  tam: TamProfileDto | null;

  @ApiProperty({ description: 'Revision of the assignment (also the ETag).', example: '0' })
  revision: string;
}
