/**
 * SLA engine throughput: 8-hour due dates from random instants over realistic calendars, and 400-hour
 * targets, against plain luxon arithmetic on the same instants as the floor. Run: npm run bench:sla
 */
import { DateTime } from 'luxon';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CalendarDefinition, addBusinessMillis, addBusinessTime, compileCalendar } from '../libs/sla/src';

// A full collection before each timed phase, so one phase does not pay for the garbage of the last.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const MON_FRI = (intervals: { from: string; to: string }[]) => ({
  mon: intervals,
  tue: intervals,
  wed: intervals,
  thu: intervals,
  fri: intervals,
});

const CALENDARS: Record<string, CalendarDefinition> = {
  'US Eastern 9-17 + US holidays': {
    timeZone: 'America/New_York',
    weekly: MON_FRI([{ from: '09:00', to: '17:00' }]),
    holidayRegion: 'US',
  },
  'UK 08:30-16:30 + GB-ENG': {
    timeZone: 'Europe/London',
    weekly: MON_FRI([{ from: '08:30', to: '16:30' }]),
    holidayRegion: 'GB-ENG',
  },
  'Berlin split day 8-12,13-17 + DE': {
    timeZone: 'Europe/Berlin',
    weekly: MON_FRI([
      { from: '08:00', to: '12:00' },
      { from: '13:00', to: '17:00' },
    ]),
    holidayRegion: 'DE',
  },
  '24/7': { timeZone: 'UTC', alwaysOpen: true },
};

const EIGHT_HOURS = { minutes: 8 * 60 };
const FOUR_HUNDRED_HOURS = { minutes: 400 * 60 };
const N_SHORT = 1_000_000;
const N_LONG = 10_000;
const FROM = Date.UTC(2024, 0, 1);
const SPAN = Date.UTC(2028, 0, 1) - FROM;

/** Deterministic instants, so every run and the baseline see the same inputs. */
function instants(n: number, seed: number): DateTime[] {
  let x = seed >>> 0;
  const out = new Array<DateTime>(n);
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    const y = (Math.imul(x ^ (x >>> 12), 0x297a2d39) >>> 0) / 2 ** 32;
    out[i] = DateTime.fromMillis(FROM + Math.floor(y * SPAN), { zone: 'utc' });
  }
  return out;
}

function time(run: () => number): { ns: number; check: number } {
  collect();
  const t0 = process.hrtime.bigint();
  const check = run();
  return { ns: Number(process.hrtime.bigint() - t0), check };
}

const calendars = Object.entries(CALENDARS).map(([name, def]) => ({ name, cal: compileCalendar(def) }));
const short = instants(N_SHORT, 42);
const long = instants(N_LONG, 7);

// The first pass also builds the cached per-chunk intervals; it is reported separately.
const cold = time(() => {
  let sum = 0;
  for (let i = 0; i < N_SHORT; i++) sum += addBusinessTime(calendars[i & 3].cal, short[i], EIGHT_HOURS).toMillis() % 7;
  return sum;
});

const shortRun = time(() => {
  let sum = 0;
  for (let i = 0; i < N_SHORT; i++) sum += addBusinessTime(calendars[i & 3].cal, short[i], EIGHT_HOURS).toMillis() % 7;
  return sum;
});
const baseline = time(() => {
  let sum = 0;
  for (let i = 0; i < N_SHORT; i++) sum += short[i].plus({ hours: 8 }).toMillis() % 7;
  return sum;
});
const longRun = time(() => {
  let sum = 0;
  for (let i = 0; i < N_LONG; i++)
    sum += addBusinessTime(calendars[i & 3].cal, long[i], FOUR_HUNDRED_HOURS).toMillis() % 7;
  return sum;
});
const millis = Float64Array.from(short, (d) => d.toMillis());
const millisRun = time(() => {
  let sum = 0;
  for (let i = 0; i < N_SHORT; i++) sum += addBusinessMillis(calendars[i & 3].cal, millis[i], 8 * 3_600_000) % 7;
  return sum;
});
const perCalendar = calendars.map(({ name, cal }) => {
  const n = 250_000;
  const r = time(() => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += addBusinessTime(cal, short[i], EIGHT_HOURS).toMillis() % 7;
    return sum;
  });
  return `${name}: ${(r.ns / n).toFixed(0)} ns`;
});

const perShort = shortRun.ns / N_SHORT;
const perBaseline = baseline.ns / N_SHORT;
console.log(
  `8-hour due dates, ${N_SHORT.toLocaleString('en')} over 4 calendars, 2024-2027: ${perShort.toFixed(0)} ns each (${(shortRun.ns / 1e9).toFixed(2)} s total)`,
);
console.log(
  `  first pass incl. building the per-chunk interval cache: ${(cold.ns / N_SHORT).toFixed(0)} ns each (${(cold.ns / 1e9).toFixed(2)} s)`,
);
console.log(`  per calendar: ${perCalendar.join('; ')}`);
console.log(
  `baseline luxon plus({ hours: 8 }) on the same instants: ${perBaseline.toFixed(0)} ns each; ratio ${(perShort / perBaseline).toFixed(2)}x`,
);
console.log(
  `  of which arithmetic on epoch millis (addBusinessMillis, no DateTime at the edges): ${(millisRun.ns / N_SHORT).toFixed(0)} ns each`,
);
console.log(`400-hour due dates, ${N_LONG.toLocaleString('en')}: ${(longRun.ns / N_LONG).toFixed(0)} ns each`);
console.log(`(checksums ${cold.check} ${shortRun.check} ${millisRun.check} ${baseline.check} ${longRun.check})`);
