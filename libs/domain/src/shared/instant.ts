import { DateTime } from 'luxon';
import { DomainError } from '../domain-error';

export class InvalidInstant extends DomainError {
  readonly code = 'invalid-instant';
  constructor(readonly field: string) {
    super(`${field} is not a valid instant`);
  }
}

/** Events store instants as ISO-8601 UTC strings ending in Z, to the millisecond. */
export type IsoInstant = string;

export function toIsoInstant(instant: DateTime, field = 'at'): IsoInstant {
  if (!instant.isValid) throw new InvalidInstant(field);
  return instant.toUTC().toISO() as IsoInstant;
}

/**
 * Events hold instants in one canonical form (UTC, ending in Z), which Date.parse reads exactly and
 * many times faster than luxon's ISO parser: folding a stream parses every instant it holds.
 */
export function fromIsoInstant(iso: IsoInstant): DateTime {
  if (iso.endsWith('Z')) {
    const ms = Date.parse(iso);
    if (Number.isFinite(ms)) return DateTime.fromMillis(ms, { zone: 'utc' });
  }
  return DateTime.fromISO(iso, { zone: 'utc' });
}
