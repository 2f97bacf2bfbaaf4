/**
 * What every write route needs from the request besides its body: the caller, the command's
 * envelope (actor, correlation id, account scope) and the expected revision from If-Match.
 */
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { CommandContext } from '@caseledger/application';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal';
import { commandContext } from './command-context';
import { ApiIfMatch, parseIfMatch } from './if-match';

export interface WriteContext {
  principal: Principal;
  context: CommandContext;
  /** From If-Match; undefined for none, `*`, or a route that creates its resource from nothing. */
  expectedRevision: bigint | undefined;
}

interface WriteContextOptions {
  /** False on routes that create a new resource: there is no revision to match, so the header is not read. */
  ifMatch: boolean;
}

const writeContextParam = createParamDecorator(
  (options: WriteContextOptions, execution: ExecutionContext): WriteContext => {
    const request = execution.switchToHttp().getRequest<FastifyRequest>();
    if (!request.principal) throw new Error('WriteContext used on a route the API key guard did not authenticate');
    return {
      principal: request.principal,
      context: commandContext(request.principal, request),
      expectedRevision: options.ifMatch ? parseIfMatch(request.headers['if-match']) : undefined,
    };
  },
);

/** Parameter decorator: the write's `WriteContext`; also documents If-Match and its 412 when the route reads it. */
export function WriteContext(options: WriteContextOptions = { ifMatch: true }): ParameterDecorator {
  return (target, key, index) => {
    writeContextParam(options)(target, key, index);
    if (!options.ifMatch || key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (descriptor) ApiIfMatch()(target, key, descriptor);
  };
}
