/**
 * Request counts and latencies by route template, method and status, taken in Fastify's onResponse
 * hook so 401s from the guard, 404s and Swagger's own routes are counted too. Paths that match no
 * route share one label, so scanners cannot blow up the label space.
 */
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from './metrics.registry';

export const HTTP_REQUESTS_TOTAL = 'caseledger_http_requests_total';
export const HTTP_REQUEST_DURATION = 'caseledger_http_request_duration_seconds';
const UNMATCHED_ROUTE = 'unmatched';

@Injectable()
export class HttpMetrics implements OnModuleInit {
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(
    @Inject(MetricsRegistry) registry: MetricsRegistry,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {
    const labelNames = ['method', 'route', 'status'] as const;
    this.requests = new Counter({
      name: HTTP_REQUESTS_TOTAL,
      help: 'HTTP requests answered.',
      labelNames,
      registers: [registry],
    });
    this.duration = new Histogram({
      name: HTTP_REQUEST_DURATION,
      help: 'Time from receiving a request to finishing its response.',
      labelNames,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.addHook('onResponse', (request, reply, done) => {
      const labels = {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status: String(reply.statusCode),
      };
      this.requests.inc(labels);
      this.duration.observe(labels, reply.elapsedTime / 1000);
      done();
    });
  }
}
