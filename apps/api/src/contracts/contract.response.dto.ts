import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CalendarDefinitionDto } from '../calendars/calendar-definition.dto';
import { CHANNELS } from '../support-cases/case-fields';

export class AuthorisedContactResponse {
  @ApiProperty({ description: "The contact's id; customer API keys act as this contact.", example: 'jane.doe' })
  contactId: string;

  @ApiProperty({
    description: 'Full name; "[erased]" once the contact\'s personal data is erased.',
    example: 'Jane Doe',
  })
  name: string;

  @ApiProperty({
    description: 'Email address; "[erased]" once the contact\'s personal data is erased.',
    example: 'jane.doe@acme.example',
  })
  email: string;

  @ApiProperty({
    description: 'Phone number, null when not given; "[erased]" once the contact\'s personal data is erased.',
    example: '+44 20 7946 0000',
    nullable: true,
    type: String,
  })
  phone: string | null;
}

export class ContractResponse {
  @ApiProperty({ description: 'Contract id.', example: '01937c6e-8f6a-7c3e-9b1d-5a2f0c4d8e11' })
  contractId: string;

  @ApiProperty({ description: 'The customer account.', example: 'acme-corp' })
  accountId: string;

  @ApiProperty({ description: 'Lifecycle state.', enum: ['signed', 'terminated', 'expired'], example: 'signed' })
  status: string;

  @ApiProperty({ description: 'The latest plan (a scheduled change included).', example: 'bird-email-enterprise' })
  planId: string;

  @ApiProperty({ description: 'Name of that plan.', example: 'Bird Email Enterprise Services' })
  planName: string;

  @ApiProperty({ description: "The plan's service time zone chosen in the order form.", example: 'uk' })
  serviceTimeZone: string;

  @ApiProperty({ description: 'The latest calendar, with its version.', type: CalendarDefinitionDto })
  calendar: CalendarDefinitionDto;

  @ApiProperty({ description: 'Start of the term (UTC).', example: '2026-01-01T00:00:00.000Z' })
  startsAt: string;

  @ApiPropertyOptional({
    description: 'End of the term (UTC), null when open-ended.',
    example: null,
    nullable: true,
    type: String,
  })
  endsAt: string | null;

  @ApiPropertyOptional({
    description: 'When it was terminated or expired, null while it runs.',
    example: null,
    nullable: true,
    type: String,
  })
  endedAt: string | null;

  @ApiProperty({ description: 'Contacts who may file cases.', type: [AuthorisedContactResponse], example: [] })
  authorisedContacts: AuthorisedContactResponse[];

  @ApiProperty({ description: 'How many authorised contacts the plan admits.', example: 5 })
  authorisedContactLimit: number;

  @ApiProperty({
    description: 'Channels cases may come in through.',
    enum: CHANNELS,
    isArray: true,
    example: ['portal', 'email', 'severity1Hotline'],
  })
  channels: string[];

  @ApiProperty({ description: 'Whether the plan includes the 24/7 Severity-1 hotline.', example: true })
  severity1Hotline: boolean;

  @ApiProperty({
    description: "The contract's amendments to the plan (targets, contact limit).",
    type: Object,
    example: {},
  })
  overrides: Record<string, unknown>;

  @ApiProperty({ description: 'Revision of the contract (also the ETag).', example: '2' })
  revision: string;
}
