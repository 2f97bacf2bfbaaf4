import { OccurredAtRequest } from './occurred-at.request.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PERSON_ID, PERSON_ID_MESSAGE } from './case-fields';

export class ProvideInformationRequest extends OccurredAtRequest {
  @ApiProperty({
    description: "The customer's answer; paused clocks resume with shifted due instants.",
    example: 'Only Telegram; WhatsApp works.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  answer: string;

  @ApiPropertyOptional({
    description:
      'For vendor-side keys recording an answer given by phone or email: the authorised contact who answered; ' +
      'the case contact when omitted. A customer key answers as itself.',
    example: 'olga.petrova',
  })
  @IsOptional()
  @IsString()
  @Matches(PERSON_ID, { message: `contactId ${PERSON_ID_MESSAGE}` })
  contactId?: string;
}
