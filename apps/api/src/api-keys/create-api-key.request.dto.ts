import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  registerDecorator,
  ValidateIf,
  ValidationOptions,
} from 'class-validator';
import { Role, ROLES } from '../auth/principal';
import { ACCOUNT_ID, ACCOUNT_ID_MESSAGE, PERSON_ID, PERSON_ID_MESSAGE } from '../http-conventions/identifiers';

/** Refuses the field unless the key's role is one of `roles`: an agent key scoped to an account would be a lie. */
function OnlyForRoles(roles: Role[], options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'onlyForRoles',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `$property may only be given for a ${roles.join(' or ')} key`, ...options },
      validator: {
        validate: (value: unknown, args) =>
          value === undefined || roles.includes((args?.object as { role: Role }).role),
      },
    });
}

export class CreateApiKeyRequest {
  @ApiProperty({
    description: 'What the key is for, shown in listings.',
    example: 'Acme helpdesk integration',
    maxLength: 100,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({ description: 'What the key may do.', enum: ROLES, example: 'customer' })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role: Role;

  @ApiPropertyOptional({
    description:
      'The account the key is confined to: required for `customer`, optional for `integration`, refused otherwise.',
    example: '0190f3a8-6c1e-7b2a-9d4f-2b8e5c7a1f00',
  })
  @ValidateIf((o: CreateApiKeyRequest) => o.role === 'customer' || o.accountId !== undefined)
  @Matches(ACCOUNT_ID, { message: `accountId is required for a customer key and ${ACCOUNT_ID_MESSAGE}` })
  @OnlyForRoles(['customer', 'integration'])
  accountId?: string;

  @ApiPropertyOptional({
    description: 'The authorised contact a `customer` key acts as; required for `customer`, refused otherwise.',
    example: '0190f3a9-11aa-7c3d-8e2f-4a5b6c7d8e9f',
  })
  @ValidateIf((o: CreateApiKeyRequest) => o.role === 'customer' || o.contactId !== undefined)
  @Matches(PERSON_ID, { message: `contactId is required for a customer key and ${PERSON_ID_MESSAGE}` })
  @OnlyForRoles(['customer'])
  contactId?: string;

  @ApiPropertyOptional({
    description: 'When the key stops working (UTC, ISO-8601, in the future); never when absent.',
    example: '2027-01-01T00:00:00Z',
    format: 'date-time',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO-8601 instant' })
  expiresAt?: string;
}
