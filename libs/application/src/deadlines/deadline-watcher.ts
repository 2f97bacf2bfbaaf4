/**
 * Appends SlaWarningReached / SlaBreached to a case when one of its clocks reaches the instant.
 *
 * The schedule comes from the store alone: a catch-up read of `$all` from the start (the schedule is
 * small, the running clocks and their instants, so it is rebuilt rather than checkpointed), then the
 * live subscription. Firing waits for the catch-up, so a clock stopped later in the history is not
 * fired at on the way. Each tick reads the injected clock, so production is late by at most one
 * interval and tests move a ManualClock and await `tick()`.
 *
 * Exactly once comes from the case and the store, not from this process: the aggregate refuses an
 * alert its clock did not reach or already has, and the event id is derived from (case, clock,
 * kind, instant), so a restart or a second watcher racing this one leaves one stored copy.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { deserializeDomainEvent, DomainError, fromIsoInstant, SlaAlertAlreadyRecorded } from '@caseledger/domain';
import { AllSubscription, EventIdConflict, EventStore, GlobalPosition, RecordedEvent } from '@caseledger/event-store';
import { CLOCK, Clock } from '../clock/clock';
import { EVENT_STORE } from '../tokens';
import type { CommandContext } from '../write-path/command-context';
import { DeadlineSchedule, PendingAlert, SCHEDULE_EVENT_TYPES, ScheduleEvent } from './deadline-schedule';
import { RecordSlaAlert } from './record-sla-alert/record-sla-alert.command';
import { slaAlertEventId } from './sla-alert-id';

/** Well under the 1 s the product promises between an instant and its event. */
export const DEADLINE_TICK_MS = 200;
const CATCH_UP_PAGE = 1000;
/** Alerts written at once; a backlog after downtime is worked through over a few ticks. */
const CONCURRENT_WRITES = 16;

export const DEADLINE_WATCHER_ACTOR = { id: 'deadline-watcher', role: 'system' };

@Injectable()
export class DeadlineWatcher {
  private readonly logger = new Logger(DeadlineWatcher.name);
  private readonly schedule = new DeadlineSchedule();
  private position: GlobalPosition | 'start' = 'start';
  private subscription: AllSubscription | null = null;
  private timer: NodeJS.Timeout | null = null;
  private caughtUp: Promise<void> | null = null;
  private live: Promise<void> | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private progressWaiters: (() => void)[] = [];

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly commandBus: CommandBus,
  ) {}

  /** Catches up in the background and starts ticking; resolves at once. */
  start(): void {
    if (this.caughtUp !== null) return;
    this.stopped = false;
    this.caughtUp = this.catchUp();
    this.caughtUp.then(
      () => {
        if (this.stopped) return;
        this.live = this.followLive();
        this.timer = setInterval(() => void this.tickOnce(), DEADLINE_TICK_MS);
        this.timer.unref();
      },
      (error: unknown) => this.logger.error(`deadline watcher could not catch up: ${String(error)}`),
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.subscription?.close();
    await this.caughtUp?.catch(() => undefined);
    await this.live?.catch(() => undefined);
    await this.running?.catch(() => undefined);
    this.wake();
  }

  /**
   * Folds every event already in the store, then records whatever the clock has reached. Tests
   * await it after moving the clock; it never overlaps the interval's own tick.
   */
  async tick(): Promise<void> {
    if (this.caughtUp === null) throw new Error('the deadline watcher was not started');
    await this.caughtUp;
    await this.drain();
    while (this.running !== null) await this.running;
    await this.tickOnce();
  }

  /** Clocks that may still reach a warning or a breach. */
  get watchedClocks(): number {
    return this.schedule.size;
  }

  private tickOnce(): Promise<void> {
    if (this.running !== null || this.stopped) return this.running ?? Promise.resolve();
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

  private async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.store.readAll({ fromPosition: this.position, maxCount: CATCH_UP_PAGE });
      for (const record of page) this.fold(record);
      if (page.length < CATCH_UP_PAGE || this.stopped) return;
    }
  }

  private async followLive(): Promise<void> {
    this.subscription = this.store.subscribeToAll({ fromPosition: this.position });
    try {
      for await (const record of this.subscription) {
        this.fold(record);
        this.wake();
      }
    } catch (error) {
      if (!this.stopped) this.logger.error(`deadline watcher subscription ended: ${String(error)}`);
    }
  }

  private fold(record: RecordedEvent): void {
    if (SCHEDULE_EVENT_TYPES.has(record.type))
      this.schedule.apply(deserializeDomainEvent(record.type, record.data) as ScheduleEvent);
    this.position = record.position;
  }

  /** Until the subscription has folded everything the store held when this was called. */
  private async drain(): Promise<void> {
    for (;;) {
      const ahead = await this.store.readAll({ fromPosition: this.position, maxCount: 1 });
      if (ahead.length === 0 || this.stopped) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.progressWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private wake(): void {
    const waiters = this.progressWaiters;
    this.progressWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
