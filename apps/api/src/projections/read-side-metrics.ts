/**
 * The read side's gauges on /metrics, measured when Prometheus scrapes: how far each projection and
 * each reactor is behind the store, and how many SLA clocks run, wait on the customer, or are overdue right now.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, Clock } from '@caseledger/application';
import type { SqlClient } from '@caseledger/event-store';
import { countLiveClocks, ProjectionStatusService } from '@caseledger/read-models';
import { Gauge } from 'prom-client';
import { MetricsRegistry } from '../metrics/metrics.registry';
import { STATE_DB } from '@caseledger/runtime';

@Injectable()
export class ReadSideMetrics {
  private readonly logger = new Logger('ReadSideMetrics');

  constructor(
    @Inject(MetricsRegistry) registry: MetricsRegistry,
    @Inject(ProjectionStatusService) private readonly projections: ProjectionStatusService,
    @Inject(STATE_DB) private readonly sql: SqlClient,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    // prom-client awaits each gauge's `collect` on a scrape; they all share one refresh.
    let refreshing: Promise<void> | undefined;
    const collect = (): Promise<void> =>
      (refreshing ??= this.refresh({
        lagEvents,
        lagSeconds,
        reactorLagEvents,
        reactorLagSeconds,
        reactorTroubles,
        clocks,
      }).finally(() => (refreshing = undefined)));
    const lagEvents: Gauge = new Gauge({
      name: 'caseledger_projection_lag_events',
      help: 'Events in the store after the projection checkpoint.',
      labelNames: ['projection'],
      registers: [registry],
      collect,
    });
    const lagSeconds: Gauge = new Gauge({
      name: 'caseledger_projection_lag_seconds',
      help: 'Age of the oldest event the projection has not applied.',
      labelNames: ['projection'],
      registers: [registry],
      collect,
    });
    const reactorLagEvents: Gauge = new Gauge({
      name: 'caseledger_reactor_lag_events',
      help: 'Events in the store after the reactor checkpoint (deadlines, sagas, webhooks).',
      labelNames: ['reactor'],
      registers: [registry],
      collect,
    });
    const reactorLagSeconds: Gauge = new Gauge({
      name: 'caseledger_reactor_lag_seconds',
      help: 'Age of the oldest event the reactor has not finished with.',
      labelNames: ['reactor'],
      registers: [registry],
      collect,
    });
    const reactorTroubles: Gauge = new Gauge({
      name: 'caseledger_reactor_troubles',
      help:
        "This process's reactor troubles since start: retries (failed reactions tried again), refused " +
        '(passed after a permanent refusal), restarts (resubscriptions).',
      labelNames: ['reactor', 'kind'],
      registers: [registry],
      collect,
    });
    const clocks: Gauge = new Gauge({
      name: 'caseledger_sla_clocks',
      help: 'Live SLA clocks by state: running, paused (awaiting the customer), breached (overdue).',
      labelNames: ['state'],
      registers: [registry],
      collect,
    });
  }

  private async refresh(
    gauges: Record<
      'lagEvents' | 'lagSeconds' | 'reactorLagEvents' | 'reactorLagSeconds' | 'reactorTroubles' | 'clocks',
      Gauge
    >,
  ): Promise<void> {
    const { lagEvents, lagSeconds, reactorLagEvents, reactorLagSeconds, reactorTroubles, clocks } = gauges;
    try {
      for (const status of await this.projections.all()) {
        lagEvents.set({ projection: status.name }, status.lag.events);
        lagSeconds.set({ projection: status.name }, status.lagMs / 1000);
      }
      for (const status of await this.projections.reactors()) {
        reactorLagEvents.set({ reactor: status.name }, status.lag.events);
        reactorLagSeconds.set({ reactor: status.name }, status.lagMs / 1000);
        for (const kind of ['retries', 'refused', 'restarts'] as const)
          reactorTroubles.set({ reactor: status.name, kind }, status.stats[kind]);
      }
      const counts = await countLiveClocks(this.sql, this.clock.now().toJSDate());
      for (const state of ['running', 'paused', 'breached'] as const) clocks.set({ state }, counts[state]);
    } catch (error) {
      // A scrape while a store is down still answers, with the last values.
      this.logger.warn(`read-side metrics not refreshed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
