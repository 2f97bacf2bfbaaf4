/**
 * Calendars in JSON take intervals that cross midnight, as the text parser does: Monday 22:00–06:00
 * is Monday 22:00 to Tuesday 06:00. Overlaps they make with the next day are refused, every one listed.
 */
import { ApiHarness, ADMIN_KEY, startApi } from '../support/api-harness';

const NIGHT_SHIFT = {
  timeZone: 'Europe/London',
  weekly: {
    mon: [{ from: '22:00', to: '06:00' }],
    tue: [{ from: '09:00', to: '17:00' }],
    sun: [{ from: '20:00', to: '02:00' }],
  },
};
const NIGHT_SHIFT_SPLIT = {
  mon: [
    { from: '00:00', to: '02:00' },
    { from: '22:00', to: '24:00' },
  ],
  tue: [
    { from: '00:00', to: '06:00' },
    { from: '09:00', to: '17:00' },
  ],
  sun: [{ from: '20:00', to: '24:00' }],
};
const OVERLAPPING_NIGHT = {
  timeZone: 'UTC',
  weekly: {
    mon: [{ from: '22:00', to: '06:00' }],
    tue: [
      { from: '05:00', to: '09:00' },
      { from: '08:00', to: '10:00' },
    ],
  },
};

describe('calendars with intervals across midnight', () => {
  let api: ApiHarness;
  const admin = () => api.as(ADMIN_KEY);

  beforeAll(async () => {
    api = await startApi({ now: '2026-04-01T08:00:00Z' });
  });
  afterAll(() => api.close());

  const sign = (calendar: unknown) =>
    admin().post('/v1/contracts').send({
      accountId: 'acme',
      planId: 'bird-email-enterprise',
      serviceTimeZone: 'uk',
      startsAt: '2026-01-01T00:00:00Z',
      calendar,
    });

  it('a contract signed with night hours keeps them, each split at midnight into the day it runs into', async () => {
    const signed = await sign(NIGHT_SHIFT).expect(201);
    const read = await admin().get(`/v1/contracts/${signed.body.id}`).expect(200);
    expect(read.body.calendar).toEqual({ timeZone: 'Europe/London', weekly: NIGHT_SHIFT_SPLIT, version: 1 });
  });

  it('a calendar change takes night hours too, as the next version', async () => {
    const signed = await sign({ timeZone: 'UTC', weekly: { mon: [{ from: '09:00', to: '17:00' }] } }).expect(201);
    await admin().post(`/v1/contracts/${signed.body.id}/calendar-changes`).send({ calendar: NIGHT_SHIFT }).expect(200);
    const read = await admin().get(`/v1/contracts/${signed.body.id}`).expect(200);
    expect(read.body.calendar).toMatchObject({ weekly: NIGHT_SHIFT_SPLIT, version: 2 });
  });

  it("business time runs on through midnight into the next day's morning", async () => {
    const response = await admin()
      .post('/v1/sla/preview')
      .send({
        calendar: { timeZone: 'UTC', weekly: { mon: [{ from: '22:00', to: '06:00' }] } },
        targets: [{ metric: 'firstResponse', minutes: 180, unit: 'business' }],
        // Monday 6 April 2026, 23:00: one hour to midnight, then two on Tuesday.
        receivedAt: '2026-04-06T23:00:00Z',
      })
      .expect(200);
    expect(response.body.clocks[0]).toMatchObject({ dueAt: '2026-04-07T02:00:00.000Z' });
  });

  it('refuses overlaps the night makes with the next day, listing every one, and writes nothing', async () => {
    const before = await api.eventCount();
    const refused = await sign(OVERLAPPING_NIGHT).expect(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.errors).toEqual([
      { field: 'calendar.weekly.tue[0]', message: 'overlaps weekly.mon[0] (22:00–06:00, across midnight)' },
      { field: 'calendar.weekly.tue[1]', message: 'overlaps weekly.tue[0] (05:00–09:00)' },
    ]);
    expect(await api.eventCount()).toBe(before);

    const signed = await sign({ timeZone: 'UTC', weekly: { mon: [{ from: '09:00', to: '17:00' }] } }).expect(201);
    const afterSigning = await api.eventCount();
    const changed = await admin()
      .post(`/v1/contracts/${signed.body.id}/calendar-changes`)
      .send({ calendar: OVERLAPPING_NIGHT })
      .expect(422);
    expect(changed.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'calendar.weekly.tue[0]',
      'calendar.weekly.tue[1]',
    ]);
    expect(await api.eventCount()).toBe(afterSigning);
  });
});
