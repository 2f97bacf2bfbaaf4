import { instantInZone, reportBuckets, TooManyBuckets } from './report-period';

const ms = (iso: string) => Date.parse(iso);

describe('report periods', () => {
  it('cuts days at local midnight, so the spring-forward day in New York is 23 hours long', () => {
    const days = reportBuckets(ms('2026-03-07T05:00:00Z'), ms('2026-03-10T04:00:00Z'), 'day', 'America/New_York');
    expect(days).toEqual([
      { period: '2026-03-07', start: '2026-03-07T05:00:00.000Z', end: '2026-03-08T05:00:00.000Z' },
      { period: '2026-03-08', start: '2026-03-08T05:00:00.000Z', end: '2026-03-09T04:00:00.000Z' },
      { period: '2026-03-09', start: '2026-03-09T04:00:00.000Z', end: '2026-03-10T04:00:00.000Z' },
    ]);
  });

  it('the autumn-back day in London is 25 hours long', () => {
    const [day] = reportBuckets(ms('2026-10-24T23:00:00Z'), ms('2026-10-26T00:00:00Z'), 'day', 'Europe/London');
    expect(ms(day.end) - ms(day.start)).toBe(25 * 3_600_000);
    expect(day.period).toBe('2026-10-25');
  });

  it('weeks are ISO weeks starting Monday, the first and last clipped to the period', () => {
    const weeks = reportBuckets(ms('2026-03-01T00:00:00Z'), ms('2026-03-10T00:00:00Z'), 'week', 'UTC');
    expect(weeks).toEqual([
      { period: '2026-W09', start: '2026-03-01T00:00:00.000Z', end: '2026-03-02T00:00:00.000Z' },
      { period: '2026-W10', start: '2026-03-02T00:00:00.000Z', end: '2026-03-09T00:00:00.000Z' },
      { period: '2026-W11', start: '2026-03-09T00:00:00.000Z', end: '2026-03-10T00:00:00.000Z' },
    ]);
  });

  it('months and quarters follow the zone: the second quarter in Tokyo starts at 15:00 UTC on 31 March', () => {
    const quarters = reportBuckets(ms('2026-01-01T00:00:00Z'), ms('2026-06-30T15:00:00Z'), 'quarter', 'Asia/Tokyo');
    expect(quarters.map((q) => [q.period, q.start, q.end])).toEqual([
      ['2026-Q1', '2026-01-01T00:00:00.000Z', '2026-03-31T15:00:00.000Z'],
      ['2026-Q2', '2026-03-31T15:00:00.000Z', '2026-06-30T15:00:00.000Z'],
    ]);
    expect(
      reportBuckets(ms('2026-01-31T15:00:00Z'), ms('2026-03-31T15:00:00Z'), 'month', 'Asia/Tokyo').map((m) => m.period),
    ).toEqual(['2026-02', '2026-03']);
  });

  it('refuses a period of more than 400 buckets', () => {
    expect(() => reportBuckets(ms('2020-01-01T00:00:00Z'), ms('2026-01-01T00:00:00Z'), 'day', 'UTC')).toThrow(
      TooManyBuckets,
    );
  });

  it('reads a local date as its midnight in the zone, an instant as itself', () => {
    expect(instantInZone('2026-03-09', 'America/New_York')).toBe(ms('2026-03-09T04:00:00Z'));
    expect(instantInZone('2026-03-09T12:00:00+01:00', 'America/New_York')).toBe(ms('2026-03-09T11:00:00Z'));
    expect(instantInZone('2026-02-30', 'UTC')).toBeNaN();
  });
});
