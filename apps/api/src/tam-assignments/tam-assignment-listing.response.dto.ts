import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { TamAssignmentListing } from '@caseledger/read-models';
import { TamProfileDto } from './tam-assignment.request.dto';

export const TAM_PROFILE_EXAMPLE = {
  id: 'tam.ravi',
  name: 'Ravi Patel',
  phone: '+1 212 555 0100',
  email: 'ravi.patel@vendor.example',
  workingHours: { timeZone: 'Europe/London', weekly: { mon: [{ from: '09:00', to: '17:00' }] } },
};

/** An account's current TAM, as the lists and the account show it. */
export class TamAssignmentListingResponse {
  @ApiProperty({ description: 'The customer account.', example: 'acme-corp' })
  accountId: string;

  @ApiProperty({
    description: 'The TAM holding the assignment now.',
    type: TamProfileDto,
    example: TAM_PROFILE_EXAMPLE,
  })
  tam: TamProfileDto;

  @ApiProperty({ description: 'When this TAM took the assignment (UTC).', example: '2026-01-05T09:00:00.000Z' })
  assignedAt: string;

  @ApiProperty({ description: 'Revision of the assignment the row reflects (its ETag then).', example: '0' })
  revision: string;

  static of(listing: TamAssignmentListing): TamAssignmentListingResponse {
    return { ...listing, tam: { ...listing.tam }, revision: String(listing.revision) };
  }
}

export class TamAssignmentPageResponse {
  @ApiProperty({ description: "The page's assignments, by account id.", type: [TamAssignmentListingResponse] })
  items: TamAssignmentListingResponse[];

  @ApiPropertyOptional({
    description: 'URL of the next page (also in the Link header); absent on the last page.',
    example: '/v1/tam-assignments?limit=50&cursor=WyJhY2NvdW50SWQ6YXNjIiwiYWNtZS1jb3JwIl0',
  })
  next?: string;
}
