import { DateTime } from 'luxon';
import { businessMillisBetween, millisOf, stretchesBetween, toUtcDateTime } from '../business-time';
import { BusinessCalendar } from '../calendar/business-calendar';
import { countingCalendar } from '../targets/sla-target';
import { ClockSpec, ClockState, evaluateClock } from './evaluate-clock';

export type TimelineSegmentKind = 'running' | 'paused' | 'outsideHours' | 'holiday' | 'stopped';

/**
 * Why a segment began: the clock's own transition (its index in the spec's transitions: the start, a
 * pause, a resume, the stop), or a rule of the calendar (an opening, a closing, a holiday).
 */
export type TimelineCause = { transition: number } | { rule: string };

export interface TimelineSegment {
  kind: TimelineSegmentKind;
  from: DateTime;
  to: DateTime;
  /** Business millis this segment added to the clock: its length when running, else 0. */
  businessMs: number;
  cause: TimelineCause;
}

export interface ClockTimeline {
  state: ClockState;
  /** Tile `[start, at)` in order, without gap or overlap; the running ones add up to `state.usedMs`. */
  segments: TimelineSegment[];
  /** Where the clock's life ends: its stop, or `at` while it still runs or pauses. */
  endsAt: DateTime;
}

/**
 * The evidence behind a clock's figures at `at`: every stretch of time from its start, what the clock
 * did in it and why. While the clock runs, the calendar splits time into open hours (counted), closed
 * hours and holidays (not counted); a pause counts nothing whatever the calendar says; after the stop
 * one `stopped` segment runs to `at`.
 */
export function clockTimeline(spec: ClockSpec, at: DateTime): ClockTimeline {
  const state = evaluateClock(spec, at, { explain: false });
  const atMs = millisOf(at);
  const calendar = countingCalendar(spec.calendar, spec.target);
  const segments: TimelineSegment[] = [];
  const push = (kind: TimelineSegmentKind, fromMs: number, toMs: number, cause: TimelineCause) => {
    if (toMs <= fromMs) return;
    const businessMs = kind === 'running' ? toMs - fromMs : 0;
    segments.push({ kind, from: toUtcDateTime(fromMs), to: toUtcDateTime(toMs), businessMs, cause });
  };

  // evaluateClock has checked the transitions: in time order, each one allowed from the phase before.
  const known = spec.transitions.filter((t) => millisOf(t.at) <= atMs);
  let endMs = atMs;
  known.forEach((t, index) => {
    const fromMs = millisOf(t.at);
    const toMs = index + 1 < known.length ? millisOf(known[index + 1].at) : atMs;
    switch (t.kind) {
      case 'start':
      case 'resume':
        runningStretches(calendar, fromMs, toMs, index, push);
        break;
      case 'pause':
        push('paused', fromMs, toMs, { transition: index });
        break;
      case 'stop':
        endMs = fromMs;
        push('stopped', fromMs, atMs, { transition: index });
        break;
      default: {
        const _exhaustive: never = t.kind;
        throw new Error(`unknown transition ${String(_exhaustive)}`);
      }
    }
  });
  return { state, segments, endsAt: toUtcDateTime(known.length === 0 ? atMs : Math.min(endMs, atMs)) };
}

function runningStretches(
  calendar: BusinessCalendar,
  fromMs: number,
  toMs: number,
  transition: number,
  push: (kind: TimelineSegmentKind, fromMs: number, toMs: number, cause: TimelineCause) => void,
): void {
  // A stretch that is open throughout (the common case between two events of a working day) is one
  // segment; measuring it is a search of the calendar's cached intervals, where walking its local days
  // asks the time zone for offsets, which costs microseconds each.
  if (toMs > fromMs && businessMillisBetween(calendar, fromMs, toMs) === toMs - fromMs) {
    push('running', fromMs, toMs, { transition });
    return;
  }
  const hours = calendar.describeHours();
  for (const s of stretchesBetween(calendar, fromMs, toMs)) {
    switch (s.kind) {
      case 'open':
        push('running', s.fromMs, s.toMs, s.fromMs === fromMs ? { transition } : { rule: `business hours ${hours}` });
        break;
      case 'outsideHours':
        push('outsideHours', s.fromMs, s.toMs, { rule: `outside business hours ${hours}` });
        break;
      case 'holiday':
        for (const piece of holidaysByName(calendar, s.fromMs, s.toMs))
          push('holiday', piece.fromMs, piece.toMs, piece);
        break;
      default: {
        const _exhaustive: never = s.kind;
        throw new Error(`unknown stretch ${String(_exhaustive)}`);
      }
    }
  }
}

/** A closed stretch split where the named reason changes (Christmas Day, then Boxing Day). */
function holidaysByName(
  calendar: BusinessCalendar,
  fromMs: number,
  toMs: number,
): { fromMs: number; toMs: number; rule: string }[] {
  const out: { fromMs: number; toMs: number; rule: string }[] = [];
  for (let day = calendar.localDayOf(fromMs); ; day++) {
    const plan = calendar.dayPlan(day);
    if (plan.startMs >= toMs) break;
    const a = Math.max(fromMs, plan.startMs);
    const b = Math.min(toMs, plan.endMs);
    if (b <= a) continue;
    const rule = calendar.closureRuleOn(day) || 'closed';
    const last = out[out.length - 1];
    if (last !== undefined && last.rule === rule && last.toMs === a) last.toMs = b;
    else out.push({ fromMs: a, toMs: b, rule });
  }
  return out;
}
