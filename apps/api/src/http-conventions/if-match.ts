/**
 * `If-Match` for optimistic concurrency on writes: the client sends the ETag it last saw, the
 * stream revision in quotes (`"7"`), and the command appends with that expected revision.
 * Weak tags (`W/"7"`) are refused because a write needs a strong comparison (RFC 9110 §13.1.1);
 * `*` means "whatever the current revision is", which for us is the same as no header.
 */
import { createParamDecorator, ExecutionContext, HttpStatus } from '@nestjs/common';
import { ApiHeader, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
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
 * Parameter decorator: the expected revision from If-Match as a bigint, or undefined (no header or
 * `*`: any revision). It also documents the header and the 412 answer in the OpenAPI document.
 */
export const IfMatch = createParamDecorator(
  (_: unknown, context: ExecutionContext): bigint | undefined =>
    parseIfMatch(context.switchToHttp().getRequest<FastifyRequest>().headers['if-match']),
  [
    (target, key) => {
      if (key === undefined) return;
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (!descriptor) return;
      ApiHeader({
        name: 'If-Match',
        required: false,
        description:
          'The ETag of the last read or write (the stream revision in quotes, e.g. "7"); the write is refused with 412 if the stream has moved on. `*` or no header: any revision.',
        schema: { type: 'string', example: '"7"' },
      })(target, key, descriptor);
      ApiResponse({
        status: HttpStatus.PRECONDITION_FAILED,
        description: 'If-Match names a revision the stream is no longer at; read again and retry.',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetails) } } },
      })(target, key, descriptor);
    },
  ],
);
