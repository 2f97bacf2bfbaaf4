import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { ACCOUNT_ID, PERSON_ID, PERSON_ID_MESSAGE } from '../http-conventions/identifiers';
import { PagedReadQuery } from '../projections/read-query.dto';

export class ListTamAssignmentsQuery extends PagedReadQuery {
  @ApiPropertyOptional({
    description: "Only the TAM's assignments: every account this TAM holds.",
    example: 'tam.ravi',
  })
  @IsOptional()
  @Matches(PERSON_ID, { message: `tam ${PERSON_ID_MESSAGE}` })
  tam?: string;

  @ApiPropertyOptional({
    description:
      "Only this account's assignment. A key bound to an account always sees only that account; naming another answers 403.",
    example: 'acme-corp',
  })
  @IsOptional()
  @Matches(ACCOUNT_ID, { message: 'account must be 1-100 letters, digits, or . _ : -' })
  account?: string;
}
