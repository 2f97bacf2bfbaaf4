/**
 * `Idempotency-Key` on POST, PUT, PATCH and DELETE: the first request with a key runs, a retry with
 * the same key, principal and request answers the stored response without running the handler.
 *
 * The record alone cannot promise "once": the write and the record's completion are two writes, and
 * a process may die between them. So the request's seed travels with the command (see
 * IdempotentRequest): the write path derives its ids from it, and a second execution answers what
 * the first stored, marked as a replay like an answer from the record.
 *
 * Only 2xx outcomes are stored. A request that failed (validation, a refused command, a conflict, a
 * store outage) frees its key, so the client may fix the cause and retry with the same key; what a
 * retry must never do is run a successful command twice, and that is what the record prevents.
 * Records are scoped to the API key, kept 24 h, and ignored then purged once expired. Public
 * routes carry no principal to scope a record to and are not covered.
 *
 * The claim is a guard and the completion a Fastify onSend hook, not a Nest interceptor: Nest runs
 * every interceptor of a route through an RxJS chain with two AsyncResource binds per request, on
 * every write, with a key or without (most writes carry none). The order is the interceptor's: the
 * guard runs after the API key guard (the record is scoped to the key) and before the validation
 * pipes, so a reused key answers 409/422 before the body is looked at; the hook sees every answer
 * the route gives, errors of the pipes and of the handler included, and stores or releases the
 * claim before the answer leaves, as the interceptor did.
 */
import { CanActivate, ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CLOCK, Clock, IdempotentRequest } from '@caseledger/application';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canonicalJson } from '@caseledger/event-store';
import { createHash } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@caseledger/runtime';
import { ProblemException, problemType } from '../problem-details/problem-details';
import { IdempotencyRecordRepository, StoredResponse } from './idempotency-record.repository';
import { OMIT_FROM_REPLAY_METADATA } from './omit-from-replay.decorator';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Set on an answer that was replayed from a record rather than produced by the handler. */
export const IDEMPOTENT_REPLAY_HEADER = 'idempotent-replayed';
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

/** A record this request claimed, to be stored or released once its answer is known. */
interface IdempotencyClaim {
  records: IdempotencyRecordRepository;
  scope: string;
  key: string;
  claimedAt: Date;
  omitted: readonly string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set while a request with an Idempotency-Key runs; the command context carries it to the write path. */
    idempotentRequest?: IdempotentRequest;
    /** The record claimed for this request, until its answer settles it. */
    idempotencyClaim?: IdempotencyClaim;
  }
}
/** Response headers a replay repeats; the rest (request id, rate limit) belong to the new request. */
export const REPLAYED_HEADERS = ['etag', 'location', 'x-position', 'content-type'];

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

/**
 * The answer of an earlier execution, raised by the guard instead of running the route; the
 * problem-details filter, where every answer that does not come from a handler is written, sends it.
 */
export class IdempotentReplay extends Error {
  constructor(readonly response: StoredResponse) {
    super('answered from the idempotency record');
    this.name = 'IdempotentReplay';
  }

  send(reply: FastifyReply): void {
    void reply.status(this.response.statusCode);
    for (const [name, value] of Object.entries(this.response.headers)) void reply.header(name, value);
    void reply.header(IDEMPOTENT_REPLAY_HEADER, 'true');
    void reply.send(this.response.body === undefined ? undefined : JSON.parse(this.response.body));
  }
}

@Injectable()
export class IdempotencyGuard implements CanActivate {
  constructor(
    @Inject(IdempotencyRecordRepository) private readonly records: IdempotencyRecordRepository,
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const raw = request.headers[IDEMPOTENCY_HEADER];
    if (raw === undefined || !WRITE_METHODS.has(request.method) || !request.principal) return true;
    const key = Array.isArray(raw) ? undefined : raw;
    if (key === undefined || !KEY_PATTERN.test(key)) throw invalidKey();
    const scope = request.principal.keyId;
    const hash = requestHash(request);
    request.idempotentRequest = { seed: requestSeed(scope, key, hash) };
    const claimedAt = new Date(this.clock.nowMillis());
    const claimed = await this.records.claim(
      scope,
      key,
      hash,
      claimedAt,
      this.config.IDEMPOTENCY_LEASE_SECONDS * 1000,
      IDEMPOTENCY_RETENTION_MS,
    );
    if (claimed) {
      const omitted = this.reflector.get<string[] | undefined>(OMIT_FROM_REPLAY_METADATA, context.getHandler()) ?? [];
      request.idempotencyClaim = { records: this.records, scope, key, claimedAt, omitted };
      return true;
    }
    const existing = await this.records.find(scope, key, claimedAt);
    // Gone between the claim and the read (released or expired): let the client try again.
    if (!existing) throw inProgress();
    if (existing.requestHash !== hash) throw reusedKey();
    if (existing.state === 'in_progress') throw inProgress();
    throw new IdempotentReplay(existing.response);
  }
}

/**
 * Settles each claim when its answer is sent: a 2xx is stored for replays, anything else frees the
 * key. Requests without a claim (nearly all) pass straight through.
 */
export function installIdempotencyCompletion(instance: FastifyInstance): void {
  instance.addHook('onSend', (request, reply, payload, done) => {
    const claim = request.idempotencyClaim;
    if (claim === undefined) return done(null, payload);
    request.idempotencyClaim = undefined;
    // Whatever settling does, the answer still leaves: a record left in progress expires with its lease.
    void settle(claim, request, reply, payload)
      .catch((error: unknown) =>
        request.log.error(
          { context: 'Idempotency' },
          `could not settle an idempotency record: ${error instanceof Error ? error.message : String(error)}`,
        ),
      )
      .then(() => done(null, payload));
  });
}

async function settle(
  claim: IdempotencyClaim,
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<void> {
  const { records, scope, key, claimedAt } = claim;
  if (reply.statusCode < 200 || reply.statusCode >= 300) {
    await records.release(scope, key, claimedAt).catch(() => undefined);
    return;
  }
  // This execution found the first one's events and answered them: say so, as a replay from the record would.
  if (request.idempotentRequest?.replayed) void reply.header(IDEMPOTENT_REPLAY_HEADER, 'true');
  await records.complete(scope, key, claimedAt, captured(reply, payload, claim.omitted)).catch((error: unknown) => {
    // The command has run; failing the answer now would invite a retry that runs it again.
    // The record stays in progress and its lease expiry decides what a later retry does.
    request.log.error(
      { context: 'Idempotency' },
      `could not store the response for an idempotency key: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
}

/**
 * What names the request for the write path: the same key id, Idempotency-Key and request give the
 * same seed, so a retry derives the same ids; anything else (another key, another body) does not.
 */
export function requestSeed(keyId: string, idempotencyKey: string, hash: string): string {
  return createHash('sha256').update(`${keyId}\n${idempotencyKey}\n${hash}`).digest('hex');
}

/** Method, path with query, and the body with object keys sorted, so key order does not matter. */
export function requestHash(request: Pick<FastifyRequest, 'method' | 'url' | 'body'>): string {
  return createHash('sha256')
    .update(`${request.method}\n${request.url}\n${request.body === undefined ? '' : canonicalJson(request.body)}`)
    .digest('hex');
}

/**
 * The answer as sent, less the fields the route keeps out of records. The record holds the body's
 * JSON text, which a JSON answer's payload already is; any other text is stored as a JSON string,
 * so a replay parses back exactly the text that was sent.
 */
function captured(reply: FastifyReply, payload: unknown, omitted: readonly string[]): StoredResponse {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  if (typeof payload !== 'string' || payload === '') return { statusCode: reply.statusCode, headers, body: undefined };
  if (!/^application\/json\b/i.test(headers['content-type'] ?? ''))
    return { statusCode: reply.statusCode, headers, body: JSON.stringify(payload) };
  let body = payload;
  if (omitted.length > 0) {
    const parsed = JSON.parse(payload) as unknown;
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
      body = JSON.stringify(Object.fromEntries(Object.entries(parsed).filter(([name]) => !omitted.includes(name))));
  }
  return { statusCode: reply.statusCode, headers, body };
}

function invalidKey(): ProblemException {
  return new ProblemException({
    type: problemType('validation'),
    title: 'Request validation failed',
    status: HttpStatus.BAD_REQUEST,
    detail: 'The Idempotency-Key header must be one value of 1 to 255 printable ASCII characters.',
    errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters' }],
  });
}

function reusedKey(): ProblemException {
  return new ProblemException({
    type: problemType('idempotency-key-reused'),
    title: 'Idempotency-Key reused with another request',
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    detail:
      'This Idempotency-Key was first used with a different method, path or body; use a new key for a new request.',
  });
}

function inProgress(): ProblemException {
  return new ProblemException({
    type: problemType('idempotency-key-in-progress'),
    title: 'Request with this Idempotency-Key in progress',
    status: HttpStatus.CONFLICT,
    detail: 'A request with this Idempotency-Key is still being processed; retry once it has finished.',
  });
}
