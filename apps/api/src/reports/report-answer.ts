/** JSON by default, CSV when the client asks for `text/csv` (and ranks it at least as high as JSON). */
import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { READ_MODEL_RESPONSE_HEADERS } from '../openapi/response-headers';
import { columnsOf, flattenRow, toCsv } from './csv';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';

function quality(accept: string, type: string): number {
  let best = -1;
  for (const part of accept.split(',')) {
    const [media, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    const [main] = type.split('/');
    const matches = media === type ? 3 : media === `${main}/*` ? 2 : media === '*/*' ? 1 : 0;
    // A more specific match decides; the wildcard only stands in when nothing names the type.
    if (matches > 0 && (best < 0 || matches > 1)) best = Number.isFinite(value) ? value : 0;
  }
  return best;
}

export function wantsCsv(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  if (typeof accept !== 'string') return false;
  const csv = quality(accept, 'text/csv');
  return csv > 0 && csv >= quality(accept, 'application/json') && /text\/csv/i.test(accept);
}

/** The rows as CSV (one column per dotted leaf, the columns of `first` leading) or the JSON body as it is. */
export function answerReport<T extends object>(
  request: FastifyRequest,
  reply: FastifyReply,
  body: T,
  rows: readonly object[],
  first: readonly string[] = [],
): T | string {
  if (!wantsCsv(request)) return body;
  const flat = rows.map((r) => flattenRow(r));
  const columns = [...new Set([...first, ...columnsOf(flat)])];
  void reply.header('content-type', CSV_CONTENT_TYPE);
  return toCsv(columns, flat);
}

/** Documents the JSON answer and its CSV twin, read from the reports projection (hence X-Read-Position). */
export function ApiReportResponse(type: new () => object, csvExample: string): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(type),
    ApiOkResponse({
      description: 'The report: JSON by default, CSV (RFC 4180, header row, UTF-8) with `Accept: text/csv`.',
      headers: READ_MODEL_RESPONSE_HEADERS,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(type) } },
        'text/csv': { schema: { type: 'string' }, example: csvExample },
      },
    }),
  );
}
