/**
 * JSON logs with the request id, without Express-style middleware: Fastify gives each request a
 * child of the root pino logger (`request.log`, carrying `reqId`), and code that logs while serving
 * a request logs through it. (pino-http through @fastify/middie cost about 60 µs of CPU per request.)
 *
 * No AsyncLocalStorage binds that logger to the request's async work, as nestjs-pino would: on
 * Node 20 an active AsyncLocalStorage runs a hook for every promise and async resource the process
 * creates, 6-7 % of a case read's CPU, to serve the few lines logged inside a request, which have
 * the request at hand (docs/adr/0017). Nest's Logger still writes through the same root logger,
 * without a request id.
 */
import type { FastifyInstance } from 'fastify';

/** Polled by probes and scrapers every few seconds: logging each would drown the useful lines. */
const QUIET_PATHS = new Set(['/health', '/ready', '/metrics']);

export function installRequestLogging(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    if (!QUIET_PATHS.has(request.url)) {
      request.log.info(
        {
          req: { method: request.method, url: request.url, remoteAddress: request.ip },
          res: { statusCode: reply.statusCode },
          responseTime: reply.elapsedTime,
        },
        'request completed',
      );
    }
    done();
  });
}
