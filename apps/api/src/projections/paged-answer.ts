/** The `next` link of a page, in the body and as an RFC 8288 Link header. */
import type { Page } from '@caseledger/read-models';
import type { FastifyReply, FastifyRequest } from 'fastify';

export function nextLink(request: FastifyRequest, cursor: string): string {
  const url = new URL(request.url, 'http://localhost');
  url.searchParams.set('cursor', cursor);
  // A next page must not wait for the position the first page already waited for.
  url.searchParams.delete('consistentWith');
  return `${url.pathname}${url.search}`;
}

export function answerPage<T, R>(
  request: FastifyRequest,
  reply: FastifyReply,
  page: Page<T>,
  map: (item: T) => R,
): { items: R[]; next?: string } {
  const next = page.next === undefined ? undefined : nextLink(request, page.next);
  if (next) void reply.header('link', `<${next}>; rel="next"`);
  return { items: page.items.map(map), ...(next && { next }) };
}
