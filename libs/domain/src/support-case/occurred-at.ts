/**
 * The instant of an action another system reports after the fact: a phone system logs the call, a
 * CRM the answer, and the command reaches CaseLedger seconds or hours later. The SLA clocks must
 * count from when the action happened, so the event's `at` is that instant; how far back it may go
 * is bounded, so a late report cannot rewrite what the case has already recorded.
 */
import type { DateTime } from 'luxon';
import { IsoInstant, toIsoInstant } from '../shared/instant';
import { OccurredAtBeforePreviousEvent, OccurredAtInFuture, OccurredAtTooOld } from './support-case.errors';

export interface OccurredAtBounds {
  /** How far past now a reporter's clock may run; within it, the action is taken as happening now. */
  maxSkewSeconds: number;
  /** How long after the fact an action may still be reported. */
  maxAgeHours: number;
}

export const DEFAULT_OCCURRED_AT_BOUNDS: OccurredAtBounds = { maxSkewSeconds: 5, maxAgeHours: 24 };

/** An action's instant as the command states it: `now`, unless another system reports when it occurred. */
export interface ActionInstant {
  /** The command's instant: when CaseLedger records the action. */
  at: DateTime;
  occurredAt?: DateTime;
  bounds?: OccurredAtBounds;
}

/**
 * When the action happened and, when that was reported, when it was recorded. Refused: later than
 * `now` beyond the skew, older than the window, or before `previousAt` (the case's latest event,
 * SLA warnings and breaches included: a clock that has already warned or breached cannot be stopped
 * before that). A skewed instant within the bound is clamped to `now`, so the next command at `now`
 * is never out of order.
 */
export function occurredInstant(
  action: ActionInstant,
  /** The case's latest instant; empty before the case has any. */
  previousAt: IsoInstant,
): { at: IsoInstant; recordedAt?: IsoInstant } {
  const now = toIsoInstant(action.at, 'now');
  if (action.occurredAt === undefined) return { at: now };
  const bounds = action.bounds ?? DEFAULT_OCCURRED_AT_BOUNDS;
  const reported = toIsoInstant(action.occurredAt, 'occurredAt');
  const nowMs = Date.parse(now);
  const reportedMs = Date.parse(reported);
  if (reportedMs > nowMs + bounds.maxSkewSeconds * 1000)
    throw new OccurredAtInFuture(reported, now, bounds.maxSkewSeconds);
  if (reportedMs < nowMs - bounds.maxAgeHours * 3_600_000)
    throw new OccurredAtTooOld(reported, now, bounds.maxAgeHours);
  const at = reportedMs > nowMs ? now : reported;
  if (previousAt !== '' && Date.parse(at) < Date.parse(previousAt))
    throw new OccurredAtBeforePreviousEvent(at, previousAt);
  return { at, recordedAt: now };
}
