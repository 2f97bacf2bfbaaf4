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

export function fromIsoInstant(iso: IsoInstant): DateTime {
  return DateTime.fromISO(iso, { zone: 'utc' });
}

export function millisOfIso(iso: IsoInstant): number {
  return Date.parse(iso);
}
