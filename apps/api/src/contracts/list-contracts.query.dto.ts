import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PLAN_IDS as KNOWN_PLANS } from '@caseledger/sla';
import { ACCOUNT_ID } from '../http-conventions/identifiers';
import { listParam, PagedReadQuery } from '../projections/read-query.dto';

export const CONTRACT_STATUSES = ['signed', 'terminated', 'expired'];
export const PLAN_IDS = [...KNOWN_PLANS] as string[];

export class ListContractsQuery extends PagedReadQuery {
  @ApiPropertyOptional({
    description:
      "Only this account's contracts. A key bound to an account always sees only that account; naming another answers 403.",
    example: 'acme-corp',
  })
  @IsOptional()
  @Matches(ACCOUNT_ID, { message: 'account must be 1-100 letters, digits, or . _ : -' })
  account?: string;

  @ApiPropertyOptional({
    description: 'Plans (the latest recorded, a scheduled change included), repeated or comma-separated.',
    example: ['beesender-business', 'beesender-basic'],
  })
  @IsOptional()
  @Transform(listParam)
  @IsIn(PLAN_IDS, { each: true, message: `plan must be among ${PLAN_IDS.join(', ')}` })
  plan?: string[];

  @ApiPropertyOptional({ description: 'Statuses, repeated or comma-separated.', example: ['signed', 'terminated'] })
  @IsOptional()
  @Transform(listParam)
  @IsIn(CONTRACT_STATUSES, { each: true, message: `status must be among ${CONTRACT_STATUSES.join(', ')}` })
  status?: string[];
}
