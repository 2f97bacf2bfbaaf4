/**
 * The life of a support case through HTTP, with the due instants the SLA rules give: a Bird critical
 * issue (hotline, 15-minute callback, cadence, workaround, mutual resolution) and a Beesender
 * Business P2 case (business hours across a night, a customer wait, the TAM, a rejected resolution).
 */
import { ApiHarness, ADMIN_KEY, startApi } from '../support/api-harness';

interface ClockJson {
  clockId: string;
  status: string;
  dueAt: string | null;
  warningAt: string | null;
  outcome: string | null;
}

const vital = {
  company: 'Acme Ltd',
  contactName: 'Olga Petrova',
  phone: '+44 20 7946 0000',
  email: 'olga@acme.example',
  description: 'All sends fail with 503',
};

describe('support case lifecycle through HTTP', () => {
  let api: ApiHarness;
  let agent: string;
  let auditor: string;
  const admin = () => api.as(ADMIN_KEY);

  beforeAll(async () => {
    api = await startApi({ now: '2026-04-01T08:00:00Z' });
    agent = await api.createKey('agent');
    auditor = await api.createKey('auditor');
  });
  afterAll(() => api.close());

  /** A signed contract with one authorised contact, and a customer key acting as that contact. */
  async function customerOf(
    accountId: string,
    contract: Record<string, unknown>,
  ): Promise<{ contractId: string; customer: string }> {
    const signed = await admin()
      .post('/v1/contracts')
      .send({ accountId, startsAt: '2026-01-01T00:00:00Z', ...contract })
      .expect(201);
    const contractId: string = signed.body.id;
    await admin()
      .post(`/v1/contracts/${contractId}/contacts`)
      .send({ contactId: 'olga', name: 'Olga Petrova', email: 'olga@acme.example' })
      .expect(201);
    return { contractId, customer: await api.createKey('customer', { accountId, contactId: 'olga' }) };
  }

  const clocksOf = async (caseId: string): Promise<Record<string, ClockJson>> => {
    const read = await api.as(agent).get(`/v1/cases/${caseId}`).expect(200);
    return Object.fromEntries((read.body.clocks as ClockJson[]).map((c) => [c.clockId, c]));
  };

  describe('Bird Email Enterprise, UK zone: a critical issue', () => {
    it('a hotline call starts a callback clock due 15 minutes later; a callback at +10 minutes meets it; the case ends mutually resolved', async () => {
      api.clock.set('2026-04-07T13:00:00Z');
      const { contractId, customer } = await customerOf('bird-acme', {
        planId: 'bird-email-enterprise',
        serviceTimeZone: 'uk',
      });
      api.clock.set('2026-04-07T14:00:00Z');
      const opened = await api
        .as(customer)
        .post('/v1/cases')
        .send({
          contractId,
          channel: 'portal',
          subject: 'Sending API unavailable',
          description: '1. POST /send 2. 503 every time',
          category: 'incident',
          priority: 'P1',
          criticality: 'critical',
        })
        .expect(201);
      const caseId: string = opened.body.id;
      expect(opened.headers.location).toBe(`/v1/cases/${caseId}`);
      expect(opened.headers.etag).toBe('"0"');
      expect(opened.body.events).toEqual(['CaseOpened']);

      api.clock.set('2026-04-07T14:05:00Z');
      await api.as(agent).post(`/v1/cases/${caseId}/hotline-calls`).send({ vitalInformation: vital }).expect(200);
      expect((await clocksOf(caseId))['callback-1']).toMatchObject({
        status: 'running',
        dueAt: '2026-04-07T14:20:00.000Z',
        warningAt: '2026-04-07T14:16:15.000Z',
      });

      api.clock.set('2026-04-07T14:15:00Z');
      const callback = await api.as(agent).post(`/v1/cases/${caseId}/callbacks`).send({}).expect(200);
      expect(callback.body.events).toEqual(['CallbackLogged', 'SlaClockStopped', 'SlaClockStarted']);
      let clocks = await clocksOf(caseId);
      expect(clocks['callback-1']).toMatchObject({ status: 'met', outcome: 'met' });
      // The callback is the first response, so the plan's hourly update clock starts with it.
      expect(clocks['nextUpdate-1']).toMatchObject({ status: 'running', dueAt: '2026-04-07T15:15:00.000Z' });

      api.clock.set('2026-04-07T14:20:00Z');
      await api.as(agent).post(`/v1/cases/${caseId}/update-cadence`).send({ minutes: 30 }).expect(200);
      api.clock.set('2026-04-07T14:40:00Z');
      const update = await api
        .as(agent)
        .post(`/v1/cases/${caseId}/progress-updates`)
        .send({ message: 'Failover to the EU cluster in progress' })
        .expect(200);
      expect(update.body.events).toEqual(['ProgressUpdateGiven', 'SlaClockStopped', 'SlaClockStarted']);
      // From now on the agreed cadence governs: 30 elapsed minutes.
      expect((await clocksOf(caseId))['nextUpdate-2']).toMatchObject({
        status: 'running',
        dueAt: '2026-04-07T15:10:00.000Z',
        warningAt: '2026-04-07T15:02:30.000Z',
      });

      api.clock.set('2026-04-07T14:45:00Z');
      await api
        .as(agent)
        .post(`/v1/cases/${caseId}/workaround`)
        .send({ description: 'Route sending through the EU cluster' })
        .expect(200);
      api.clock.set('2026-04-07T14:50:00Z');
      await api
        .as(agent)
        .post(`/v1/cases/${caseId}/resolution-proposals`)
        .send({ summary: 'Root cause fixed: a full disk on the UK relay' })
        .expect(200);
      api.clock.set('2026-04-07T15:00:00Z');
      const accepted = await api.as(customer).post(`/v1/cases/${caseId}/resolution-proposals/acceptance`).expect(200);
      expect(accepted.body.events[0]).toBe('CaseMutuallyResolved');

      const read = await api.as(customer).get(`/v1/cases/${caseId}`).expect(200);
      expect(read.headers.etag).toBe(`"${read.body.revision}"`);
      expect(read.body).toMatchObject({
        status: 'resolved',
        priority: 'P1',
        criticality: 'critical',
        contactId: 'olga',
        planId: 'bird-email-enterprise',
        hotlineCallAt: '2026-04-07T14:05:00.000Z',
        callbackAt: '2026-04-07T14:15:00.000Z',
        firstRespondedAt: '2026-04-07T14:15:00.000Z',
        updateCadence: { minutes: 30, unit: 'elapsed', agreedAt: '2026-04-07T14:20:00.000Z' },
        vitalInformation: vital,
        resolvedAt: '2026-04-07T15:00:00.000Z',
        resolutionProposal: null,
      });
      clocks = await clocksOf(caseId);
      expect(Object.values(clocks).map((c) => [c.clockId, c.status, c.outcome])).toEqual([
        ['callback-1', 'met', 'met'],
        ['nextUpdate-1', 'met', 'met'],
        ['nextUpdate-2', 'stopped', 'resolved'],
      ]);

      await api.as(agent).post(`/v1/cases/${caseId}/closure`).expect(200);
      expect((await api.as(auditor).get(`/v1/cases/${caseId}`).expect(200)).body.status).toBe('closed');
    });

    it('the SparkPost variant opens the case from the hotline call, with the callback clock running from the call', async () => {
      api.clock.set('2026-04-08T09:00:00Z');
      const { contractId } = await customerOf('bird-sparkpost', {
        planId: 'bird-email-enterprise',
        serviceTimeZone: 'uk',
      });
      const opened = await api
        .as(agent)
        .post('/v1/cases/hotline-calls')
        .send({ contractId, contactId: 'olga', vitalInformation: vital })
        .expect(201);
      expect(opened.body.events).toEqual(['CaseOpened', 'HotlineCallLogged', 'SlaClockStarted']);
      const read = await api.as(agent).get(opened.headers.location).expect(200);
      expect(read.body).toMatchObject({
        channel: 'severity1Hotline',
        criticality: 'critical',
        priority: 'P1',
        subject: 'Severity-1 hotline call from Acme Ltd',
      });
      expect((await clocksOf(opened.body.id))['callback-1']).toMatchObject({ dueAt: '2026-04-08T09:15:00.000Z' });
    });
  });

  describe('Beesender Business, GMT+3 desk 09:00-18:00 every day: a P2 case', () => {
    it('answers within 4 business hours across the night, pauses for the customer, escalates to the TAM, and resolves after one rejection', async () => {
      // The TAM must hold the assignment at the instant of escalation, so the setup happens before it.
      api.clock.set('2026-04-02T08:00:00Z');
      const { contractId, customer } = await customerOf('beesender-acme', {
        planId: 'beesender-business',
        serviceTimeZone: 'gmt+3',
        targetOverrides: [{ metric: 'resolution', minutes: 960, unit: 'business' }],
      });
      await admin()
        .post('/v1/accounts/beesender-acme/tam-assignment')
        .send({
          tam: {
            id: 'tam-ada',
            name: 'Ada',
            phone: '+7 495 000 0000',
            email: 'ada@vendor.example',
            workingHours: { timeZone: 'Etc/GMT-3', weekly: { mon: [{ from: '09:00', to: '18:00' }] } },
          },
        })
        .expect(201);

      // 16:30 local: 1.5 business hours left today, 2.5 tomorrow from 09:00 → 11:30 local = 08:30Z.
      api.clock.set('2026-04-02T13:30:00Z');
      const opened = await api
        .as(customer)
        .post('/v1/cases')
        .send({
          contractId,
          channel: 'portal',
          subject: 'Chats are not created',
          description: '1. open the widget 2. send a message 3. no chat appears',
          category: 'incident',
          priority: 'P2',
          criticality: 'nonCritical',
        })
        .expect(201);
      const caseId: string = opened.body.id;
      let clocks = await clocksOf(caseId);
      expect(clocks['firstResponse-1']).toMatchObject({
        status: 'running',
        dueAt: '2026-04-03T08:30:00.000Z',
        warningAt: '2026-04-03T07:30:00.000Z',
      });
      expect(clocks['resolution-1']).toMatchObject({ status: 'running', dueAt: '2026-04-04T11:30:00.000Z' });

      api.clock.set('2026-04-03T06:10:00Z');
      await api.as(agent).post(`/v1/cases/${caseId}/assignment`).send({ agentId: 'agent-7' }).expect(200);
      api.clock.set('2026-04-03T07:00:00Z');
      await api.as(agent).post(`/v1/cases/${caseId}/responses`).send({ message: 'Looking into it' }).expect(200);
      api.clock.set('2026-04-03T08:00:00Z');
      const asked = await api
        .as(agent)
        .post(`/v1/cases/${caseId}/information-requests`)
        .send({ question: 'Which channel is affected?' })
        .expect(200);
      expect(asked.body.events).toEqual(['InformationRequested', 'SlaClockPaused']);

      api.clock.set('2026-04-04T09:00:00Z');
      const waiting = await api.as(customer).get(`/v1/cases/${caseId}`).expect(200);
      expect(waiting.body.status).toBe('awaitingCustomer');
      const paused = (waiting.body.clocks as ClockJson[]).find((c) => c.clockId === 'resolution-1');
      expect(paused).toMatchObject({ status: 'paused', dueAt: null });
      expect((waiting.body.clocks as ClockJson[]).find((c) => c.clockId === 'firstResponse-1')).toMatchObject({
        status: 'met',
      });

      // 15:00 local a day later: 12.5 business hours left = 3 h today, 9 h on the 5th, 0.5 h on the 6th → 09:30 local.
      api.clock.set('2026-04-04T12:00:00Z');
      await api.as(customer).post(`/v1/cases/${caseId}/information`).send({ answer: 'Telegram only' }).expect(200);
      clocks = await clocksOf(caseId);
      expect(clocks['resolution-1']).toMatchObject({
        status: 'running',
        dueAt: '2026-04-06T06:30:00.000Z',
        warningAt: '2026-04-05T11:30:00.000Z',
      });

      api.clock.set('2026-04-04T12:30:00Z');
      await api
        .as(customer)
        .post(`/v1/cases/${caseId}/escalations`)
        .send({ to: 'tam', reason: 'I want the account manager involved' })
        .expect(200);

      api.clock.set('2026-04-05T07:00:00Z');
      await api
        .as(agent)
        .post(`/v1/cases/${caseId}/resolution-proposals`)
        .send({ summary: 'Webhook re-registered' })
        .expect(200);
      api.clock.set('2026-04-05T08:00:00Z');
      await api
        .as(customer)
        .post(`/v1/cases/${caseId}/resolution-proposals/rejection`)
        .send({ reason: 'Still no chats from Telegram' })
        .expect(200);
      expect((await api.as(customer).get(`/v1/cases/${caseId}`).expect(200)).body.status).toBe('open');
      api.clock.set('2026-04-05T09:00:00Z');
      await api
        .as(agent)
        .post(`/v1/cases/${caseId}/resolution-proposals`)
        .send({ summary: 'Bot token rotated' })
        .expect(200);
      api.clock.set('2026-04-05T10:00:00Z');
      await api.as(customer).post(`/v1/cases/${caseId}/resolution-proposals/acceptance`).send({}).expect(200);

      const read = await api.as(customer).get(`/v1/cases/${caseId}`).expect(200);
      expect(read.body).toMatchObject({
        status: 'resolved',
        assignedAgentId: 'agent-7',
        firstRespondedAt: '2026-04-03T07:00:00.000Z',
        escalations: [
          {
            to: 'tam',
            tamId: 'tam-ada',
            reason: 'I want the account manager involved',
            causedBy: null,
            at: '2026-04-04T12:30:00.000Z',
          },
        ],
        resolvedAt: '2026-04-05T10:00:00.000Z',
      });
      expect((read.body.clocks as ClockJson[]).map((c) => [c.clockId, c.status])).toEqual([
        ['firstResponse-1', 'met'],
        ['resolution-1', 'met'],
      ]);
    });
  });

  describe('tenancy, concurrency and input', () => {
    let caseId: string;
    let customer: string;
    let stranger: string;

    beforeAll(async () => {
      api.clock.set('2026-04-10T07:30:00Z');
      const acme = await customerOf('tenancy-acme', { planId: 'beesender-business', serviceTimeZone: 'gmt+3' });
      customer = acme.customer;
      ({ customer: stranger } = await customerOf('tenancy-globex', {
        planId: 'beesender-business',
        serviceTimeZone: 'gmt+3',
      }));
      api.clock.set('2026-04-10T08:00:00Z');
      const opened = await api
        .as(customer)
        .post('/v1/cases')
        .send({
          contractId: acme.contractId,
          channel: 'portal',
          subject: 'Widget is slow',
          description: 'Takes 10 s to load',
          category: 'incident',
          priority: 'P3',
          criticality: 'nonCritical',
        })
        .expect(201);
      caseId = opened.body.id;
    });

    it('a customer of another account gets 404 for the case, on reads and writes, and nothing is written', async () => {
      const before = await api.eventCount();
      const read = await api.as(stranger).get(`/v1/cases/${caseId}`).expect(404);
      expect(read.headers['content-type']).toMatch(/^application\/problem\+json/);
      await api
        .as(stranger)
        .post(`/v1/cases/${caseId}/escalations`)
        .send({ to: 'tier2', reason: 'let me in' })
        .expect(404);
      await api.as(stranger).post(`/v1/cases/${caseId}/reopening`).send({ reason: 'let me in' }).expect(404);
      await api.as(stranger).post(`/v1/cases/${caseId}/resolution-proposals`).send({ summary: 'done' }).expect(404);
      expect(await api.eventCount()).toBe(before);
      await api.as(customer).get(`/v1/cases/${caseId}`).expect(200);
    });

    it('a write with a stale If-Match gets 412 and writes nothing; the current ETag writes', async () => {
      const current = await api.as(agent).get(`/v1/cases/${caseId}`).expect(200);
      const before = await api.eventCount();
      const stale = await api
        .as(agent)
        .post(`/v1/cases/${caseId}/responses`)
        .set('If-Match', '"99"')
        .send({ message: 'hello' })
        .expect(412);
      expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(stale.body).toMatchObject({ status: 412, currentRevision: current.body.revision });
      expect(await api.eventCount()).toBe(before);
      const written = await api
        .as(agent)
        .post(`/v1/cases/${caseId}/responses`)
        .set('If-Match', current.headers.etag)
        .send({ message: 'hello' })
        .expect(200);
      expect(written.headers.etag).toBe(`"${BigInt(current.body.revision) + BigInt(written.body.events.length)}"`);
    });

    it('an unknown field, a wrong type or a missing field is a 400 problem+json naming the field, and nothing is written', async () => {
      const before = await api.eventCount();
      const unknown = await api
        .as(agent)
        .post(`/v1/cases/${caseId}/responses`)
        .send({ message: 'hi', mood: 'cheerful' })
        .expect(400);
      expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(unknown.body.errors).toEqual([{ field: 'mood', message: 'mood is not a known field' }]);
      const onEmptyCommand = await api.as(agent).post(`/v1/cases/${caseId}/closure`).send({ force: true }).expect(400);
      expect(onEmptyCommand.body.errors).toEqual([{ field: 'force', message: 'force is not a known field' }]);
      const wrongType = await api
        .as(agent)
        .post(`/v1/cases/${caseId}/update-cadence`)
        .send({ minutes: 'thirty' })
        .expect(400);
      expect(wrongType.body.errors.map((e: { field: string }) => e.field)).toContain('minutes');
      const missing = await api.as(agent).post(`/v1/cases/${caseId}/escalations`).send({ to: 'tier2' }).expect(400);
      expect(new Set(missing.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['reason']));
      expect(await api.eventCount()).toBe(before);
    });

    it('an escalation to the TAM of an account without one is refused with no-tam-assigned, and nothing is written', async () => {
      const before = await api.eventCount();
      const refused = await api
        .as(agent)
        .post(`/v1/cases/${caseId}/escalations`)
        .send({ to: 'tam', reason: 'need the account manager' })
        .expect(409);
      expect(refused.body).toMatchObject({ status: 409, code: 'no-tam-assigned' });
      expect(await api.eventCount()).toBe(before);
    });

    it('staff open cases for a named contact; a customer key may not open one for another contact', async () => {
      const contractId = (await api.as(agent).get(`/v1/cases/${caseId}`).expect(200)).body.contractId;
      const body = {
        contractId,
        channel: 'email',
        subject: 'Import',
        description: 'From the mailbox',
        category: 'consultation',
        priority: 'P4',
        criticality: 'nonCritical',
      };
      const noContact = await api.as(agent).post('/v1/cases').send(body).expect(400);
      expect(noContact.body.errors).toEqual([
        { field: 'contactId', message: 'contactId is required unless the key is a customer key' },
      ]);
      const forOlga = await api
        .as(agent)
        .post('/v1/cases')
        .send({ ...body, contactId: 'olga', receivedAt: '2026-04-10T07:00:00Z' })
        .expect(201);
      expect((await api.as(agent).get(forOlga.headers.location).expect(200)).body).toMatchObject({
        contactId: 'olga',
        receivedAt: '2026-04-10T07:00:00.000Z',
        openedAt: '2026-04-10T08:00:00.000Z',
      });
      const refused = await api
        .as(customer)
        .post('/v1/cases')
        .send({ ...body, contactId: 'someone-else' })
        .expect(422);
      expect(refused.body.code).toBe('contact-not-authorised');
    });

    it('roles: an auditor reads but may not write, a customer may not respond for the vendor', async () => {
      await api.as(auditor).get(`/v1/cases/${caseId}`).expect(200);
      await api.as(auditor).post(`/v1/cases/${caseId}/responses`).send({ message: 'hi' }).expect(403);
      await api.as(customer).post(`/v1/cases/${caseId}/responses`).send({ message: 'hi' }).expect(403);
      await api.as(customer).post(`/v1/cases/${caseId}/closure`).expect(403);
    });
  });
});
