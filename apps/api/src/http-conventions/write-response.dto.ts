import { ApiProperty } from '@nestjs/swagger';
import type { WriteResult } from '@caseledger/application';
import { formatPosition } from '@caseledger/event-store';

/** What every write answers: the resource, its new revision (also the ETag) and the global position. */
export class WriteResponse {
  @ApiProperty({ description: 'Id of the resource written.', example: '01937c6e-8f6a-7c3e-9b1d-5a2f0c4d8e11' })
  id: string;

  @ApiProperty({ description: 'Revision of the resource after the write; send it back as If-Match.', example: '3' })
  revision: string;

  @ApiProperty({
    description: 'Global position of the write; pass it as consistentWith to read your own write.',
    example: '1042-7',
  })
  position: string;

  @ApiProperty({
    description: 'Events the command recorded, in order.',
    type: [String],
    example: ['CaseResponded', 'SlaClockStopped'],
  })
  events: string[];
}

export function writeResponse(id: string, result: WriteResult): WriteResponse {
  return {
    id,
    revision: result.revision.toString(),
    position: formatPosition(result.position),
    events: result.eventTypes,
  };
}
