/**
 * The single place where exceptions become HTTP answers: every error leaves as problem+json,
 * so controllers never build error responses and domain errors are mapped here only.
 */
import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { isConnectionError, StoreUnavailable } from '@caseledger/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { AllowedMethods } from '../http-conventions/allowed-methods';
import { IdempotentReplay } from '../idempotency/idempotency.guard';
import { domainProblem } from './domain-problems';
import { BODY_LIMIT_BYTES } from './body-limit';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, ProblemException, problemType } from './problem-details';

/** "The database is not there right now": a typed refusal of the store, or a connection failure of pg. */
export function isStoreUnreachable(error: unknown): boolean {
  return error instanceof StoreUnavailable || isConnectionError(error);
}

/**
 * Fastify's own refusals reach the filter as plain HttpExceptions (Nest maps them by status and
 * drops their code), so the status alone names the problem type.
 */
const HTTP_STATUS_SLUGS: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  408: 'request-timeout',
  413: 'body-too-large',
  415: 'unsupported-media-type',
  431: 'headers-too-large',
};

function bodyTooLarge(): ProblemDetails {
  return {
    type: problemType('body-too-large'),
    title: 'Payload Too Large',
    status: HttpStatus.PAYLOAD_TOO_LARGE,
    detail: `The body exceeds the limit of 1 MiB (${BODY_LIMIT_BYTES} bytes); nothing was changed.`,
  };
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(
    private readonly retryAfterSeconds: number,
    private readonly allowedMethods?: AllowedMethods,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // Not an error: a retry answered with what its first execution answered.
    if (error instanceof IdempotentReplay) return error.send(reply);
    const { problem, headers } = this.methodNotAllowed(error, request) ?? this.toProblem(error);
    if (problem.status >= 500 && problem.status !== 503) {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      // The request's own logger carries its request id (see logging/request-logging.ts).
      if (request.log) request.log.error({ context: 'ProblemDetails' }, text);
      else this.logger.error(text);
    }
    reply
      .status(problem.status)
      .headers({ ...headers, 'content-type': PROBLEM_CONTENT_TYPE })
      .send({ ...problem, instance: request.url });
  }

  /** No route matched: when the path exists under other methods, 405 with Allow rather than 404. */
  private methodNotAllowed(
    error: unknown,
    request: FastifyRequest,
  ): { problem: ProblemDetails; headers: Record<string, string> } | undefined {
    if (!(error instanceof NotFoundException) || !this.allowedMethods || request.routeOptions?.url !== undefined)
      return undefined;
    const allowed = this.allowedMethods.at(request.url);
    if (allowed.length === 0) return undefined;
    return {
      problem: {
        type: problemType('method-not-allowed'),
        title: 'Method Not Allowed',
        status: HttpStatus.METHOD_NOT_ALLOWED,
        detail: `${request.method} is not allowed on ${request.url.split('?')[0]}; it allows ${allowed.join(', ')}.`,
      },
      headers: { allow: allowed.join(', ') },
    };
  }

  toProblem(error: unknown): { problem: ProblemDetails; headers: Record<string, string> } {
    if (error instanceof ProblemException) return { problem: { ...error.problem }, headers: error.headers };
    const mapped = domainProblem(error);
    if (mapped) return { problem: { ...mapped.problem }, headers: mapped.headers };
    if (isStoreUnreachable(error)) {
      return {
        problem: {
          type: problemType('store-unavailable'),
          title: 'Service temporarily unavailable',
          status: HttpStatus.SERVICE_UNAVAILABLE,
          detail: 'A store CaseLedger depends on cannot be reached; nothing was changed. Retry later.',
        },
        headers: { 'retry-after': String(this.retryAfterSeconds) },
      };
    }
    if (error instanceof HttpException) return { problem: this.fromHttpException(error), headers: {} };
    const fastifyStatus = (error as { statusCode?: unknown } | null)?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      return { problem: this.fromFastifyError(error as Error & { statusCode: number; code?: string }), headers: {} };
    }
    return {
      problem: {
        type: problemType('internal'),
        title: 'Internal server error',
        status: HttpStatus.INTERNAL_SERVER_ERROR,
        detail: 'An unexpected error occurred; it has been logged.',
      },
      headers: {},
    };
  }

  private fromHttpException(error: HttpException): ProblemDetails {
    const status = error.getStatus();
    const body = error.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
    if (status === 413) return bodyTooLarge();
    return {
      type: problemType(HTTP_STATUS_SLUGS[status] ?? (status >= 500 ? 'internal' : 'bad-request')),
      title: STATUS_CODES[status] ?? 'Error',
      status,
      detail,
    };
  }

  private fromFastifyError(error: Error & { statusCode: number; code?: string }): ProblemDetails {
    const status = error.statusCode;
    if (status === 413) return bodyTooLarge();
    const slug =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'body-too-large'
        : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'unsupported-media-type'
          : error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
              error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
              error instanceof SyntaxError
            ? 'malformed-body'
            : 'bad-request';
    return { type: problemType(slug), title: STATUS_CODES[status] ?? 'Bad request', status, detail: error.message };
  }
}
