import type { SlaMetric, SlaTarget } from '@caseledger/sla';
import type { IsoInstant } from '../shared/instant';
import {
  clockStart,
  deadlineOnResume,
  isLive,
  nextClockId,
  outcomeOfStopAt,
  pausedClock,
  pausesSince,
  resumedClock,
  SlaClock,
  startedClock,
  stoppedClock,
  usedMsAt,
} from './sla-clocks';
import { ClockOutcome, SlaClockPaused, SlaClockResumed, SlaClockStarted, SlaClockStopped } from './support-case.events';
import { openingOf, SupportCaseState, targetsOf } from './support-case.state';

/**
 * The SLA clock policy: which clocks start, pause, resume and stop at each step of a case's life.
 * Pure: given the case as it stands right after the step's own event, it returns the clock events that
 * follow, and the aggregate applies them. The lifecycle rules (who may do what, when) are not here.
 */
export type ClockStep =
  /** The case opened (or was imported): its opening clocks run from receipt. */
  | { kind: 'opened'; at: IsoInstant }
  /** A Severity-1 hotline call was logged: the callback clock starts. */
  | { kind: 'hotlineCallLogged'; at: IsoInstant }
  /** The callback stops its clock and counts as a first response. */
  | { kind: 'callbackLogged'; at: IsoInstant }
  /** The first response since the case opened or reopened. */
  | { kind: 'firstResponse'; at: IsoInstant }
  | { kind: 'informationRequested'; at: IsoInstant }
  | { kind: 'informationProvided'; at: IsoInstant }
  | { kind: 'progressUpdateGiven'; at: IsoInstant }
  | { kind: 'cadenceAgreed'; at: IsoInstant }
  | { kind: 'reclassified'; at: IsoInstant; retroactive: boolean }
  | { kind: 'workaroundProvided'; at: IsoInstant }
  | { kind: 'mutuallyResolved'; at: IsoInstant }
  | { kind: 'reopened'; at: IsoInstant };

export type ClockChange = SlaClockStarted | SlaClockPaused | SlaClockResumed | SlaClockStopped;

/** Clocks started when a case opens or reopens; callback and next-update clocks start on their own events. */
export const OPENING_METRICS: readonly SlaMetric[] = ['firstResponse', 'workaround', 'resolution'];
/** Clocks that stop with a verdict at mutual resolution: the issue ended, which is what they wait for. */
export const ENDED_BY_RESOLUTION: readonly SlaMetric[] = ['workaround', 'resolution'];
export const DEFAULT_CALLBACK_MINUTES = 15;

export function liveClock(clocks: readonly SlaClock[], metric: SlaMetric): SlaClock | undefined {
  return clocks.find((c) => c.metric === metric && isLive(c));
}

export function clockEventsFor(state: SupportCaseState, step: ClockStep): ClockChange[] {
  const plan = new ClockPlan(state);
  const { at } = step;
  switch (step.kind) {
    case 'opened':
    case 'reopened':
      // Reopening needs a fresh response, so the opening clocks start again from the reopening instant.
      plan.startOpeningClocks(at);
      break;
    case 'hotlineCallLogged':
      plan.startClock(plan.callbackTarget(), at);
      break;
    case 'callbackLogged': {
      const callback = plan.live('callback');
      if (callback !== undefined) plan.stopWithVerdict(callback, at);
      plan.afterFirstResponse(at);
      break;
    }
    case 'firstResponse':
      plan.afterFirstResponse(at);
      break;
    case 'informationRequested':
      for (const clock of plan.clocks.filter((c) => c.phase === 'running' && plan.pauses(c.metric)))
        plan.pause(clock, at);
      break;
    case 'informationProvided':
      for (const clock of plan.clocks.filter((c) => c.phase === 'paused')) plan.resume(clock, at);
      break;
    case 'progressUpdateGiven': {
      // Stops the running next-update clock (met or breached) and starts the next one at the cadence.
      const running = plan.live('nextUpdate');
      if (running !== undefined) plan.stopWithVerdict(running, at);
      plan.startNextUpdate(at);
      break;
    }
    case 'cadenceAgreed':
      // A next-update clock already running keeps its deadline; the cadence governs from the next update.
      if (state.firstRespondedAt !== null && plan.live('nextUpdate') === undefined) plan.startNextUpdate(at);
      break;
    case 'reclassified':
      plan.reclassify(at, step.retroactive);
      break;
    case 'workaroundProvided': {
      const clock = plan.live('workaround');
      if (clock !== undefined) plan.stopWithVerdict(clock, at);
      break;
    }
    case 'mutuallyResolved':
      for (const clock of plan.clocks.filter(isLive)) {
        if (ENDED_BY_RESOLUTION.includes(clock.metric)) plan.stopWithVerdict(clock, at);
        else plan.stop(clock, at, 'resolved');
      }
      break;
    default: {
      const _exhaustive: never = step;
      throw new Error(`unknown clock step ${JSON.stringify(_exhaustive)}`);
    }
  }
  return plan.events;
}

/** The clock events of one step, with the clocks folded as they are added, so each event sees the last. */
class ClockPlan {
  readonly events: ClockChange[] = [];
  private current: readonly SlaClock[];

  constructor(private readonly state: SupportCaseState) {
    this.current = state.clocks;
  }

  get clocks(): readonly SlaClock[] {
    return this.current;
  }

  live(metric: SlaMetric): SlaClock | undefined {
    return liveClock(this.current, metric);
  }

  pauses(metric: SlaMetric): boolean {
    return openingOf(this.state).terms.pausingMetrics.includes(metric);
  }

  private add(event: ClockChange): void {
    this.events.push(event);
    switch (event.type) {
      case 'SlaClockStarted':
        this.current = [...this.current, startedClock(event.data)];
        break;
      case 'SlaClockPaused':
        this.update(event.data.clockId, (c) => pausedClock(c, event.data.at));
        break;
      case 'SlaClockResumed':
        this.update(event.data.clockId, (c) => resumedClock(c, event.data));
        break;
      case 'SlaClockStopped':
        this.update(event.data.clockId, (c) => stoppedClock(c, event.data));
        break;
      default: {
        const _exhaustive: never = event;
        throw new Error(`unknown clock event ${JSON.stringify(_exhaustive)}`);
      }
    }
  }

  private update(clockId: string, change: (clock: SlaClock) => SlaClock): void {
    this.current = this.current.map((c) => (c.clockId === clockId ? change(c) : c));
  }

  private find(clockId: string): SlaClock {
    return this.current.find((c) => c.clockId === clockId) as SlaClock;
  }

  pause(clock: SlaClock, at: IsoInstant): void {
    this.add(new SlaClockPaused({ caseId: this.caseId, clockId: clock.clockId, at, usedMs: usedMsAt(clock, at) }));
  }

  resume(clock: SlaClock, at: IsoInstant): void {
    this.add(new SlaClockResumed({ caseId: this.caseId, clockId: clock.clockId, at, ...deadlineOnResume(clock, at) }));
  }

  stop(clock: SlaClock, at: IsoInstant, outcome: ClockOutcome): void {
    this.add(new SlaClockStopped({ caseId: this.caseId, clockId: clock.clockId, at, outcome }));
  }

  stopWithVerdict(clock: SlaClock, at: IsoInstant): void {
    this.stop(clock, at, outcomeOfStopAt(clock, at));
  }

  /**
   * Starts a clock at `startedAt`. When that is in the past (a retroactive restart) or the case awaits
   * the customer, the clock also goes through the customer waits since then, as pause/resume events
   * at their own instants, so its deadline follows from its events alone.
   */
  startClock(target: SlaTarget, startedAt: IsoInstant): void {
    const { terms } = openingOf(this.state);
    const data = clockStart({
      caseId: this.caseId,
      clockId: nextClockId(this.current, target.metric),
      target,
      planId: terms.planId,
      calendar: terms.calendar,
      startedAt,
    });
    this.add(new SlaClockStarted(data));
    if (!this.pauses(target.metric)) return;
    for (const { pauseAt, resumeAt } of pausesSince(startedAt, this.state.customerWaits)) {
      this.pause(this.find(data.clockId), pauseAt);
      if (resumeAt !== null) this.resume(this.find(data.clockId), resumeAt);
    }
  }

  startOpeningClocks(at: IsoInstant): void {
    for (const target of targetsOf(this.state).filter((t) => OPENING_METRICS.includes(t.metric)))
      this.startClock(target, at);
  }

  callbackTarget(): SlaTarget {
    const fromPlan = targetsOf(this.state).find((t) => t.metric === 'callback');
    return (
      fromPlan ?? {
        metric: 'callback',
        minutes: openingOf(this.state).terms.hotline.callbackMinutes ?? DEFAULT_CALLBACK_MINUTES,
        unit: 'elapsed',
      }
    );
  }

  afterFirstResponse(at: IsoInstant): void {
    const firstResponse = this.live('firstResponse');
    if (firstResponse !== undefined) this.stopWithVerdict(firstResponse, at);
    if (this.live('nextUpdate') === undefined) this.startNextUpdate(at);
  }

  /** The agreed cadence, else the plan's next-update target; none of either, no clock. */
  startNextUpdate(at: IsoInstant): void {
    const cadence = this.state.updateCadence;
    const target: SlaTarget | undefined =
      cadence !== null
        ? { metric: 'nextUpdate', minutes: cadence.minutes, unit: cadence.unit }
        : targetsOf(this.state).find((t) => t.metric === 'nextUpdate');
    if (target !== undefined) this.startClock(target, at);
  }

  /**
   * Stops the clocks governed by the old class (`reclassified`) and starts the new class's clocks from
   * the reclassification instant, or from `receivedAt` when retroactive. Clocks already satisfied
   * (a first response given, a workaround provided) are not restarted; the callback clock belongs to
   * the hotline call and an agreed cadence to the parties, so neither changes.
   */
  reclassify(at: IsoInstant, retroactive: boolean): void {
    for (const clock of this.current.filter((c) => isLive(c) && this.followsClass(c.metric)))
      this.stop(clock, at, 'reclassified');
    const startedAt = retroactive ? openingOf(this.state).receivedAt : at;
    for (const target of targetsOf(this.state).filter(
      (t) => OPENING_METRICS.includes(t.metric) && !this.satisfied(t.metric),
    ))
      this.startClock(target, startedAt);
    // Cadence clocks restart from now even when retroactive: they count from the last update, not from receipt.
    if (this.state.firstRespondedAt !== null && this.live('nextUpdate') === undefined) this.startNextUpdate(at);
  }

  /** Metrics whose target depends on the class of the case. */
  private followsClass(metric: SlaMetric): boolean {
    switch (metric) {
      case 'firstResponse':
      case 'workaround':
      case 'resolution':
        return true;
      case 'nextUpdate':
        return this.state.updateCadence === null;
      case 'callback':
        return false;
      default: {
        const _exhaustive: never = metric;
        throw new Error(`unknown metric ${String(_exhaustive)}`);
      }
    }
  }

  /** Whether the thing an opening clock waits for has already happened. */
  private satisfied(metric: SlaMetric): boolean {
    switch (metric) {
      case 'firstResponse':
        return this.state.firstRespondedAt !== null;
      case 'workaround':
        return this.state.workarounds.length > 0;
      case 'resolution':
      case 'nextUpdate':
      case 'callback':
        return false;
      default: {
        const _exhaustive: never = metric;
        throw new Error(`unknown metric ${String(_exhaustive)}`);
      }
    }
  }

  private get caseId(): string {
    return openingOf(this.state).caseId;
  }
}
