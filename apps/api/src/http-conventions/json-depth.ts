/**
 * JSON bodies are measured for nesting depth before JSON.parse sees them. A body 10,000 levels deep
 * overflowed the stack in validation (500), and 100,000 levels cost 100-180 ms of CPU per request;
 * no body of this API nests more than a handful of levels, so a fixed limit refuses such input in
 * one linear pass over the text, before any object is built.
 */
import { HttpStatus } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { ProblemException, problemType } from '../problem-details/problem-details';

export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** Whether the text nests arrays and objects deeper than `limit`, counting only brackets outside strings. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

export function tooDeep(limit = MAX_JSON_DEPTH): ProblemException {
  return new ProblemException({
    type: problemType('body-too-deep'),
    title: 'Bad Request',
    status: HttpStatus.BAD_REQUEST,
    detail: `The JSON body nests arrays and objects more than ${limit} levels deep; the limit is ${limit}.`,
  });
}

/** Fastify's own message ("Body is not valid JSON but content-type is set to …") under a type of ours. */
export function malformedBody(reason: string): ProblemException {
  return new ProblemException({
    type: problemType('malformed-body'),
    title: 'Bad Request',
    status: HttpStatus.BAD_REQUEST,
    detail: `The body is not valid JSON: ${reason}.`.replace(/\.\.$/, '.'),
  });
}

/**
 * Replaces Fastify's JSON parser with one that checks depth first, then hands the text to Fastify's
 * own parser (empty bodies, malformed JSON and `__proto__`/`constructor` keys refused as before).
 */
export function installDepthLimitedJsonParser(instance: FastifyInstance, limit = MAX_JSON_DEPTH): void {
  const parse = instance.getDefaultJsonParser('error', 'error');
  if (instance.hasContentTypeParser('application/json')) instance.removeContentTypeParser('application/json');
  instance.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (nestsDeeperThan(body as string, limit)) {
      done(tooDeep(limit), undefined);
      return;
    }
    void parse(request, body as string, (error, value) =>
      error ? done(malformedBody(error.message), undefined) : done(null, value),
    );
  });
}
