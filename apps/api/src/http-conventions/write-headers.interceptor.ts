import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { WriteResult } from '@caseledger/application';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';
import { setWriteHeaders } from './write-headers';
import { type WriteResponse, writeResponse } from './write-response.dto';

/** What a write route's handler returns: the resource written, the write path's result, and its URL if new. */
export interface Written {
  id: string;
  result: WriteResult;
  location?: string;
}

/**
 * Turns a handler's `Written` into the answer every write gives: ETag, X-Position and (for a new
 * resource) Location headers, and the `WriteResponse` body. Handlers then only build and send the command.
 */
@Injectable()
export class WriteHeadersInterceptor implements NestInterceptor<Written, WriteResponse> {
  intercept(execution: ExecutionContext, next: CallHandler<Written>): Observable<WriteResponse> {
    const reply = execution.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map(({ id, result, location }) => {
        setWriteHeaders(reply, { revision: result.revision, position: result.position, location });
        return writeResponse(id, result);
      }),
    );
  }
}
