import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ContractListing } from '@caseledger/read-models';
import { AuthorisedContactResponse } from './contract.response.dto';
import { CONTRACT_STATUSES } from './list-contracts.query.dto';

/** A contract as the lists show it; GET /v1/contracts/{contractId} has its terms in full. */
export class ContractListingResponse {
  @ApiProperty({ description: 'Contract id.', example: '01937c6e-8f6a-7c3e-9b1d-5a2f0c4d8e11' })
  contractId: string;

  @ApiProperty({ description: 'The customer account.', example: 'acme-corp' })
  accountId: string;

  @ApiProperty({ description: 'Lifecycle state.', enum: CONTRACT_STATUSES, example: 'signed' })
  status: string;

  @ApiProperty({ description: 'The latest plan (a scheduled change included).', example: 'beesender-business' })
  planId: string;

  @ApiProperty({ description: "The plan's service time zone chosen in the order form.", example: 'gmt+3' })
  serviceTimeZone: string;

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

  @ApiProperty({ description: 'When it was signed (UTC).', example: '2025-12-20T10:00:00.000Z' })
  signedAt: string;

  @ApiProperty({
    description: 'Contacts who may file cases.',
    type: [AuthorisedContactResponse],
    example: [{ contactId: 'olga', name: 'Olga Petrova', email: 'olga@acme.example', phone: null }],
  })
  authorisedContacts: AuthorisedContactResponse[];

  @ApiProperty({ description: 'Revision of the contract the row reflects (its ETag then).', example: '2' })
  revision: string;

  static of(listing: ContractListing): ContractListingResponse {
    return {
      ...listing,
      authorisedContacts: listing.authorisedContacts.map((c) => ({ ...c })),
      revision: String(listing.revision),
    };
  }
}

export class ContractPageResponse {
  @ApiProperty({ description: "The page's contracts, newest signed first.", type: [ContractListingResponse] })
  items: ContractListingResponse[];

  @ApiPropertyOptional({
    description: 'URL of the next page (also in the Link header); absent on the last page.',
    example: '/v1/contracts?limit=50&cursor=WyJzaWduZWRBdDpkZXNjIl0',
  })
  next?: string;
}
