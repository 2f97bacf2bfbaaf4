import { Res } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import type { WriteResult } from '@caseledger/application';
import type { FastifyReply } from 'fastify';
import { setWriteHeaders } from './write-headers';
import { type WriteResponse, writeResponse } from './write-response.dto';

/** What a write route's handler returns: the resource written, the write path's result, and its URL if new. */
export interface Written {
  id: string;
  result: WriteResult;
  location?: string;
}

type Handler = (...args: unknown[]) => Promise<Written> | Written;

/**
 * Turns a handler's `Written` into the answer every write gives: ETag, X-Position and (for a new
 * resource) Location headers, and the `WriteResponse` body. Handlers then only build and send the command.
 *
 * This was an interceptor; Nest runs each interceptor through an RxJS chain with two AsyncResource
 * binds per request, about 50 µs of CPU on every write for one `map`. So the handler itself is wrapped
 * once at start-up, and the reply reaches it as one more argument (`@Res({ passthrough: true })`,
 * so Nest still sends what the handler returns). The Idempotency-Key record stores the headers and
 * body set here, as they are sent (idempotency.guard.ts).
 */
export function AnswersWrite(): MethodDecorator {
  return (target, key, descriptor: PropertyDescriptor) => {
    const handler = descriptor.value as Handler;
    const replyIndex = nextArgumentIndex(target, key, handler);
    const answering = async function (this: unknown, ...args: unknown[]): Promise<WriteResponse> {
      const reply = args[replyIndex] as FastifyReply;
      const { id, result, location } = await handler.apply(this, args.slice(0, replyIndex));
      setWriteHeaders(reply, { revision: result.revision, position: result.position, location });
      return writeResponse(id, result);
    };
    // Nest and the OpenAPI explorer find a route's metadata on the function and by its name.
    Object.defineProperty(answering, 'name', { value: handler.name });
    for (const name of Reflect.getOwnMetadataKeys(handler) as unknown[])
      Reflect.defineMetadata(name, Reflect.getOwnMetadata(name, handler), answering);
    descriptor.value = answering;
    Res({ passthrough: true })(target, key, replyIndex);
    return descriptor;
  };
}

/** The first argument position after the handler's own, whether declared by type or by a parameter decorator. */
function nextArgumentIndex(target: object, key: string | symbol, handler: Handler): number {
  const declared = (Reflect.getMetadata('design:paramtypes', target, key) as unknown[] | undefined)?.length ?? 0;
  const decorated = Object.values(
    (Reflect.getMetadata(ROUTE_ARGS_METADATA, target.constructor, key) ?? {}) as Record<string, { index: number }>,
  ).map((argument) => argument.index + 1);
  return Math.max(declared, handler.length, ...decorated);
}
