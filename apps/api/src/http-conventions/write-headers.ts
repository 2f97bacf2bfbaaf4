/**
 * The headers every successful write answers with: `ETag` (the stream revision, strong, quoted,
 * so it can be sent back as If-Match), `X-Position` (the global position, for
 * `?consistentWith=` on later reads) and `Location` for a newly created resource.
 */
import type { FastifyReply } from 'fastify';
import type { HeadersObject } from '@nestjs/swagger';
import { formatPosition, type GlobalPosition } from '@caseledger/event-store';

export const POSITION_HEADER = 'x-position';

export interface WriteOutcome {
  revision: bigint | number | string;
  position: GlobalPosition | string;
  location?: string;
}

export function etagOf(revision: bigint | number | string): string {
  return `"${revision.toString()}"`;
}

export function setWriteHeaders(reply: FastifyReply, outcome: WriteOutcome): void {
  void reply.header('etag', etagOf(outcome.revision));
  void reply.header(
    POSITION_HEADER,
    typeof outcome.position === 'string' ? outcome.position : formatPosition(outcome.position),
  );
  if (outcome.location !== undefined) void reply.header('location', outcome.location);
}

/** For `@ApiOkResponse({ type, headers: WRITE_RESPONSE_HEADERS })` on writes to an existing resource. */
export const WRITE_RESPONSE_HEADERS: HeadersObject = {
  ETag: {
    description: 'The stream revision after the write, quoted; send it back as If-Match.',
    schema: { type: 'string', example: '"7"' },
  },
  'X-Position': {
    description: 'Global position of the write; pass it as ?consistentWith= to read your own write.',
    schema: { type: 'string', example: '1042-7' },
  },
};

/** For `@ApiCreatedResponse({ type, headers: CREATED_RESPONSE_HEADERS })`: the write headers and Location. */
export const CREATED_RESPONSE_HEADERS: HeadersObject = {
  ...WRITE_RESPONSE_HEADERS,
  Location: {
    description: 'URL of the created resource.',
    schema: { type: 'string', example: '/v1/cases/0190f3aa-2b3c-7d4e-8f50-61728394a5b6' },
  },
};

/** For reads that answer the resource's revision, so it can be sent back as If-Match. */
export const READ_ETAG_HEADER: HeadersObject = {
  ETag: {
    description: 'The revision of the resource as read, quoted; send it back as If-Match on a write.',
    schema: { type: 'string', example: '"7"' },
  },
};
