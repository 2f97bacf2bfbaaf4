import { DayCountChanges, utcDay } from './day-counts';

describe('utcDay', () => {
  it.each([
    ['2026-04-07T23:59:59.999Z', '2026-04-07'],
    ['2026-04-07T00:00:00Z', '2026-04-07'],
    ['2026-04-07T23:30:00-02:00', '2026-04-08'],
    ['2026-04-07T00:30:00+01:00', '2026-04-06'],
  ])('%s falls on the UTC day %s', (instant, day) => {
    expect(utcDay(instant)).toBe(day);
  });
});

describe('DayCountChanges', () => {
  const group = { account_id: 'a', metric: 'firstResponse' };

  it('sums a batch per day, kind and group, and per month in its twin', () => {
    const changes = new DayCountChanges('t', ['account_id', 'metric']);
    changes.add(group, [{ kind: 'met', day: '2026-04-07', breachMs: 0 }], 1);
    changes.add(group, [{ kind: 'met', day: '2026-04-07', breachMs: 0 }], 1);
    changes.add(group, [{ kind: 'breached', day: '2026-04-08', breachMs: 60_000 }], 1);
    changes.add({ ...group, account_id: 'b' }, [{ kind: 'met', day: '2026-04-07', breachMs: 0 }], 1);
    expect(changes.take()).toEqual([
      { day: '2026-04-07', kind: 'met', account_id: 'a', metric: 'firstResponse', n: 2, breach_ms: 0 },
      { day: '2026-04-08', kind: 'breached', account_id: 'a', metric: 'firstResponse', n: 1, breach_ms: 60_000 },
      { day: '2026-04-07', kind: 'met', account_id: 'b', metric: 'firstResponse', n: 1, breach_ms: 0 },
    ]);
    expect(changes.months!.take()).toEqual([
      { day: '2026-04-01', kind: 'met', account_id: 'a', metric: 'firstResponse', n: 2, breach_ms: 0 },
      { day: '2026-04-01', kind: 'breached', account_id: 'a', metric: 'firstResponse', n: 1, breach_ms: 60_000 },
      { day: '2026-04-01', kind: 'met', account_id: 'b', metric: 'firstResponse', n: 1, breach_ms: 0 },
    ]);
    expect(changes.take()).toEqual([]);
  });

  it('leaves out what a batch added and took back', () => {
    const changes = new DayCountChanges('t', ['account_id', 'metric']);
    const shares = [{ kind: 'due', day: '2026-04-07', breachMs: 0 }];
    changes.add(group, shares, 1);
    changes.add(group, shares, -1);
    changes.add(group, [{ kind: 'met', day: '2026-04-30', breachMs: 0 }], 1);
    changes.add(group, [{ kind: 'met', day: '2026-05-01', breachMs: 0 }], -1);
    expect(changes.take()).toEqual([
      { day: '2026-04-30', kind: 'met', account_id: 'a', metric: 'firstResponse', n: 1, breach_ms: 0 },
      { day: '2026-05-01', kind: 'met', account_id: 'a', metric: 'firstResponse', n: -1, breach_ms: 0 },
    ]);
    expect(changes.months!.take()).toEqual([
      { day: '2026-04-01', kind: 'met', account_id: 'a', metric: 'firstResponse', n: 1, breach_ms: 0 },
      { day: '2026-05-01', kind: 'met', account_id: 'a', metric: 'firstResponse', n: -1, breach_ms: 0 },
    ]);
  });
});
