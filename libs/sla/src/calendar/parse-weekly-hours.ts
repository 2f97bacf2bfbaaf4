import { CalendarProblem, OpenInterval, WEEKDAYS, Weekday, WeeklyHours } from './calendar-definition';
import { MINUTES_PER_DAY, formatWallTime, parseWallTime } from './wall-time';

/**
 * Reads opening hours as people write them, e.g.
 * `Mon-Fri 09:00-12:30, 13:30-17:00; Sat 10:00-14:00; Fri 21:00-02:00`.
 * Day ranges may wrap (`Fri-Mon`). An interval whose end is not after its start crosses midnight and is
 * split in two: 21:00–24:00 on its day and 00:00–02:00 on the next (Sunday's night runs into Monday).
 * Overlaps are left for validateCalendar to report with the rest.
 */
export function parseWeeklyHours(
  text: string,
): { ok: true; weekly: WeeklyHours } | { ok: false; problems: CalendarProblem[] } {
  const problems: CalendarProblem[] = [];
  const minutes = new Map<Weekday, [number, number][]>();
  const add = (day: Weekday, from: number, to: number) => {
    const list = minutes.get(day) ?? [];
    list.push([from, to]);
    minutes.set(day, list);
  };
  text
    .split(';')
    .map((s) => s.trim())
    .forEach((rule, i) => {
      if (rule === '') return;
      const field = `hours[${i}]`;
      const m = /^([A-Za-z]{3})(?:\s*[-–]\s*([A-Za-z]{3}))?\s+(.+)$/.exec(rule);
      if (!m) {
        problems.push({ field, message: `"${rule}" is not "Day[-Day] HH:MM-HH:MM[, HH:MM-HH:MM]"` });
        return;
      }
      const first = WEEKDAYS.indexOf(m[1].toLowerCase() as Weekday);
      const last = m[2] === undefined ? first : WEEKDAYS.indexOf(m[2].toLowerCase() as Weekday);
      if (first < 0 || last < 0) {
        problems.push({ field, message: `unknown weekday in "${rule}"; use Mon, Tue, Wed, Thu, Fri, Sat, Sun` });
        return;
      }
      const days: number[] = [];
      for (let d = first; ; d = (d + 1) % 7) {
        days.push(d);
        if (d === last) break;
      }
      m[3].split(',').forEach((part, k) => {
        const times = /^\s*(\d{2}:\d{2})\s*[-–]\s*(\d{2}:\d{2})\s*$/.exec(part);
        const from = times ? parseWallTime(times[1]) : null;
        const to = times ? parseWallTime(times[2]) : null;
        if (from === null || to === null || from === MINUTES_PER_DAY) {
          problems.push({
            field: `${field}.intervals[${k}]`,
            message: `"${part.trim()}" is not HH:MM-HH:MM with times of day`,
          });
          return;
        }
        for (const d of days) {
          if (to > from) add(WEEKDAYS[d], from, to);
          else {
            add(WEEKDAYS[d], from, MINUTES_PER_DAY);
            if (to > 0) add(WEEKDAYS[(d + 1) % 7], 0, to);
          }
        }
      });
    });
  if (problems.length > 0) return { ok: false, problems };
  const weekly: WeeklyHours = {};
  for (const day of WEEKDAYS) {
    const list = minutes.get(day);
    if (!list) continue;
    weekly[day] = list
      .sort((a, b) => a[0] - b[0])
      .map(([from, to]): OpenInterval => ({ from: formatWallTime(from), to: formatWallTime(to) }));
  }
  return { ok: true, weekly };
}
