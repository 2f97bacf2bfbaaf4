import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

/** What the Severity-1 hotline representative takes down from the caller. */
export class VitalInformationDto {
  @ApiProperty({ description: "The caller's company.", example: 'Acme Ltd' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  company: string;

  @ApiProperty({ description: 'Name of the person calling.', example: 'Olga Petrova' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  contactName: string;

  @ApiProperty({ description: 'Phone number to call back on.', example: '+44 20 7946 0000' })
  @IsString()
  @Matches(/^\+?[\d ()./-]{3,40}$/, { message: 'phone must be a phone number' })
  phone: string;

  @ApiProperty({ description: 'Email address of the caller.', example: 'olga@acme.example' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email: string;

  @ApiProperty({
    description: "What is unavailable, in the caller's words.",
    example: 'All API calls time out since 14:00 UTC',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10000)
  description: string;
}

export const VITAL_INFORMATION_EXAMPLE: VitalInformationDto = {
  company: 'Acme Ltd',
  contactName: 'Olga Petrova',
  phone: '+44 20 7946 0000',
  email: 'olga@acme.example',
  description: 'All API calls time out since 14:00 UTC',
};
