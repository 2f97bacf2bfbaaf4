/**
 * What the deadline watcher knows: every clock that may still reach a warning or a breach, folded
 * from the case streams' clock events with the domain's own bookkeeping, so the watcher and the
 * aggregate that checks its writes agree on every instant.
 */
import {
  alertInstants,
  IsoInstant,
  pausedClock,
  resumedClock,
  SlaAlertKind,
  SlaBreached,
  SlaClock,
  SlaClockPaused,
  SlaClockResumed,
  SlaClockStarted,
  SlaClockStopped,
  SlaWarningReached,
  startedClock,
  stoppedClock,
} from '@caseledger/domain';
import type { DateTime } from 'luxon';

export type ScheduleEvent =
  SlaClockStarted | SlaClockPaused | SlaClockResumed | SlaClockStopped | SlaWarningReached | SlaBreached;

/** The stored types the schedule folds; every other event leaves it as it is. */
export const SCHEDULE_EVENT_TYPES: ReadonlySet<string> = new Set([
  SlaClockStarted.type,
  SlaClockPaused.type,
  SlaClockResumed.type,
  SlaClockStopped.type,
  SlaWarningReached.type,
  SlaBreached.type,
]);

export interface PendingAlert {
  caseId: string;
  clockId: string;
  kind: SlaAlertKind;
  at: IsoInstant;
}

interface WatchedClock {
  caseId: string;
  clock: SlaClock;
  /** Cached: evaluating a paused or stopped clock walks its calendar. */
  instants: Record<SlaAlertKind, IsoInstant | null>;
  recorded: Set<SlaAlertKind>;
  /** `kind@instant` already tried and refused by the case: not tried again until the instant changes. */
  refused: Set<string>;
}

/** What is kept of a watched clock between runs (the refusals are tried again after a restart). */
export interface StoredClock {
  caseId: string;
  clockId: string;
  clock: SlaClock;
  recorded: SlaAlertKind[];
}

export interface ScheduleChanges {
  kept: StoredClock[];
  forgotten: { caseId: string; clockId: string }[];
}

const KINDS: readonly SlaAlertKind[] = ['warning', 'breach'];

export class DeadlineSchedule {
  private readonly clocks = new Map<string, WatchedClock>();
  /** Keys changed since the last `takeChanges`. */
  private changed = new Map<string, { caseId: string; clockId: string }>();

  get size(): number {
    return this.clocks.size;
  }

  /** Replaces everything with what was stored; nothing counts as changed. */
  restore(stored: readonly StoredClock[]): void {
    this.clocks.clear();
    for (const entry of stored)
      this.replace(`${entry.caseId}/${entry.clockId}`, {
        caseId: entry.caseId,
        clock: entry.clock,
        instants: { warning: null, breach: null },
        recorded: new Set(entry.recorded),
        refused: new Set(),
      });
    this.changed = new Map();
  }

  /** What changed since the last call: clocks to keep (as they are now) and clocks to forget. */
  takeChanges(): ScheduleChanges {
    const changes: ScheduleChanges = { kept: [], forgotten: [] };
    for (const [key, ids] of this.changed) {
      const watched = this.clocks.get(key);
      if (watched === undefined) changes.forgotten.push(ids);
      else changes.kept.push({ ...ids, clock: watched.clock, recorded: [...watched.recorded] });
    }
    this.changed = new Map();
    return changes;
  }

  apply(event: ScheduleEvent): void {
    const key = `${event.data.caseId}/${event.data.clockId}`;
    if (event instanceof SlaClockStarted) {
      this.replace(key, {
        caseId: event.data.caseId,
        clock: startedClock(event.data),
        instants: { warning: null, breach: null },
        recorded: new Set(),
        refused: new Set(),
      });
      return;
    }
    const watched = this.clocks.get(key);
    if (watched === undefined) return;
    if (event instanceof SlaClockPaused) watched.clock = pausedClock(watched.clock, event.data.at);
    else if (event instanceof SlaClockResumed) watched.clock = resumedClock(watched.clock, event.data);
    else if (event instanceof SlaClockStopped) watched.clock = stoppedClock(watched.clock, event.data);
    else if (event instanceof SlaWarningReached) watched.recorded.add('warning');
    else watched.recorded.add('breach');
    this.replace(key, watched);
  }

  /** Alerts whose instant `now` has reached: a warning at its instant, a breach once past the due instant. */
  due(now: DateTime): PendingAlert[] {
    const nowMs = now.toMillis();
    const due: PendingAlert[] = [];
    for (const watched of this.clocks.values()) {
      for (const kind of KINDS) {
        const at = watched.instants[kind];
        if (at === null || watched.recorded.has(kind) || watched.refused.has(`${kind}@${at}`)) continue;
        const atMs = Date.parse(at);
        if (kind === 'warning' ? atMs <= nowMs : atMs < nowMs)
          due.push({ caseId: watched.caseId, clockId: watched.clock.clockId, kind, at });
      }
    }
    return due.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }

  /** The next instant at which something becomes due, for the metrics and the logs. */
  nextInstant(): IsoInstant | null {
    let next: IsoInstant | null = null;
    for (const watched of this.clocks.values()) {
      for (const kind of KINDS) {
        const at = watched.instants[kind];
        if (at !== null && !watched.recorded.has(kind) && (next === null || Date.parse(at) < Date.parse(next)))
          next = at;
      }
    }
    return next;
  }

  /** The case took it: the event is on its way through the subscription; until then, do not send it again. */
  recorded(alert: PendingAlert): void {
    const watched = this.clocks.get(`${alert.caseId}/${alert.clockId}`);
    if (watched === undefined) return;
    watched.recorded.add(alert.kind);
    this.replace(`${alert.caseId}/${alert.clockId}`, watched);
  }

  /** The case refused it (the clock paused or stopped first): wait for the event that re-plans the clock. */
  refused(alert: PendingAlert): void {
    this.clocks.get(`${alert.caseId}/${alert.clockId}`)?.refused.add(`${alert.kind}@${alert.at}`);
  }

  private replace(key: string, watched: WatchedClock): void {
    this.changed.set(key, { caseId: watched.caseId, clockId: watched.clock.clockId });
    const instants = alertInstants(watched.clock);
    watched.instants = { warning: instants.warningAt, breach: instants.breachAt };
    const settled = KINDS.every((kind) => watched.instants[kind] === null || watched.recorded.has(kind));
    // A stopped clock never reaches anything new; once what it did reach is recorded, it is forgotten.
    if (watched.clock.phase === 'stopped' && settled) this.clocks.delete(key);
    else this.clocks.set(key, watched);
  }
}
