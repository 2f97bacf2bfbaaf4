import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The application's Prometheus registry. One per application rather than prom-client's global
 * one, so several apps in one process (tests) do not clash over metric names. Register gauges
 * and counters here: `new Gauge({ ..., registers: [registry] })`.
 */
@Injectable()
export class MetricsRegistry extends Registry {
  constructor() {
    super();
    collectDefaultMetrics({ register: this });
  }
}
