import fc from 'fast-check';
import { DateTime } from 'luxon';
import { canonicalIsoInstant, fromIsoInstant, InvalidInstant, toIsoInstant } from './instant';

/** What toIsoInstant wrote before it took the platform's ISO writer: luxon's own. */
const luxonIso = (instant: DateTime) => instant.toUTC().toISO();

const ZONES = ['utc', 'America/New_York', 'America/Los_Angeles', 'Europe/London', 'Asia/Kolkata', 'Pacific/Chatham'];
// Years -2000..12000: inside and on both sides of the four-digit years.
const anyMillis = fc.integer({ min: -125_000_000_000_000, max: 316_000_000_000_000 });

describe('instants on the wire', () => {
  it('writes every instant, in any zone, exactly as luxon writes it in UTC', () => {
    fc.assert(
      fc.property(anyMillis, fc.constantFrom(...ZONES), (ms, zone) => {
        const instant = DateTime.fromMillis(ms, { zone });
        expect(toIsoInstant(instant)).toBe(luxonIso(instant));
      }),
      { numRuns: 5000 },
    );
  });

  it('writes the edges of the four-digit years as luxon does', () => {
    for (const iso of ['0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z']) {
      const instant = DateTime.fromISO(iso, { zone: 'utc' });
      for (const ms of [instant.toMillis() - 1, instant.toMillis(), instant.toMillis() + 1]) {
        const at = DateTime.fromMillis(ms, { zone: 'utc' });
        expect(toIsoInstant(at)).toBe(luxonIso(at));
      }
    }
  });

  it('canonicalises a stored instant exactly as a round trip through luxon does', () => {
    const stored = fc.oneof(
      anyMillis.map((ms) => DateTime.fromMillis(ms, { zone: 'utc' }).toISO() as string),
      anyMillis.map((ms) => (DateTime.fromMillis(ms, { zone: 'utc' }).toISO() as string).replace('.000Z', 'Z')),
      fc.constantFrom('2026-04-02T14:30Z', '2026-04-02T16:30:00+02:00', '2026-04-02T14:30:00.5Z'),
    );
    fc.assert(
      fc.property(stored, (iso) => {
        expect(canonicalIsoInstant(iso)).toBe(toIsoInstant(fromIsoInstant(iso)));
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses what is not an instant, as before', () => {
    expect(() => toIsoInstant(DateTime.invalid('broken'))).toThrow(InvalidInstant);
    expect(() => canonicalIsoInstant('not an instant')).toThrow(InvalidInstant);
    expect(() => canonicalIsoInstant('2026-13-40T00:00:00.000Z')).toThrow(InvalidInstant);
  });
});
