/**
 * Documentation helpers for errors. Every error the API sends is problem+json (the one exception
 * filter makes it so), and these decorators say so in the OpenAPI document.
 */
import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { HeadersObject, ResponseObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, ProblemDetails } from '../problem-details/problem-details';

export const PROBLEM_CONTENT = { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetails) } } };

export const RATE_LIMIT_HEADERS: HeadersObject = {
  'Retry-After': { description: 'Whole seconds to wait before retrying.', schema: { type: 'integer', example: 1 } },
  'RateLimit-Limit': {
    description: "Size of the caller's request bucket.",
    schema: { type: 'integer', example: 1000 },
  },
  'RateLimit-Remaining': {
    description: 'Requests left in the bucket (0 when refused).',
    schema: { type: 'integer', example: 0 },
  },
};

/** The answers of the auth guard and the rate limiter, as documented on every protected route. */
export const PROTECTED_ROUTE_RESPONSES: Record<'401' | '403' | '429', ResponseObject> = {
  '401': {
    description: 'No API key, or a key that is unknown, revoked or expired. Comes with WWW-Authenticate: Bearer.',
    headers: {
      'WWW-Authenticate': {
        description: 'The Bearer challenge (RFC 6750).',
        schema: { type: 'string', example: 'Bearer realm="caseledger"' },
      },
    },
    content: PROBLEM_CONTENT,
  },
  '403': { description: "The key's role may not call this route.", content: PROBLEM_CONTENT },
  '429': {
    description: "The key's (or, without a valid key, the address's) rate limit is spent.",
    headers: RATE_LIMIT_HEADERS,
    content: PROBLEM_CONTENT,
  },
};

/** An error answer documented as problem+json with the ProblemDetails schema. */
export function ApiProblemResponse(status: HttpStatus | number, description: string, headers?: HeadersObject) {
  return ApiResponse({ status, description, content: PROBLEM_CONTENT, ...(headers && { headers }) });
}

/**
 * Documents 401, 403 and 429 on a route that needs an API key. buildOpenApiDocument adds them to
 * any protected operation that lacks them, so a forgotten decorator still yields a complete
 * document; the decorator keeps the intent visible in the controller.
 */
export function ApiProtectedRoute() {
  return applyDecorators(
    ...Object.entries(PROTECTED_ROUTE_RESPONSES).map(([status, response]) =>
      ApiResponse({
        status: Number(status),
        description: response.description,
        content: response.content,
        ...(response.headers && { headers: response.headers }),
      }),
    ),
  );
}
