/**
 * Commands by outcome, for the command handlers: `caseledger_commands_total{command,outcome}` and a
 * duration histogram. Outcomes are a small fixed set so dashboards can rely on them.
 */
import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from './metrics.registry';

export const COMMANDS_TOTAL = 'caseledger_commands_total';
export const COMMAND_DURATION = 'caseledger_command_duration_seconds';

/**
 * `succeeded`: events appended; `refused`: a domain rule said no; `conflict`: the expected revision
 * did not match; `failed`: anything else (store down, a bug).
 */
export type CommandOutcome = 'succeeded' | 'refused' | 'conflict' | 'failed';

@Injectable()
export class CommandMetrics {
  private readonly total: Counter<'command' | 'outcome'>;
  private readonly duration: Histogram<'command' | 'outcome'>;

  constructor(@Inject(MetricsRegistry) registry: MetricsRegistry) {
    this.total = new Counter({
      name: COMMANDS_TOTAL,
      help: 'Commands handled, by outcome.',
      labelNames: ['command', 'outcome'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: COMMAND_DURATION,
      help: 'Time to handle a command, from load to append.',
      labelNames: ['command', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
  }

  record(command: string, outcome: CommandOutcome, seconds?: number): void {
    this.total.inc({ command, outcome });
    if (seconds !== undefined) this.duration.observe({ command, outcome }, seconds);
  }

  /** Runs `handle`, recording its outcome and duration; `classify` names the outcome of an error. */
  async measure<T>(
    command: string,
    handle: () => Promise<T>,
    classify: (error: unknown) => CommandOutcome = () => 'failed',
  ): Promise<T> {
    const started = performance.now();
    try {
      const result = await handle();
      this.record(command, 'succeeded', (performance.now() - started) / 1000);
      return result;
    } catch (error) {
      this.record(command, classify(error), (performance.now() - started) / 1000);
      throw error;
    }
  }
}
