/**
 * Response headers the API sends by mechanism rather than by route, declared once in
 * `components.headers` and referenced from every response that carries them, so a route added
 * later is documented by what it is (a write, a page, a route that may answer 503) without a
 * decorator of its own:
 *
 * - every 2xx: `RateLimit-Limit`, `RateLimit-Remaining` (the rate limiter charges every request);
 * - every 2xx of an authenticated write: `Idempotent-Replayed` (the idempotency guard);
 * - every 200 of an operation with a `cursor` query parameter: `Link` (a cursor page);
 * - every 503: `Retry-After` (the problem filter and the read-consistency wait set it).
 *
 * What a route sends by its own choice is declared on the route: `ETag`/`X-Position`/`Location`
 * through CommandRoute, `ETag` of a read with READ_ETAG_HEADER, and `X-Read-Position` of a read
 * served from a read model with READ_MODEL_RESPONSE_HEADERS. test/api/openapi-headers.e2e-spec.ts
 * calls every GET route and fails on any of these headers answered but not declared.
 */
import type { HeaderObject, HeadersObject, OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';

export const SHARED_RESPONSE_HEADERS: Record<string, HeaderObject> = {
  'RateLimit-Limit': {
    description: "Size of the caller's request bucket (per API key, or per address without one).",
    schema: { type: 'integer', example: 1000 },
  },
  'RateLimit-Remaining': {
    description: 'Requests left in the bucket after this one.',
    schema: { type: 'integer', example: 999 },
  },
  'Idempotent-Replayed': {
    description:
      'Present (`true`) when the answer is the stored first answer to an earlier request with the same ' +
      'Idempotency-Key, not a new write.',
    schema: { type: 'string', enum: ['true'], example: 'true' },
  },
  Link: {
    description:
      'RFC 8288 link to the next page (`rel="next"`), the same URL as the body\'s `next`; absent on the last page.',
    schema: { type: 'string', example: '</v1/cases?limit=50&cursor=WyIyMDI2LTA0LTAxIl0>; rel="next"' },
  },
  'Retry-After': {
    description: 'Whole seconds to wait before retrying.',
    schema: { type: 'integer', example: 5 },
  },
  'X-Read-Position': {
    description:
      'The global position the read model had applied when it answered; the rows reflect every write up to it.',
    schema: { type: 'string', example: '1042-7' },
  },
};

const ref = (name: keyof typeof SHARED_RESPONSE_HEADERS) => ({ $ref: `#/components/headers/${name}` });

/** For `@ApiOkResponse({ headers: READ_MODEL_RESPONSE_HEADERS })` on reads that wait on ReadConsistency. */
export const READ_MODEL_RESPONSE_HEADERS: HeadersObject = { 'X-Read-Position': ref('X-Read-Position') };

function addHeaders(response: ResponseObject, names: (keyof typeof SHARED_RESPONSE_HEADERS)[]): void {
  const headers = (response.headers ??= {});
  for (const name of names) headers[name] ??= ref(name);
}

/** Adds the mechanism-made headers to one operation; `isIdempotentWrite` as the idempotency guard decides. */
export function declareSharedHeaders(operation: OperationObject, isIdempotentWrite: boolean): void {
  const isPage = (operation.parameters ?? []).some((p) => 'name' in p && p.in === 'query' && p.name === 'cursor');
  for (const [status, response] of Object.entries(operation.responses)) {
    if (!response || '$ref' in response) continue;
    if (/^2/.test(status)) {
      addHeaders(response, ['RateLimit-Limit', 'RateLimit-Remaining']);
      if (isIdempotentWrite) addHeaders(response, ['Idempotent-Replayed']);
      if (isPage && status === '200') addHeaders(response, ['Link']);
    }
    if (status === '503') addHeaders(response, ['Retry-After']);
  }
}

export function registerSharedHeaders(document: OpenAPIObject): void {
  const components = (document.components ??= {});
  components.headers = { ...SHARED_RESPONSE_HEADERS, ...(components.headers ?? {}) };
}
