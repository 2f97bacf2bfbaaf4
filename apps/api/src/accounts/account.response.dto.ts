import { ApiProperty } from '@nestjs/swagger';
import type { AccountOverview } from '@caseledger/read-models';
import { PRIORITIES } from '@caseledger/sla';
import { ContractListingResponse } from '../contracts/contract-listing.response.dto';
import { AuthorisedContactResponse } from '../contracts/contract.response.dto';
import {
  TamAssignmentListingResponse,
  TAM_PROFILE_EXAMPLE,
} from '../tam-assignments/tam-assignment-listing.response.dto';

export class AccountContactResponse extends AuthorisedContactResponse {
  @ApiProperty({
    description: 'The running contract that authorises the contact.',
    example: '01937c6e-8f6a-7c3e-9b1d-5a2f0c4d8e11',
  })
  contractId: string;
}

export class OpenCasesByPriorityResponse {
  @ApiProperty({ description: 'Open P1 cases.', example: 1 })
  P1: number;
  @ApiProperty({ description: 'Open P2 cases.', example: 0 })
  P2: number;
  @ApiProperty({ description: 'Open P3 cases.', example: 2 })
  P3: number;
  @ApiProperty({ description: 'Open P4 cases.', example: 0 })
  P4: number;
}

export class OpenCasesResponse {
  @ApiProperty({ description: 'Cases not resolved or closed (awaiting the customer included).', example: 3 })
  total: number;

  @ApiProperty({ description: 'The same, by current priority.', type: OpenCasesByPriorityResponse })
  byPriority: OpenCasesByPriorityResponse;
}

export class AccountResponse {
  @ApiProperty({ description: 'The customer account (tenant) id.', example: 'acme-corp' })
  accountId: string;

  @ApiProperty({ description: 'Every contract of the account, newest signed first.', type: [ContractListingResponse] })
  contracts: ContractListingResponse[];

  @ApiProperty({
    description: "The account's TAM now; null when it has none.",
    type: TamAssignmentListingResponse,
    nullable: true,
    example: {
      accountId: 'acme-corp',
      tam: TAM_PROFILE_EXAMPLE,
      assignedAt: '2026-01-05T09:00:00.000Z',
      revision: '0',
    },
  })
  tam: TamAssignmentListingResponse | null;

  @ApiProperty({
    description: 'The authorised contacts of its running contracts, each with the contract that authorises them.',
    type: [AccountContactResponse],
  })
  authorisedContacts: AccountContactResponse[];

  @ApiProperty({ description: 'Counts of its open cases.', type: OpenCasesResponse })
  openCases: OpenCasesResponse;

  static of(account: AccountOverview): AccountResponse {
    return {
      accountId: account.accountId,
      contracts: account.contracts.map(ContractListingResponse.of),
      tam: account.tam && TamAssignmentListingResponse.of(account.tam),
      authorisedContacts: account.authorisedContacts.map((c) => ({ ...c })),
      openCases: {
        total: account.openCases.total,
        byPriority: Object.fromEntries(
          PRIORITIES.map((p) => [p, account.openCases.byPriority[p] ?? 0]),
        ) as unknown as OpenCasesByPriorityResponse,
      },
    };
  }
}
