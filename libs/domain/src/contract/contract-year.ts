import { fromIsoInstant, IsoInstant } from '../shared/instant';

/**
 * Yearly allowances count per contract year: from `startsAt` to its first anniversary is year 1, and
 * so on (anniversaries in UTC; a contract starting on 29 February has its anniversary on 28 February).
 * An instant before the start belongs to year 1.
 */
export function contractYearOf(startsAt: IsoInstant, at: IsoInstant): number {
  const start = fromIsoInstant(startsAt);
  const atMs = Date.parse(at);
  let year = 1;
  while (start.plus({ years: year }).toMillis() <= atMs) year++;
  return year;
}

/** [from, to) of contract year `year` (1-based), as UTC instants. */
export function contractYearBounds(startsAt: IsoInstant, year: number): { from: IsoInstant; to: IsoInstant } {
  const start = fromIsoInstant(startsAt);
  return {
    from: start
      .plus({ years: year - 1 })
      .toUTC()
      .toISO() as IsoInstant,
    to: start.plus({ years: year }).toUTC().toISO() as IsoInstant,
  };
}
