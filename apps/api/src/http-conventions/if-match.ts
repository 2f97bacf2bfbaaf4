/**
 * `If-Match` for optimistic concurrency on writes: the client sends the ETag it last saw, the
 * stream revision in quotes (`"7"`), and the command appends with that expected revision.
 * Weak tags (`W/"7"`) are refused because a write needs a strong comparison (RFC 9110 §13.1.1);
 * `*` means "whatever the current revision is", which for us is the same as no header.
 */
import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiHeader, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import {
  PROBLEM_CONTENT_TYPE,
  ProblemDetails,
  ProblemException,
  problemType,
} from '../problem-details/problem-details';

const REVISION_TAG = /^"(\d{1,19})"$/;
const MAX_REVISION = 2n ** 63n - 1n;

/** The expected revision in an If-Match value; undefined for none or `*`. Throws 400 problem+json otherwise. */
export function parseIfMatch(header: string | string[] | undefined): bigint | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(', ') : header;
  const trimmed = value.trim();
  if (trimmed === '*') return undefined;
  if (/^W\//i.test(trimmed))
    throw malformedIfMatch(
      value,
      'weak entity tags (W/) cannot be used for a write; send the ETag as received, e.g. "7"',
    );
  const match = REVISION_TAG.exec(trimmed);
  if (!match) throw malformedIfMatch(value, 'must be one stream revision in double quotes, e.g. "7", or *');
  const revision = BigInt(match[1]);
  if (revision > MAX_REVISION) throw malformedIfMatch(value, 'is larger than any stream revision');
  return revision;
}

function malformedIfMatch(value: string, message: string): ProblemException {
  return new ProblemException({
    type: problemType('validation'),
    title: 'Request validation failed',
    status: HttpStatus.BAD_REQUEST,
    detail: `The If-Match header ${JSON.stringify(value.slice(0, 100))} ${message}.`,
    errors: [{ field: 'If-Match', message }],
  });
}

/**
 * Documents the If-Match header and its 412 answer on a write route; `WriteContext` applies it to
 * every write that reads If-Match, so the document and the parsing cannot drift apart.
 */
export function ApiIfMatch(): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description:
        'The ETag of the last read or write (the stream revision in quotes, e.g. "7"); the write is refused with ' +
        '412 if the stream has moved on. `*` or no header: any revision.',
      schema: { type: 'string', example: '"7"' },
    }),
    ApiResponse({
      status: HttpStatus.PRECONDITION_FAILED,
      description: 'If-Match names a revision the stream is no longer at; read again and retry.',
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetails) } } },
    }),
  );
}
