/**
 * `?consistentWith=<position>` on read routes: the read waits until the projection behind it has
 * applied everything up to that position (its checkpoint is at or past it), polling every 20 ms.
 * The wait is bounded by 5 s, or less with `Prefer: wait=<seconds>` (RFC 7240); past the bound the
 * answer is 503 problem+json with Retry-After rather than stale rows, because a caller who asked for
 * its own write would otherwise not be able to tell that it is missing. Every read answers with
 * `X-Read-Position`, the checkpoint the rows reflect.
 */
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { comparePositions, formatPosition, GlobalPosition, parsePosition, SqlClient } from '@caseledger/event-store';
import { ProjectionHost, readCheckpoint } from '@caseledger/read-models';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemException, problemType } from '../problem-details/problem-details';
import { validationProblem } from '../problem-details/problem-validation.pipe';
import { STATE_DB } from '@caseledger/runtime';

export const MAX_CONSISTENCY_WAIT_MS = 5000;
const POLL_MS = 20;
export const READ_POSITION_HEADER = 'x-read-position';

export function consistencyBound(request: FastifyRequest): number {
  const prefer = request.headers.prefer;
  const match = typeof prefer === 'string' ? /(?:^|[,;\s])wait=(\d+)/i.exec(prefer) : null;
  return match ? Math.min(Number(match[1]) * 1000, MAX_CONSISTENCY_WAIT_MS) : MAX_CONSISTENCY_WAIT_MS;
}

@Injectable()
export class ReadConsistency {
  constructor(
    private readonly host: ProjectionHost,
    @Inject(STATE_DB) private readonly sql: SqlClient,
  ) {}

  /**
   * Waits for `projection` to reach `consistentWith` (when given), sets X-Read-Position, and returns.
   * A malformed position is a 400 naming the field.
   */
  async await(
    projection: string,
    consistentWith: string | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    let target: GlobalPosition | undefined;
    if (consistentWith !== undefined) {
      try {
        target = parsePosition(consistentWith);
      } catch {
        throw validationProblem(
          [
            {
              field: 'consistentWith',
              message: 'consistentWith must be a position "<commit>-<prepare>" as a write returned it, e.g. 1042-7',
            },
          ],
          'query',
        );
      }
    }
    const deadline = Date.now() + consistencyBound(request);
    let checkpoint = await this.checkpoint(projection);
    while (target && (!checkpoint || comparePositions(checkpoint, target) < 0)) {
      if (Date.now() >= deadline) {
        throw new ProblemException(
          {
            type: problemType('read-model-behind'),
            title: 'Read model not caught up',
            status: HttpStatus.SERVICE_UNAVAILABLE,
            detail: `The ${projection} read model has applied events up to ${checkpoint ? formatPosition(checkpoint) : 'none yet'}, not yet ${formatPosition(target)}; retry shortly.`,
            projection,
            checkpoint: checkpoint ? formatPosition(checkpoint) : null,
          },
          { 'retry-after': '1' },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      checkpoint = await this.checkpoint(projection);
    }
    if (checkpoint) void reply.header(READ_POSITION_HEADER, formatPosition(checkpoint));
  }

  private async checkpoint(projection: string): Promise<GlobalPosition | undefined> {
    const local = this.host.localCheckpoint(projection);
    if (local) return local;
    // Another process runs it (or this one has not started it): the table is the truth.
    return (await readCheckpoint(this.sql, projection).catch(() => undefined))?.position;
  }
}
