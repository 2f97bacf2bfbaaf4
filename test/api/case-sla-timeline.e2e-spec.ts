/**
 * GET /v1/cases/{id}/sla-timeline through HTTP, against a timeline computed by hand: a Bird Email
 * Premium case (US Eastern, Mon-Fri 09:00-17:00, US holidays) opened at 16:30 on Friday 22 May 2026,
 * a question at 16:40 that pauses the resolution clock, the answer on Tuesday 10:00 after the
 * weekend and Memorial Day (Monday 25 May), the first response at 11:00, read at 12:00 (16:00Z).
 */
import { ApiHarness, ADMIN_KEY, startApi } from '../support/api-harness';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const HOURS = 'Mon-Fri 09:00-17:00 America/New_York';

interface CitedJson {
  type: string;
  revision: string;
  position: string;
  description: string;
}
interface SegmentJson {
  kind: string;
  from: string;
  to: string;
  businessMs: number;
  elapsedMs: number;
  cause: { kind: string; event: CitedJson | null; trigger: CitedJson | null; rule: string | null };
}
interface ClockJson {
  clockId: string;
  metric: string;
  outcome: string;
  segments: SegmentJson[];
  totals: Record<string, number>;
  [field: string]: unknown;
}

/** A segment as `kind from to cause`, the cause an event as `type@revision<-trigger@revision` or a rule. */
const line = (s: SegmentJson) => {
  const cited = (c: CitedJson | null) => (c === null ? 'none' : `${c.type}@${c.revision}`);
  const cause = s.cause.kind === 'event' ? `${cited(s.cause.event)}<-${cited(s.cause.trigger)}` : s.cause.rule;
  return `${s.kind} ${s.from} ${s.to} ${cause}`;
};

describe('GET /v1/cases/{id}/sla-timeline', () => {
  let api: ApiHarness;
  let caseId: string;
  let agent: string;
  let customer: string;
  let auditor: string;
  let foreigner: string;
  let foreignIntegration: string;

  beforeAll(async () => {
    api = await startApi({ now: '2026-05-01T12:00:00Z' });
    const admin = () => api.as(ADMIN_KEY);
    agent = await api.createKey('agent');
    auditor = await api.createKey('auditor');
    const contracts: Record<string, string> = {};
    for (const accountId of ['acme', 'globex']) {
      const signed = await admin()
        .post('/v1/contracts')
        .send({
          accountId,
          planId: 'bird-email-premium',
          serviceTimeZone: 'us-eastern',
          startsAt: '2026-01-01T00:00:00Z',
          targetOverrides: [{ metric: 'resolution', minutes: 960, unit: 'business' }],
        })
        .expect(201);
      contracts[accountId] = signed.body.id as string;
      await admin()
        .post(`/v1/contracts/${signed.body.id}/contacts`)
        .send({ contactId: 'olga', name: 'Olga Petrova', email: `olga@${accountId}.example` })
        .expect(201);
    }
    customer = await api.createKey('customer', { accountId: 'acme', contactId: 'olga' });
    foreigner = await api.createKey('customer', { accountId: 'globex', contactId: 'olga' });
    foreignIntegration = await api.createKey('integration', { accountId: 'globex' });
    api.clock.set('2026-05-22T20:30:00Z');
    const opened = await api
      .as(customer)
      .post('/v1/cases')
      .send({
        contractId: contracts.acme,
        channel: 'email',
        subject: 'Bounces from one ISP',
        description: 'Every message to one ISP bounces',
        category: 'incident',
        priority: 'P3',
        criticality: 'nonCritical',
      })
      .expect(201);
    caseId = opened.body.id as string;
    const step = async (at: string, key: string, path: string, body: object) => {
      api.clock.set(at);
      await api.as(key).post(`/v1/cases/${caseId}/${path}`).send(body).expect(200);
    };
    await step('2026-05-22T20:40:00Z', agent, 'information-requests', { question: 'Which ISP?' });
    await step('2026-05-26T14:00:00Z', customer, 'information', { answer: 'example.net' });
    await step('2026-05-26T15:00:00Z', agent, 'responses', { message: 'Delisting requested' });
    api.clock.set('2026-05-26T16:00:00Z');
  });
  afterAll(() => api.close());

  const timeline = async (key: string, query = '') =>
    (await api.as(key).get(`/v1/cases/${caseId}/sla-timeline${query}`).expect(200)).body as {
      caseId: string;
      asOf: string;
      revision: string;
      clocks: ClockJson[];
    };

  it('writes the stream the timeline is read from', async () => {
    const stored = await api.store.readStream(`case-${caseId}`);
    expect(stored.map((e) => `${e.revision.toString()} ${e.type}`)).toEqual([
      '0 CaseOpened',
      '1 SlaClockStarted',
      '2 SlaClockStarted',
      '3 InformationRequested',
      '4 SlaClockPaused',
      '5 InformationProvided',
      '6 SlaClockResumed',
      '7 CaseResponded',
      '8 SlaClockStopped',
    ]);
  });

  it('explains the first response: 30 minutes on Friday, the weekend, Memorial Day, Tuesday morning, met', async () => {
    const response = await api.as(auditor).get(`/v1/cases/${caseId}/sla-timeline`).expect(200);
    expect(response.headers.etag).toBe('"8"');
    const body = response.body as { caseId: string; asOf: string; revision: string; clocks: ClockJson[] };
    expect(body).toMatchObject({ caseId, asOf: '2026-05-26T16:00:00.000Z', revision: '8' });
    const firstResponse = body.clocks.find((c) => c.clockId === 'firstResponse-1')!;
    expect(firstResponse.segments.map(line)).toEqual([
      'running 2026-05-22T20:30:00.000Z 2026-05-22T21:00:00.000Z SlaClockStarted@1<-CaseOpened@0',
      `outsideHours 2026-05-22T21:00:00.000Z 2026-05-25T04:00:00.000Z outside business hours ${HOURS}`,
      'holiday 2026-05-25T04:00:00.000Z 2026-05-26T04:00:00.000Z holiday: Memorial Day (US)',
      `outsideHours 2026-05-26T04:00:00.000Z 2026-05-26T13:00:00.000Z outside business hours ${HOURS}`,
      `running 2026-05-26T13:00:00.000Z 2026-05-26T15:00:00.000Z business hours ${HOURS}`,
      'stopped 2026-05-26T15:00:00.000Z 2026-05-26T16:00:00.000Z SlaClockStopped@8<-CaseResponded@7',
    ]);
    expect(firstResponse.segments.map((s) => s.businessMs)).toEqual([30 * MINUTE, 0, 0, 0, 2 * HOUR, 0]);
    expect(firstResponse.segments.map((s) => s.elapsedMs)).toEqual([
      30 * MINUTE,
      55 * HOUR,
      24 * HOUR,
      9 * HOUR,
      2 * HOUR,
      HOUR,
    ]);
    expect(firstResponse).toMatchObject({
      metric: 'firstResponse',
      target: { minutes: 480, unit: 'business', warnAtShare: 0.75 },
      planId: 'bird-email-premium',
      calendarVersion: 1,
      calendar: HOURS,
      startedAt: '2026-05-22T20:30:00.000Z',
      stoppedAt: '2026-05-26T15:00:00.000Z',
      // 30 minutes on Friday, then 7.5 hours from Tuesday 09:00: 16:30 EDT.
      dueAt: '2026-05-26T20:30:00.000Z',
      warningAt: '2026-05-26T18:30:00.000Z',
      breachedAt: null,
      outcome: 'met',
      recordedOutcome: 'met',
      totals: {
        businessMs: 150 * MINUTE,
        elapsedMs: 90 * HOUR + 30 * MINUTE,
        pausedMs: 0,
        outsideHoursMs: 64 * HOUR,
        holidayMs: 24 * HOUR,
        leftMs: 330 * MINUTE,
      },
      alerts: [],
    });
    const stopped = firstResponse.segments[5].cause;
    const stored = await api.store.readStream(`case-${caseId}`);
    const position = (n: number) => `${stored[n].position.commit.toString()}-${stored[n].position.prepare.toString()}`;
    expect(stopped.event).toEqual({
      type: 'SlaClockStopped',
      revision: '8',
      position: position(8),
      description: 'Clock firstResponse-1 stopped: met',
    });
    expect(stopped.trigger).toMatchObject({ type: 'CaseResponded', revision: '7', position: position(7) });
  });

  it('explains the resolution clock: 10 minutes, paused awaiting the customer over the weekend and the holiday, running again', async () => {
    const resolution = (await timeline(auditor)).clocks.find((c) => c.clockId === 'resolution-1')!;
    expect(resolution.segments.map(line)).toEqual([
      'running 2026-05-22T20:30:00.000Z 2026-05-22T20:40:00.000Z SlaClockStarted@2<-CaseOpened@0',
      'paused 2026-05-22T20:40:00.000Z 2026-05-26T14:00:00.000Z SlaClockPaused@4<-InformationRequested@3',
      'running 2026-05-26T14:00:00.000Z 2026-05-26T16:00:00.000Z SlaClockResumed@6<-InformationProvided@5',
    ]);
    expect(resolution).toMatchObject({
      target: { minutes: 960, unit: 'business' },
      stoppedAt: null,
      // 950 minutes left from Tuesday 10:00 EDT: 420 on Tuesday, 480 on Wednesday, 50 on Thursday.
      dueAt: '2026-05-28T13:50:00.000Z',
      // 710 minutes to the 75% share: 420 on Tuesday, 290 on Wednesday.
      warningAt: '2026-05-27T17:50:00.000Z',
      outcome: 'running',
      recordedOutcome: null,
      totals: {
        businessMs: 130 * MINUTE,
        elapsedMs: 91 * HOUR + 30 * MINUTE,
        pausedMs: 89 * HOUR + 20 * MINUTE,
        outsideHoursMs: 0,
        holidayMs: 0,
        leftMs: 830 * MINUTE,
      },
    });
    expect(resolution.segments[1].cause.event?.description).toBe('Clock resolution-1 paused: awaiting the customer');
  });

  it('agrees with the case read: each clock used what its running segments add up to', async () => {
    const read = (await api.as(auditor).get(`/v1/cases/${caseId}`).expect(200)).body as {
      clocks: { clockId: string; usedMs: number; dueAt: string | null; timeLeftMs: number }[];
    };
    const { clocks } = await timeline(auditor);
    expect(clocks.map((c) => c.clockId)).toEqual(read.clocks.map((c) => c.clockId));
    for (const [i, clock] of clocks.entries()) {
      const running = clock.segments.filter((s) => s.kind === 'running').reduce((sum, s) => sum + s.businessMs, 0);
      expect([clock.clockId, running, clock.dueAt, clock.totals.leftMs]).toEqual([
        read.clocks[i].clockId,
        read.clocks[i].usedMs,
        read.clocks[i].dueAt,
        read.clocks[i].timeLeftMs,
      ]);
    }
  });

  it('answers the timeline as it stood on Saturday noon with asOf, and right after the pause with atRevision', async () => {
    const response = await api
      .as(customer)
      .get(`/v1/cases/${caseId}/sla-timeline?asOf=2026-05-23T16:00:00Z`)
      .expect(200);
    expect(response.headers.etag).toBe('"4"');
    const { clocks, asOf } = response.body as { clocks: ClockJson[]; asOf: string };
    expect(asOf).toBe('2026-05-23T16:00:00.000Z');
    expect(clocks.map((c) => [c.clockId, c.outcome, c.dueAt])).toEqual([
      ['firstResponse-1', 'running', '2026-05-26T20:30:00.000Z'],
      ['resolution-1', 'paused', null],
    ]);
    expect(clocks[0].segments.map(line)).toEqual([
      'running 2026-05-22T20:30:00.000Z 2026-05-22T21:00:00.000Z SlaClockStarted@1<-CaseOpened@0',
      `outsideHours 2026-05-22T21:00:00.000Z 2026-05-23T16:00:00.000Z outside business hours ${HOURS}`,
    ]);
    expect(clocks[1].segments.map(line)).toEqual([
      'running 2026-05-22T20:30:00.000Z 2026-05-22T20:40:00.000Z SlaClockStarted@2<-CaseOpened@0',
      'paused 2026-05-22T20:40:00.000Z 2026-05-23T16:00:00.000Z SlaClockPaused@4<-InformationRequested@3',
    ]);
    const atPause = await timeline(auditor, '?atRevision=4');
    expect(atPause).toMatchObject({ asOf: '2026-05-22T20:40:00.000Z', revision: '4' });
    expect(atPause.clocks[1].segments.map((s) => s.kind)).toEqual(['running']);
  });

  it('lets its own customer, agents, TAMs, admins, auditors and integration keys read it', async () => {
    const tam = await api.createKey('tam');
    const integration = await api.createKey('integration');
    const ownIntegration = await api.createKey('integration', { accountId: 'acme' });
    for (const key of [customer, agent, tam, auditor, integration, ownIntegration, ADMIN_KEY])
      expect((await timeline(key)).clocks).toHaveLength(2);
  });

  it.each([
    [['asOf'], '?asOf=saturday'],
    [['asOf'], '?asOf=2026-02-30T00:00:00Z'],
    [['atRevision'], '?atRevision=-1'],
    [['asOf', 'atRevision'], '?asOf=2026-05-23T16:00:00Z&atRevision=4'],
  ])('refuses a bad %j with a 400 problem naming it, and writes nothing', async (fields, query) => {
    const before = await api.eventCount();
    const response = await api.as(auditor).get(`/v1/cases/${caseId}/sla-timeline${query}`).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(new Set((response.body.errors as { field: string }[]).map((e) => e.field))).toEqual(new Set(fields));
    expect(await api.eventCount()).toBe(before);
  });

  it("answers 404 to another account's keys, to an unknown case, before the opening and past the head", async () => {
    for (const key of [foreigner, foreignIntegration]) {
      const foreign = await api.as(key).get(`/v1/cases/${caseId}/sla-timeline`).expect(404);
      expect(foreign.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.stringify(foreign.body)).not.toContain('Bounces');
    }
    await api.as(auditor).get('/v1/cases/0195f3aa-2b3c-7d4e-8f50-61728394a5b6/sla-timeline').expect(404);
    await api.as(auditor).get(`/v1/cases/${caseId}/sla-timeline?asOf=2026-05-22T20:29:59Z`).expect(404);
    await api.as(auditor).get(`/v1/cases/${caseId}/sla-timeline?atRevision=9`).expect(404);
  });
});
