import { parseWeeklyHours } from './parse-weekly-hours';

describe('parseWeeklyHours', () => {
  it('reads day ranges, several intervals a day and 24:00', () => {
    expect(parseWeeklyHours('Mon-Wed 09:00-12:30, 13:30-17:00; Sat 10:00-24:00')).toEqual({
      ok: true,
      weekly: {
        mon: [
          { from: '09:00', to: '12:30' },
          { from: '13:30', to: '17:00' },
        ],
        tue: [
          { from: '09:00', to: '12:30' },
          { from: '13:30', to: '17:00' },
        ],
        wed: [
          { from: '09:00', to: '12:30' },
          { from: '13:30', to: '17:00' },
        ],
        sat: [{ from: '10:00', to: '24:00' }],
      },
    });
  });

  it('splits an interval that crosses midnight into two, Sunday night running into Monday', () => {
    expect(parseWeeklyHours('Fri 21:00-02:00; Sun 22:00-06:00')).toEqual({
      ok: true,
      weekly: {
        mon: [{ from: '00:00', to: '06:00' }],
        fri: [{ from: '21:00', to: '24:00' }],
        sat: [{ from: '00:00', to: '02:00' }],
        sun: [{ from: '22:00', to: '24:00' }],
      },
    });
  });

  it('an interval ending at 00:00 closes at midnight without a second part', () => {
    expect(parseWeeklyHours('Thu 18:00-00:00')).toEqual({
      ok: true,
      weekly: { thu: [{ from: '18:00', to: '24:00' }] },
    });
  });

  it('wraps day ranges over the weekend', () => {
    const r = parseWeeklyHours('Fri-Mon 10:00-11:00');
    expect(r.ok && Object.keys(r.weekly)).toEqual(['mon', 'fri', 'sat', 'sun']);
  });

  it('lists every rule it cannot read', () => {
    expect(parseWeeklyHours('Mon 9-5; Xyz 09:00-10:00; Tue 09:00-25:00')).toEqual({
      ok: false,
      problems: [
        { field: 'hours[0].intervals[0]', message: '"9-5" is not HH:MM-HH:MM with times of day' },
        { field: 'hours[1]', message: 'unknown weekday in "Xyz 09:00-10:00"; use Mon, Tue, Wed, Thu, Fri, Sat, Sun' },
        { field: 'hours[2].intervals[0]', message: '"09:00-25:00" is not HH:MM-HH:MM with times of day' },
      ],
    });
  });
});
