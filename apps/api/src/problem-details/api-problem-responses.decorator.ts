import { applyDecorators } from '@nestjs/common';
import { ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, ProblemDetails } from './problem-details';

export const PROBLEM_WHEN = {
  400: 'The request is malformed or a field is invalid; `errors` lists every field. Nothing was changed.',
  404: 'No such resource, or it belongs to another account.',
  409: 'The current state forbids this change, or a concurrent change got there first. Nothing was changed.',
  412: 'If-Match names another revision than the current one. Nothing was changed.',
  413: 'The body exceeds 1 MiB (urn:caseledger:problem:body-too-large). Nothing was changed.',
  415: 'The body is not application/json (urn:caseledger:problem:unsupported-media-type). Nothing was changed.',
  422: 'A business rule refuses the request (e.g. contact limit, channel not in the plan). Nothing was changed.',
  503: 'A store is unreachable; retry after Retry-After seconds. Nothing was changed.',
} as const satisfies Record<number, string>;

/** Documents the problem+json answers a route can give, besides the 401/403/429 of every protected route. */
export function ApiProblemResponses(...statuses: (keyof typeof PROBLEM_WHEN)[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: PROBLEM_WHEN[status],
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetails) } } },
      }),
    ),
  );
}

/** The problems every write can answer with. */
export const WRITE_PROBLEMS = [400, 404, 409, 412, 413, 415, 422, 503] as const;
