/**
 * The shared shape of a command route: method, status, roles, OpenAPI operation, the problems it can
 * answer, the write response with its headers, and the wrapper that sets those headers. Each
 * route keeps what is its own (path, roles, summary, DTO); the convention lives here once.
 */
import { applyDecorators, Delete, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { type Role, Roles } from '../auth/principal';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses, WRITE_PROBLEMS } from '../problem-details/api-problem-responses.decorator';
import { CREATED_RESPONSE_HEADERS, WRITE_RESPONSE_HEADERS } from './write-headers';
import { AnswersWrite } from './write-answer.decorator';
import { WriteResponse } from './write-response.dto';

export interface CommandRouteOptions {
  /** Relative to the controller's path; none for the controller's own path. */
  path?: string;
  method?: 'POST' | 'DELETE';
  /** A route that creates its resource answers 201 with Location; the others 200. */
  creates?: boolean;
  roles: Role[];
  /**
   * The client method name, a verb (`addAuthorisedContact`). Needed when the controller has several
   * routes; a one-route controller is named after its use case (see openapi/operation-ids.ts).
   */
  operationId?: string;
  summary: string;
  /** What the 2xx answer means, e.g. which revision the ETag is. */
  answer: string;
  problems?: Parameters<typeof ApiProblemResponses>;
}

export function CommandRoute(options: CommandRouteOptions): MethodDecorator {
  const route = options.method === 'DELETE' ? Delete(options.path) : Post(options.path);
  const headers = options.creates ? CREATED_RESPONSE_HEADERS : WRITE_RESPONSE_HEADERS;
  const response = { type: WriteResponse, headers, description: options.answer };
  return applyDecorators(
    // First, so the metadata of the decorators after it lands on the wrapped handler.
    AnswersWrite(),
    route,
    HttpCode(options.creates ? HttpStatus.CREATED : HttpStatus.OK),
    Roles(...options.roles),
    ApiOperation({ summary: options.summary, ...(options.operationId && { operationId: options.operationId }) }),
    options.creates ? ApiCreatedResponse(response) : ApiOkResponse(response),
    ApiProtectedRoute(),
    ApiProblemResponses(...(options.problems ?? WRITE_PROBLEMS)),
  );
}
