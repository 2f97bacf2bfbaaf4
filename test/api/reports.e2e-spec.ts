/**
 * The reports over a scripted history whose every figure is computed by hand below: two accounts in two
 * zones (acme: New York, US holidays; brit: London, England bank holidays), the US DST change of
 * 2026-03-08 and the UK one of 2026-03-29, a resolution clock paused while the customer was asked, a
 * reclassification, and Good Friday / Easter Monday 2026 closing the London desk.
 *
 * Business time by hand (Bird Email Enterprise, non-critical: first response 480 business minutes;
 * acme's contract adds a resolution target of 960 business minutes, which pauses while awaiting the customer):
 *   A acme P3 portal, received Fri 03-06 15:00 EST (20:00Z).
 *     firstResponse-1: answered Mon 03-09 00:30 EDT (04:30Z): Fri 15–17 = 120 min, met; elapsed 56.5 h = 3390.
 *     resolution-1: paused Mon 13:00 EDT (17:00Z) at 120 + 240 = 360; resumed Tue 03-10 10:00 EDT (14:00Z);
 *       resolved Wed 03-11 11:00 EDT (15:00Z): 360 + 420 + 120 = 900, met; elapsed 69 h + 25 h = 5640.
 *   B acme P2 email, received Mon 03-09 16:00 EDT (20:00Z).
 *     firstResponse-1: due Tue 03-10 16:00 EDT (20:00Z) at 60 + 420; answered Wed 03-11 10:00 EDT (14:00Z):
 *       60 + 480 + 60 = 600, breached by 120; elapsed 42 h = 2520.
 *     resolution-1: never stopped; due Wed 03-11 16:00 EDT (20:00Z) at 60 + 480 + 420: breached then (live).
 *   C acme P4 portal, received Thu 03-12 10:00 EDT (14:00Z), reclassified P2 at 12:00 EDT (16:00Z):
 *     firstResponse-1, resolution-1 superseded at 16:00Z; firstResponse-2 answered 16:30 EDT (20:30Z): 270,
 *     met, elapsed 270; resolution-2 resolved Fri 03-13 11:00 EDT (15:00Z): 300 + 120 = 420, elapsed 1380.
 *   E brit P2 email, received Fri 03-27 16:00 GMT (16:00Z). firstResponse-1 due Mon 03-30 16:00 BST (15:00Z)
 *     at 30 + 450; answered Tue 03-31 09:30 BST (08:30Z): 30 + 480 + 60 = 570, breached by 90; elapsed 5310.
 *   F brit P4 portal, received Wed 04-01 00:30 BST (03-31 23:30Z): firstResponse-1 due 04-01 16:30 BST
 *     (15:30Z), never answered: breached then (live).
 *   D brit P3 portal, received Thu 04-02 15:00 BST (14:00Z). firstResponse-1 answered Tue 04-07 10:30 BST
 *     (09:30Z): 90 + (Good Friday, weekend, Easter Monday) + 120 = 210, met; elapsed 115.5 h = 6930.
 *     Information requested at 09:45Z. The reports are read at 04-07 10:00Z.
 */
import { EventStore, PgSqlClient, PostgresEventStore } from '@caseledger/event-store';
import { createTestSchema, describePostgres, TestSchema } from '@caseledger/testing';
import { Pool } from 'pg';
import { rebuildProjections } from '../../apps/cli/src/rebuild-projections';
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';

const AS_OF = '2026-04-07T10:00:00Z';

interface Scripted {
  acme: string;
  brit: string;
  agent: string;
  position: string;
  cases: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F', string>;
}

async function customer(
  api: ApiHarness,
  accountId: string,
  serviceTimeZone: string,
  targetOverrides: object[] = [],
): Promise<{ key: string; contractId: string }> {
  const signed = await api
    .as(ADMIN_KEY)
    .post('/v1/contracts')
    .send({
      accountId,
      planId: 'bird-email-enterprise',
      serviceTimeZone,
      targetOverrides,
      startsAt: '2026-01-01T00:00:00Z',
    })
    .expect(201);
  await api
    .as(ADMIN_KEY)
    .post(`/v1/contracts/${signed.body.id}/contacts`)
    .send({ contactId: 'olga', name: 'Olga Petrova', email: 'olga@example.com' })
    .expect(201);
  return {
    key: await api.createKey('customer', { accountId, contactId: 'olga' }),
    contractId: signed.body.id,
  };
}

/** Plays the history of the header, each command at its instant. */
async function script(api: ApiHarness): Promise<Scripted> {
  const agent = await api.createKey('agent');
  const acme = await customer(api, 'acme', 'us-eastern', [
    { metric: 'resolution', criticality: 'nonCritical', minutes: 960, unit: 'business' },
  ]);
  const brit = await customer(api, 'brit', 'uk');
  let position = '';
  const cases = {} as Scripted['cases'];
  const at = (instant: string) => api.clock.set(instant);
  const post = async (key: string, path: string, body: object = {}) => {
    const response = await api.as(key).post(path).send(body);
    if (response.status !== 200 && response.status !== 201)
      throw new Error(`${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    position = response.body.position;
    return response.body as { id: string };
  };
  const open = async (name: keyof Scripted['cases'], who: typeof acme, priority: string, channel: string) => {
    const opened = await post(who.key, '/v1/cases', {
      contractId: who.contractId,
      channel,
      subject: `Case ${name}`,
      description: 'Scripted',
      category: 'incident',
      priority,
      criticality: 'nonCritical',
    });
    cases[name] = opened.id;
  };
  const act = (key: string, name: keyof Scripted['cases'], route: string, body: object = {}) =>
    post(key, `/v1/cases/${cases[name]}/${route}`, body);

  at('2026-03-06T20:00:00Z');
  await open('A', acme, 'P3', 'portal');
  await act(agent, 'A', 'assignment', { agentId: 'smith' });
  at('2026-03-09T04:30:00Z');
  await act(agent, 'A', 'responses', { agentId: 'smith', message: 'Looking' });
  at('2026-03-09T17:00:00Z');
  await act(agent, 'A', 'information-requests', { agentId: 'smith', question: 'Which list?' });
  at('2026-03-09T20:00:00Z');
  await open('B', acme, 'P2', 'email');
  await act(agent, 'B', 'assignment', { agentId: 'smith' });
  at('2026-03-10T14:00:00Z');
  await act(acme.key, 'A', 'information', { answer: 'The newsletter list' });
  at('2026-03-11T14:00:00Z');
  await act(agent, 'B', 'responses', { agentId: 'smith', message: 'Sorry for the wait' });
  at('2026-03-11T14:30:00Z');
  await act(agent, 'B', 'escalations', { to: 'tier2', reason: 'Needs the mail team' });
  at('2026-03-11T14:40:00Z');
  await act(agent, 'A', 'resolution-proposals', { summary: 'List re-imported' });
  at('2026-03-11T15:00:00Z');
  await act(acme.key, 'A', 'resolution-proposals/acceptance');
  at('2026-03-12T14:00:00Z');
  await open('C', acme, 'P4', 'portal');
  await act(agent, 'C', 'assignment', { agentId: 'jones' });
  at('2026-03-12T16:00:00Z');
  await act(agent, 'C', 'reclassifications', { priority: 'P2', reason: 'Affects every sender' });
  at('2026-03-12T20:30:00Z');
  await act(agent, 'C', 'responses', { agentId: 'jones', message: 'On it' });
  at('2026-03-13T14:00:00Z');
  await act(agent, 'C', 'resolution-proposals', { summary: 'DNS fixed' });
  at('2026-03-13T15:00:00Z');
  await act(acme.key, 'C', 'resolution-proposals/acceptance');
  at('2026-03-27T16:00:00Z');
  await open('E', brit, 'P2', 'email');
  await act(agent, 'E', 'assignment', { agentId: 'jones' });
  at('2026-03-31T08:30:00Z');
  await act(agent, 'E', 'responses', { agentId: 'jones', message: 'Looking' });
  at('2026-03-31T23:30:00Z');
  await open('F', brit, 'P4', 'portal');
  at('2026-04-02T14:00:00Z');
  await open('D', brit, 'P3', 'portal');
  await act(agent, 'D', 'assignment', { agentId: 'jones' });
  at('2026-04-07T09:30:00Z');
  await act(agent, 'D', 'responses', { agentId: 'jones', message: 'Looking' });
  at('2026-04-07T09:45:00Z');
  await act(agent, 'D', 'information-requests', { agentId: 'jones', question: 'Headers?' });
  at(AS_OF);
  return { acme: acme.key, brit: brit.key, agent, position, cases };
}

const zeros = { started: 0, met: 0, breached: 0, superseded: 0, ended: 0, running: 0, breachMinutes: 0 };
const noAges = { lt1h: 0, h1to4: 0, h4to24: 0, d1to3: 0, d3to7: 0, gt7d: 0 };

function reportSuite(
  start: () => Promise<ApiHarness>,
  options: { rebuild?: (api: ApiHarness) => Promise<ApiHarness> },
) {
  let api: ApiHarness;
  let s: Scripted;
  const report = (key: string, path: string, accept?: string) => {
    const request = api.as(key).get(`${path}${path.includes('?') ? '&' : '?'}consistentWith=${s.position}`);
    return accept ? request.set('accept', accept) : request;
  };

  beforeAll(async () => {
    api = await start();
    s = await script(api);
  });
  afterAll(() => api.close());

  it("sla-compliance: weeks cut in the customer's own zone across its DST change, decided clocks where decided", async () => {
    const body = (
      await report(s.acme, '/v1/reports/sla-compliance?from=2026-03-01&to=2026-04-01&granularity=week').expect(200)
    ).body;
    expect(body).toMatchObject({
      timeZone: 'America/New_York',
      granularity: 'week',
      from: '2026-03-01T05:00:00.000Z',
      to: '2026-04-01T04:00:00.000Z',
      asOf: '2026-04-07T10:00:00.000Z',
      groupBy: [],
    });
    const row = (period: string, start: string, end: string, figures: object, compliancePercent: number | null) => ({
      period,
      periodStart: start,
      periodEnd: end,
      group: {},
      ...zeros,
      ...figures,
      compliancePercent,
    });
    expect(body.rows).toEqual([
      row('2026-W09', '2026-03-01T05:00:00.000Z', '2026-03-02T05:00:00.000Z', {}, null),
      // A's first response at 00:30 EDT on 03-09 is Monday in New York: undecided at the end of this week.
      row('2026-W10', '2026-03-02T05:00:00.000Z', '2026-03-09T04:00:00.000Z', { started: 2, running: 2 }, null),
      row(
        '2026-W11',
        '2026-03-09T04:00:00.000Z',
        '2026-03-16T04:00:00.000Z',
        { started: 6, met: 4, breached: 2, superseded: 2, breachMinutes: 120 },
        66.67,
      ),
      row('2026-W12', '2026-03-16T04:00:00.000Z', '2026-03-23T04:00:00.000Z', {}, null),
      row('2026-W13', '2026-03-23T04:00:00.000Z', '2026-03-30T04:00:00.000Z', {}, null),
      row('2026-W14', '2026-03-30T04:00:00.000Z', '2026-04-01T04:00:00.000Z', {}, null),
    ]);
  });

  it("sla-compliance by account, months cut in London: a clock started 00:30 BST on 1 April is April's", async () => {
    const body = (
      await report(
        ADMIN_KEY,
        '/v1/reports/sla-compliance?from=2026-03-01&to=2026-05-01&granularity=month&timeZone=Europe/London&groupBy=account',
      ).expect(200)
    ).body;
    const march = { period: '2026-03', periodStart: '2026-03-01T00:00:00.000Z', periodEnd: '2026-03-31T23:00:00.000Z' };
    const april = { period: '2026-04', periodStart: '2026-03-31T23:00:00.000Z', periodEnd: '2026-04-30T23:00:00.000Z' };
    expect(body.rows).toEqual([
      {
        ...march,
        group: { account: 'acme' },
        ...zeros,
        started: 8,
        met: 4,
        breached: 2,
        superseded: 2,
        breachMinutes: 120,
        compliancePercent: 66.67,
      },
      {
        ...march,
        group: { account: 'brit' },
        ...zeros,
        started: 1,
        breached: 1,
        breachMinutes: 90,
        compliancePercent: 0,
      },
      { ...april, group: { account: 'brit' }, ...zeros, started: 2, met: 1, breached: 1, compliancePercent: 50 },
    ]);
    const csv = await report(
      ADMIN_KEY,
      '/v1/reports/sla-compliance?from=2026-03-01&to=2026-05-01&granularity=month&timeZone=Europe/London&groupBy=account',
      'text/csv',
    ).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.text).toBe(
      'period,periodStart,periodEnd,group.account,started,met,breached,superseded,ended,running,compliancePercent,breachMinutes\r\n' +
        '2026-03,2026-03-01T00:00:00.000Z,2026-03-31T23:00:00.000Z,acme,8,4,2,2,0,0,66.67,120\r\n' +
        '2026-03,2026-03-01T00:00:00.000Z,2026-03-31T23:00:00.000Z,brit,1,0,1,0,0,0,0,90\r\n' +
        '2026-04,2026-03-31T23:00:00.000Z,2026-04-30T23:00:00.000Z,brit,2,1,1,0,0,0,50,0\r\n',
    );
  });

  it('sla-compliance by metric and priority: a reclassified case counts its superseded clocks once, under the old class', async () => {
    const body = (
      await report(
        ADMIN_KEY,
        '/v1/reports/sla-compliance?account=acme&from=2026-03-01&to=2026-04-01&groupBy=metric,priority',
      ).expect(200)
    ).body;
    expect(body.timeZone).toBe('America/New_York');
    const g = (metric: string, priority: string, figures: object, compliancePercent: number | null) => ({
      period: '2026-03',
      periodStart: '2026-03-01T05:00:00.000Z',
      periodEnd: '2026-04-01T04:00:00.000Z',
      group: { metric, priority },
      ...zeros,
      ...figures,
      compliancePercent,
    });
    expect(body.rows).toEqual([
      g('firstResponse', 'P2', { started: 2, met: 1, breached: 1, breachMinutes: 120 }, 50),
      g('firstResponse', 'P3', { started: 1, met: 1 }, 100),
      g('firstResponse', 'P4', { started: 1, superseded: 1 }, null),
      g('resolution', 'P2', { started: 2, met: 1, breached: 1 }, 50),
      g('resolution', 'P3', { started: 1, met: 1 }, 100),
      g('resolution', 'P4', { started: 1, superseded: 1 }, null),
    ]);
  });

  it('response-times: percentile_cont and mean of business minutes and of elapsed minutes without the pause', async () => {
    const body = (
      await report(
        ADMIN_KEY,
        '/v1/reports/response-times?from=2026-03-01&to=2026-05-01&granularity=month&timeZone=UTC',
      ).expect(200)
    ).body;
    const march = { period: '2026-03', periodStart: '2026-03-01T00:00:00.000Z', periodEnd: '2026-04-01T00:00:00.000Z' };
    expect(body.rows).toEqual([
      {
        ...march,
        metric: 'firstResponse',
        group: {},
        clocks: 4,
        // 120, 270, 570, 600
        businessMinutes: { p50: 420, p90: 591, p99: 599.1, mean: 390 },
        // 270, 2520, 3390, 5310
        elapsedMinutes: { p50: 2955, p90: 4734, p99: 5252.4, mean: 2872.5 },
      },
      {
        ...march,
        metric: 'resolution',
        group: {},
        clocks: 2,
        // 420, 900; elapsed 1380, 5640 (A's paused night left out)
        businessMinutes: { p50: 660, p90: 852, p99: 895.2, mean: 660 },
        elapsedMinutes: { p50: 3510, p90: 5214, p99: 5597.4, mean: 3510 },
      },
      {
        period: '2026-04',
        periodStart: '2026-04-01T00:00:00.000Z',
        periodEnd: '2026-05-01T00:00:00.000Z',
        metric: 'firstResponse',
        group: {},
        clocks: 1,
        businessMinutes: { p50: 210, p90: 210, p99: 210, mean: 210 },
        elapsedMinutes: { p50: 6930, p90: 6930, p99: 6930, mean: 6930 },
      },
    ]);
  });

  it("backlog: open cases by priority, status and age, business ages in each contract's calendar", async () => {
    const body = (await report(ADMIN_KEY, '/v1/reports/backlog').expect(200)).body;
    const B = {
      caseId: s.cases.B,
      accountId: 'acme',
      receivedAt: '2026-03-09T20:00:00.000Z',
      elapsedMinutes: 41160,
      businessMinutes: 9660,
    };
    const D = {
      caseId: s.cases.D,
      accountId: 'brit',
      receivedAt: '2026-04-02T14:00:00.000Z',
      elapsedMinutes: 6960,
      businessMinutes: 240,
    };
    const F = {
      caseId: s.cases.F,
      accountId: 'brit',
      receivedAt: '2026-03-31T23:30:00.000Z',
      elapsedMinutes: 9270,
      businessMinutes: 1110,
    };
    const status = (open: number, awaitingCustomer: number) => ({ open, awaitingCustomer, resolutionProposed: 0 });
    expect(body).toEqual({
      asOf: '2026-04-07T10:00:00.000Z',
      rows: [
        {
          priority: 'P1',
          open: 0,
          byStatus: status(0, 0),
          awaitingCustomer: 0,
          ageElapsed: noAges,
          ageBusiness: noAges,
          oldest: null,
        },
        // B: 20 working days + 60 min in New York (161 h); E: 2100 min in London (35 h), two bank holidays out.
        {
          priority: 'P2',
          open: 2,
          byStatus: status(2, 0),
          awaitingCustomer: 0,
          ageElapsed: { ...noAges, gt7d: 2 },
          ageBusiness: { ...noAges, d1to3: 1, d3to7: 1 },
          oldest: B,
        },
        // D: exactly 4 business hours is the 4–24 h bucket.
        {
          priority: 'P3',
          open: 1,
          byStatus: status(0, 1),
          awaitingCustomer: 1,
          ageElapsed: { ...noAges, d3to7: 1 },
          ageBusiness: { ...noAges, h4to24: 1 },
          oldest: D,
        },
        {
          priority: 'P4',
          open: 1,
          byStatus: status(1, 0),
          awaitingCustomer: 0,
          ageElapsed: { ...noAges, d3to7: 1 },
          ageBusiness: { ...noAges, h4to24: 1 },
          oldest: F,
        },
        {
          priority: 'all',
          open: 4,
          byStatus: status(3, 1),
          awaitingCustomer: 1,
          ageElapsed: { ...noAges, d3to7: 2, gt7d: 2 },
          ageBusiness: { ...noAges, h4to24: 2, d1to3: 1, d3to7: 1 },
          oldest: B,
        },
      ],
    });
    const brit = (await report(s.brit, '/v1/reports/backlog').expect(200)).body;
    expect(brit.rows.map((r: { priority: string; open: number }) => [r.priority, r.open])).toEqual([
      ['P1', 0],
      ['P2', 1],
      ['P3', 1],
      ['P4', 1],
      ['all', 3],
    ]);
  });

  it('agents: assignments, first responses and their median, resolutions, breaches while assigned, escalations', async () => {
    const body = (
      await report(ADMIN_KEY, '/v1/reports/agents?from=2026-03-01&to=2026-05-01&granularity=month&timeZone=UTC').expect(
        200,
      )
    ).body;
    const march = { period: '2026-03', periodStart: '2026-03-01T00:00:00.000Z', periodEnd: '2026-04-01T00:00:00.000Z' };
    const april = { period: '2026-04', periodStart: '2026-04-01T00:00:00.000Z', periodEnd: '2026-05-01T00:00:00.000Z' };
    expect(body.rows).toEqual([
      {
        ...march,
        agentId: 'jones',
        assigned: 2,
        firstResponses: 2,
        resolved: 1,
        medianFirstResponseBusinessMinutes: 420,
        breachesWhileAssigned: 1,
        escalations: 0,
      },
      {
        ...march,
        agentId: 'smith',
        assigned: 2,
        firstResponses: 2,
        resolved: 1,
        medianFirstResponseBusinessMinutes: 360,
        breachesWhileAssigned: 2,
        escalations: 1,
      },
      {
        ...april,
        agentId: 'jones',
        assigned: 1,
        firstResponses: 1,
        resolved: 0,
        medianFirstResponseBusinessMinutes: 210,
        breachesWhileAssigned: 0,
        escalations: 0,
      },
    ]);
  });

  it('confines a customer to its account: its own figures only, and naming another account is 403', async () => {
    const own = (
      await report(
        s.brit,
        '/v1/reports/sla-compliance?from=2026-03-01&to=2026-05-01&granularity=month&groupBy=account',
      ).expect(200)
    ).body;
    expect(own.timeZone).toBe('Europe/London');
    expect(own.rows.map((r: { group: { account: string } }) => r.group.account)).toEqual(['brit', 'brit']);
    await report(s.brit, '/v1/reports/sla-compliance?account=acme&from=2026-03-01&to=2026-04-01').expect(403);
    await report(s.brit, '/v1/reports/agents?from=2026-03-01&to=2026-04-01').expect(403);
  });

  it('refuses a bad period with a problem naming the field', async () => {
    const cases: [string, string][] = [
      ['from=2026-04-01&to=2026-03-01', 'to'],
      ['from=yesterday&to=2026-03-01', 'from'],
      ['from=2026-03-01&to=2026-04-01&granularity=year', 'granularity'],
      ['from=2026-03-01&to=2026-04-01&timeZone=Mars/Olympus', 'timeZone'],
      ['from=2026-03-01&to=2026-04-01&groupBy=colour', 'groupBy'],
      ['from=2000-01-01&to=2026-04-01&granularity=day', 'granularity'],
    ];
    for (const [query, field] of cases) {
      const response = await report(ADMIN_KEY, `/v1/reports/sla-compliance?${query}`).expect(400);
      expect([query, response.body.errors.map((e: { field: string }) => e.field)]).toEqual([query, [field]]);
    }
  });

  if (options.rebuild)
    it('answers the same reports after the reporting projection is rebuilt from position 0', async () => {
      const paths = [
        '/v1/reports/sla-compliance?from=2026-03-01&to=2026-05-01&granularity=week&timeZone=Europe/London&groupBy=account,metric',
        '/v1/reports/response-times?from=2026-03-01&to=2026-05-01&groupBy=plan',
        '/v1/reports/backlog',
        '/v1/reports/agents?from=2026-03-01&to=2026-05-01&granularity=week',
      ];
      const live = [];
      for (const path of paths) live.push((await report(ADMIN_KEY, path).expect(200)).body);
      api = await options.rebuild!(api);
      const rebuilt = [];
      for (const path of paths) rebuilt.push((await report(ADMIN_KEY, path).expect(200)).body);
      expect(rebuilt).toEqual(live);
    });
}

describePostgres('reports on PostgreSQL', () => {
  let schema: TestSchema;
  beforeAll(async () => {
    schema = await createTestSchema('reports');
  });
  afterAll(() => schema.drop());

  // An API on PostgreSQL runs its projections only with the background work (ROLE=all): the deadline watcher
  // then records the breaches of B's resolution and F's first response at their due instants, which the
  // reports must count exactly as they count the breaches they see coming due.
  const start = () =>
    startApi({ now: '2026-03-01T00:00:00Z', env: { DATABASE_URL: schema.connectionString, ROLE: 'all' } });
  reportSuite(start, {
    rebuild: async (api) => {
      await api.close();
      const store: EventStore = await PostgresEventStore.connect({ connectionString: schema.connectionString });
      const sql = new PgSqlClient(new Pool({ connectionString: schema.connectionString, max: 2 }));
      try {
        await rebuildProjections(store, sql, { name: 'reports' });
      } finally {
        await store.close();
        await sql.close();
      }
      const restarted = await start();
      restarted.clock.set(AS_OF);
      return restarted;
    },
  });
});

describe('reports on the embedded store', () => {
  reportSuite(() => startApi(), {});
});
