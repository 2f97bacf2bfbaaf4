/**
 * `occurredAt` on actions an integration reports after the fact (hotline calls, callbacks,
 * responses, progress updates, information provided), on PostgreSQL: the SLA clocks count from it,
 * the history shows it beside the recorded instant, and each bound is refused naming the field.
 */
import { createTestSchema, describePostgres, TestSchema } from '@caseledger/testing';
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';
import { Customer, customerOf } from '../read-models/http-workload';

describePostgres('occurredAt on reported actions, on PostgreSQL', () => {
  let schema: TestSchema;
  let api: ApiHarness;
  let integration: string;
  let agent: string;
  let beesender: Customer;
  let bird: Customer;

  beforeAll(async () => {
    schema = await createTestSchema('occurred_at');
    // Monday 08:00 UTC is 11:00 on Beesender's GMT+3 desk: business time runs.
    api = await startApi({ now: '2026-04-06T08:00:00Z', env: { DATABASE_URL: schema.connectionString } });
    integration = await api.createKey('integration');
    agent = await api.createKey('agent');
    beesender = await customerOf(api, 'acme');
    bird = await customerOf(api, 'globex', 'bird-email-enterprise', 'uk');
  });
  afterAll(async () => {
    await api?.close();
    await schema?.drop();
  });

  const open = async (customer: Customer, criticality = 'nonCritical', priority = 'P2'): Promise<string> => {
    const response = await api
      .as(customer.key)
      .post('/v1/cases')
      .send({
        contractId: customer.contractId,
        channel: 'portal',
        subject: 'Chats are not created',
        description: 'No chat appears',
        category: 'incident',
        priority,
        criticality,
      })
      .expect(201);
    return response.body.id as string;
  };
  const post = (key: string, caseId: string, route: string, body: object) =>
    api.as(key).post(`/v1/cases/${caseId}/${route}`).send(body);
  const eventsOf = async (caseId: string) => api.store.readStream(`case-${caseId}`);
  const minutesAgo = (minutes: number) => new Date(api.clock.now().toMillis() - minutes * 60_000).toISOString();

  it('a response reported 10 minutes late stops the first-response clock at that instant; history shows both instants', async () => {
    const caseId = await open(beesender);
    api.clock.advance({ minutes: 30 });
    const occurredAt = minutesAgo(10);
    await post(integration, caseId, 'responses', { message: 'Looking', agentId: 'agent.kim', occurredAt }).expect(200);

    const read = await admin(api).get(`/v1/cases/${caseId}`).expect(200);
    expect(read.body.firstRespondedAt).toBe(occurredAt);
    const firstResponse = read.body.clocks.find((c: { metric: string }) => c.metric === 'firstResponse');
    expect(firstResponse).toMatchObject({ status: 'met', stoppedAt: occurredAt, usedMs: 20 * 60_000 });

    const history = await admin(api).get(`/v1/cases/${caseId}/history?type=CaseResponded`).expect(200);
    expect(history.body.items).toEqual([
      expect.objectContaining({ type: 'CaseResponded', at: occurredAt, recordedAt: '2026-04-06T08:30:00.000Z' }),
    ]);
    // The same for actions not reported late: one instant, the store's recording.
    api.clock.advance({ minutes: 1 });
    await post(agent, caseId, 'progress-updates', { message: 'Still on it' }).expect(200);
    const update = (await admin(api).get(`/v1/cases/${caseId}/history?type=ProgressUpdateGiven`).expect(200)).body
      .items[0];
    expect(update.at).toBe('2026-04-06T08:31:00.000Z');
    expect(update.data.recordedAt).toBeUndefined();
  });

  it('hotline calls, callbacks, progress updates and information provided keep the reported instant as `at`', async () => {
    const caseId = await open(bird, 'critical', 'P1');
    api.clock.advance({ minutes: 20 });
    const hotlineAt = minutesAgo(15);
    await post(integration, caseId, 'hotline-calls', {
      vitalInformation: {
        company: 'Globex',
        contactName: 'Olga',
        phone: '+44 20 7946 0000',
        email: 'olga@example.com',
        description: 'All sends fail',
      },
      occurredAt: hotlineAt,
    }).expect(200);
    const firstReportAt = minutesAgo(0);
    const callbackAt = minutesAgo(5);
    await post(integration, caseId, 'callbacks', { agentId: 'agent.kim', occurredAt: callbackAt }).expect(200);
    const updateAt = minutesAgo(4);
    await post(integration, caseId, 'progress-updates', { message: 'Rerouting', occurredAt: updateAt }).expect(200);
    await post(agent, caseId, 'information-requests', { question: 'Which region?' }).expect(200);
    api.clock.advance({ minutes: 10 });
    const answeredAt = minutesAgo(3);
    const answerReportAt = minutesAgo(0);
    const byCustomer = await post(bird.key, caseId, 'information', { answer: 'EU', occurredAt: answeredAt });
    expect([byCustomer.status, byCustomer.body.code, byCustomer.body.errors[0].field]).toEqual([
      422,
      'occurred-at-not-allowed',
      'occurredAt',
    ]);
    await post(integration, caseId, 'information', { answer: 'EU', occurredAt: answeredAt }).expect(200);

    const recorded = (await eventsOf(caseId))
      .filter((e) =>
        ['HotlineCallLogged', 'CallbackLogged', 'ProgressUpdateGiven', 'InformationProvided'].includes(e.type),
      )
      .map((e) => [e.type, (e.data as { at: string }).at, (e.data as { recordedAt?: string }).recordedAt]);
    expect(recorded).toEqual([
      ['HotlineCallLogged', hotlineAt, firstReportAt],
      ['CallbackLogged', callbackAt, firstReportAt],
      ['ProgressUpdateGiven', updateAt, firstReportAt],
      ['InformationProvided', answeredAt, answerReportAt],
    ]);
    const callback = (await admin(api).get(`/v1/cases/${caseId}`).expect(200)).body.clocks.find(
      (c: { metric: string }) => c.metric === 'callback',
    );
    expect(callback).toMatchObject({ stoppedAt: callbackAt, usedMs: 10 * 60_000 });
  });

  describe('bounds: each refusal is a 422 naming occurredAt and the bound, and writes nothing', () => {
    let caseId: string;
    beforeAll(async () => {
      caseId = await open(beesender);
      api.clock.advance({ minutes: 30 });
    });

    async function refused(key: string, body: object, status: number, code: string | undefined, bound: RegExp) {
      const before = (await eventsOf(caseId)).length;
      const response = await post(key, caseId, 'responses', { message: 'Looking', ...body });
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      if (code) expect(response.body.code).toBe(code);
      expect(response.body.errors).toEqual([
        expect.objectContaining({ field: 'occurredAt', message: expect.stringMatching(bound) }),
      ]);
      expect((await eventsOf(caseId)).length).toBe(before);
    }

    it('not later than now beyond the clock skew', async () => {
      const occurredAt = new Date(api.clock.now().toMillis() + 6_000).toISOString();
      await refused(integration, { occurredAt }, 422, 'occurred-at-in-future', /more than 5 s after now/);
    });

    it('not older than the window', async () => {
      await refused(
        integration,
        { occurredAt: minutesAgo(24 * 60 + 1) },
        422,
        'occurred-at-too-old',
        /more than 24 h before now/,
      );
    });

    it("not before the case's previous event", async () => {
      await refused(
        integration,
        { occurredAt: minutesAgo(31) },
        422,
        'occurred-at-before-previous-event',
        /previous event \(2026-/,
      );
    });

    it('only integration keys may give it', async () => {
      await refused(agent, { occurredAt: minutesAgo(5) }, 422, 'occurred-at-not-allowed', /integration keys only/);
    });

    it('a malformed instant is a 400 naming the field', async () => {
      await refused(integration, { occurredAt: '2026-04-06 08:00' }, 400, undefined, /occurredAt/);
    });

    it('within the skew the action is taken as happening now', async () => {
      const occurredAt = new Date(api.clock.now().toMillis() + 5_000).toISOString();
      await post(integration, caseId, 'responses', { message: 'Looking', occurredAt }).expect(200);
      const responded = (await eventsOf(caseId)).find((e) => e.type === 'CaseResponded')!;
      expect((responded.data as { at: string }).at).toBe(api.clock.now().toUTC().toISO());
    });
  });
});

const admin = (api: ApiHarness) => api.as(ADMIN_KEY);

describe('occurredAt bounds from the configuration', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({
      now: '2026-04-06T08:00:00Z',
      env: { OCCURRED_AT_MAX_SKEW_SECONDS: '0', OCCURRED_AT_MAX_AGE_HOURS: '1' },
    });
  });
  afterAll(() => api?.close());

  it('OCCURRED_AT_MAX_SKEW_SECONDS and OCCURRED_AT_MAX_AGE_HOURS set the bounds the refusals name', async () => {
    const customer = await customerOf(api, 'acme');
    const integration = await api.createKey('integration');
    const opened = await api
      .as(customer.key)
      .post('/v1/cases')
      .send({
        contractId: customer.contractId,
        channel: 'portal',
        subject: 'Chats are not created',
        description: 'No chat appears',
        category: 'incident',
        priority: 'P2',
        criticality: 'nonCritical',
      })
      .expect(201);
    api.clock.advance({ hours: 3 });
    const respond = (occurredAt: string) =>
      api.as(integration).post(`/v1/cases/${opened.body.id}/responses`).send({ message: 'Looking', occurredAt });
    const now = api.clock.now().toMillis();
    const tooOld = await respond(new Date(now - 61 * 60_000).toISOString()).expect(422);
    expect(tooOld.body.errors[0]).toEqual({
      field: 'occurredAt',
      message: expect.stringMatching(/more than 1 h before/),
    });
    const ahead = await respond(new Date(now + 1_000).toISOString()).expect(422);
    expect(ahead.body.errors[0]).toEqual({
      field: 'occurredAt',
      message: expect.stringMatching(/more than 0 s after/),
    });
    await respond(new Date(now - 59 * 60_000).toISOString()).expect(200);
  });
});
