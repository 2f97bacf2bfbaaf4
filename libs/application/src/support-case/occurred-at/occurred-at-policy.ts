/**
 * Who may say when an action happened. Integration keys stand for systems that record an action
 * before it reaches CaseLedger (a phone system, a CRM), so they may give `occurredAt`; a person
 * acting through any other key acts now, and a key that tries otherwise is refused (422 naming the
 * field) rather than silently ignored.
 */
import { ActionInstant, OccurredAtBounds, OccurredAtNotAllowed } from '@caseledger/domain';
import type { AppConfig } from '@caseledger/runtime';
import { DateTime } from 'luxon';
import type { CommandContext } from '../../write-path/command-context';

/** The input field of the commands that accept it: an ISO-8601 instant. */
export interface MayReportOccurredAt {
  occurredAt?: string;
}

export function occurredAtBounds(
  config: Pick<AppConfig, 'OCCURRED_AT_MAX_SKEW_SECONDS' | 'OCCURRED_AT_MAX_AGE_HOURS'> | undefined,
): OccurredAtBounds | undefined {
  return (
    config && { maxSkewSeconds: config.OCCURRED_AT_MAX_SKEW_SECONDS, maxAgeHours: config.OCCURRED_AT_MAX_AGE_HOURS }
  );
}

/** The command's instant `now` (taken inside the optimistic attempt) and, when reported, when the action occurred. */
export function actionInstant(
  context: CommandContext,
  input: MayReportOccurredAt,
  now: DateTime,
  bounds: OccurredAtBounds | undefined,
): ActionInstant {
  if (input.occurredAt === undefined) return { at: now };
  if (context.actor.role !== 'integration') throw new OccurredAtNotAllowed(context.actor.role);
  return { at: now, occurredAt: DateTime.fromISO(input.occurredAt, { zone: 'utc' }), bounds };
}
