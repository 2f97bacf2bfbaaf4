/**
 * The API reads JSON bodies and nothing else. Fastify also parses text/plain by default, and a
 * string body then reached the validation pipe as if it were input; any body that is not
 * `application/json` (with or without parameters such as a charset) is refused with 415 before a
 * handler, a guard or a pipe runs, so nothing can be written from it.
 */
import { HttpStatus } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { ProblemException, problemType } from '../problem-details/problem-details';
import { installDepthLimitedJsonParser } from './json-depth';

export const ACCEPTED_BODY_TYPES = ['application/json'] as const;

export function unsupportedMediaType(contentType: string | undefined): ProblemException {
  const received = contentType?.trim() ? `\`${contentType.split(';')[0].trim()}\`` : 'no content type';
  return new ProblemException({
    type: problemType('unsupported-media-type'),
    title: 'Unsupported Media Type',
    status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    detail: `The body was sent as ${received}; this API takes only ${ACCEPTED_BODY_TYPES.join(', ')}. Nothing was changed.`,
  });
}

export function installJsonOnlyBodies(instance: FastifyInstance): void {
  instance.removeAllContentTypeParsers();
  installDepthLimitedJsonParser(instance);
  // The catch-all also receives a body sent without any content type.
  instance.addContentTypeParser('*', (request, _payload, done) => {
    done(unsupportedMediaType(request.headers['content-type']), undefined);
  });
}
