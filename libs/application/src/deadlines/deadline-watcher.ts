/**
 * Appends SlaWarningReached / SlaBreached to a case when one of its clocks reaches the instant.
 *
 * It is a reaction on the reactor (libs/runtime): the clock events of `$all` fold into the schedule,
 * and the clocks the schedule watches are stored in `deadline_schedule` in the same transaction as
 * the reactor's checkpoint. A restart loads that table and reads on from the checkpoint, not from
 * position 0; a dropped subscription is followed again by the reactor. Firing waits until this
 * instance is the active one and has caught up, so a clock stopped later in the history is not fired
 * at on the way; alerts that fell due while no process ran are then recorded at their true instant
 * with a later `detectedAt`. Each tick reads the injected clock, so production is late by at most one
 * interval and tests move a ManualClock and await `tick()`.
 *
 * Exactly once comes from the case and the store, not from this process: the aggregate refuses an
 * alert its clock did not reach or already has, and the event id is derived from (case, clock,
 * kind, instant), so a restart or a second watcher racing this one leaves one stored copy.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { deserializeDomainEvent, DomainError, fromIsoInstant, SlaAlertAlreadyRecorded } from '@caseledger/domain';
import { EventIdConflict, RecordedEvent, SqlQueryable } from '@caseledger/event-store';
import { Reaction, Reactor, ReactorHost } from '@caseledger/runtime';
import { CLOCK, Clock } from '../clock/clock';
import type { CommandContext } from '../write-path/command-context';
import { DeadlineSchedule, PendingAlert, SCHEDULE_EVENT_TYPES, ScheduleEvent, StoredClock } from './deadline-schedule';
import { RecordSlaAlert } from './record-sla-alert/record-sla-alert.command';
import { slaAlertEventId } from './sla-alert-id';

/** Well under the 1 s the product promises between an instant and its event. */
export const DEADLINE_TICK_MS = 200;
/** Alerts written at once; a backlog after downtime is worked through over a few ticks. */
const CONCURRENT_WRITES = 16;

export const DEADLINE_WATCHER_ACTOR = { id: 'deadline-watcher', role: 'system' };

const SCHEDULE_TABLE_DDL = `create table if not exists deadline_schedule (
    case_id text not null,
    clock_id text not null,
    clock jsonb not null,
    recorded jsonb not null,
    primary key (case_id, clock_id)
  )`;

@Injectable()
export class DeadlineWatcher implements Reaction {
  readonly name = 'deadlines';
  /** Bump when the stored clocks change shape: the schedule is then refolded from position 0. */
  readonly version = 1;
  readonly eventTypes = SCHEDULE_EVENT_TYPES;
  readonly reactor: Reactor;
  private readonly logger = new Logger(DeadlineWatcher.name);
  private readonly schedule = new DeadlineSchedule();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly commandBus: CommandBus,
    host: ReactorHost,
  ) {
    this.reactor = host.register(this);
  }

  async migrate(sql: SqlQueryable): Promise<void> {
    await sql.query(SCHEDULE_TABLE_DDL);
  }

  async reset(tx: SqlQueryable): Promise<void> {
    await tx.query('drop table if exists deadline_schedule');
  }

  async restore(sql: SqlQueryable): Promise<void> {
    const rows = await sql.query<{ case_id: string; clock_id: string; clock: StoredClock['clock']; recorded: unknown }>(
      'select case_id, clock_id, clock, recorded from deadline_schedule',
    );
    this.schedule.restore(
      rows.map((row) => ({
        caseId: row.case_id,
        clockId: row.clock_id,
        clock: row.clock,
        recorded: row.recorded as StoredClock['recorded'],
      })),
    );
  }

  async react(record: RecordedEvent): Promise<void> {
    this.schedule.apply(deserializeDomainEvent(record.type, record.data) as ScheduleEvent);
  }

  /** Folding does no I/O: an event it cannot fold will not fold on a retry either. */
  isPermanent(): boolean {
    return true;
  }

  async persist(tx: SqlQueryable): Promise<void> {
    const { kept, forgotten } = this.schedule.takeChanges();
    if (kept.length > 0)
      await tx.query(
        `insert into deadline_schedule (case_id, clock_id, clock, recorded)
         select r.case_id, r.clock_id, r.clock, r.recorded
           from jsonb_to_recordset($1::jsonb) as r(case_id text, clock_id text, clock jsonb, recorded jsonb)
         on conflict (case_id, clock_id) do update set clock = excluded.clock, recorded = excluded.recorded`,
        [
          JSON.stringify(
            kept.map((c) => ({ case_id: c.caseId, clock_id: c.clockId, clock: c.clock, recorded: c.recorded })),
          ),
        ],
      );
    if (forgotten.length > 0)
      await tx.query(
        `delete from deadline_schedule d using jsonb_to_recordset($1::jsonb) as r(case_id text, clock_id text)
          where d.case_id = r.case_id and d.clock_id = r.clock_id`,
        [JSON.stringify(forgotten.map((c) => ({ case_id: c.caseId, clock_id: c.clockId })))],
      );
  }

  /** Starts ticking; the reactor itself is started by its host. */
  start(): void {
    if (this.timer !== null) return;
    this.stopped = false;
    this.timer = setInterval(() => void this.tickOnce(), DEADLINE_TICK_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /**
   * Folds every event already in the store, then records whatever the clock has reached. Tests
   * await it after moving the clock; it never overlaps the interval's own tick.
   */
  async tick(): Promise<void> {
    await this.reactor.until(() => this.reactor.isLive || this.stopped);
    await this.reactor.drain();
    while (this.running !== null) await this.running;
    await this.tickOnce();
  }

  /** Clocks that may still reach a warning or a breach. */
  get watchedClocks(): number {
    return this.schedule.size;
  }

  private tickOnce(): Promise<void> {
    // Only the active instance, once caught up, fires: another process may hold the schedule.
    if (this.running !== null || this.stopped || !this.reactor.isLive) return this.running ?? Promise.resolve();
    this.running = this.fireDue().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async fireDue(): Promise<void> {
    const now = this.clock.now();
    const due = this.schedule.due(now);
    for (let i = 0; i < due.length && !this.stopped; i += CONCURRENT_WRITES) {
      await Promise.all(due.slice(i, i + CONCURRENT_WRITES).map((alert) => this.record(alert, now)));
    }
  }

  private async record(alert: PendingAlert, now: ReturnType<Clock['now']>): Promise<void> {
    const context: CommandContext = { actor: DEADLINE_WATCHER_ACTOR, correlationId: slaAlertEventId(alert) };
    try {
      await this.commandBus.execute(
        new RecordSlaAlert({ ...alert, at: fromIsoInstant(alert.at), detectedAt: now }, context),
      );
      this.schedule.recorded(alert);
    } catch (error) {
      if (error instanceof SlaAlertAlreadyRecorded || error instanceof EventIdConflict) {
        this.schedule.recorded(alert);
      } else if (error instanceof DomainError) {
        // The clock paused or stopped before the instant, in an event this watcher has yet to read.
        this.logger.debug(
          `case ${alert.caseId} refused the ${alert.kind} of ${alert.clockId} at ${alert.at}: ${error.message}`,
        );
        this.schedule.refused(alert);
      } else {
        // An outage or a lost race five times over: the next tick tries again.
        this.logger.warn(
          `recording the ${alert.kind} of ${alert.caseId}/${alert.clockId} at ${alert.at} failed: ${String(error)}`,
        );
      }
    }
  }
}
