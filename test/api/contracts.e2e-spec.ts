/** Contracts, TAM assignments, plans and the SLA preview through HTTP. */
import { ApiHarness, ADMIN_KEY, startApi } from '../support/api-harness';

describe('contracts, TAM assignments, plans and SLA preview', () => {
  let api: ApiHarness;
  const admin = () => api.as(ADMIN_KEY);

  beforeAll(async () => {
    api = await startApi({ now: '2026-04-01T08:00:00Z' });
  });
  afterAll(() => api.close());

  async function signContract(body: Record<string, unknown> = {}): Promise<string> {
    const response = await admin()
      .post('/v1/contracts')
      .send({
        accountId: 'acme',
        planId: 'beesender-basic',
        serviceTimeZone: 'gmt+3',
        startsAt: '2026-01-01T00:00:00Z',
        ...body,
      })
      .expect(201);
    return response.body.id;
  }

  it('signs a contract, answers its location, ETag and position, and reads it back folded from its events', async () => {
    const signed = await admin()
      .post('/v1/contracts')
      .send({
        accountId: 'acme',
        planId: 'bird-email-enterprise',
        serviceTimeZone: 'uk',
        startsAt: '2026-01-01T00:00:00Z',
      })
      .expect(201);
    expect(signed.headers.location).toBe(`/v1/contracts/${signed.body.id}`);
    expect(signed.headers.etag).toBe('"0"');
    expect(signed.body).toMatchObject({ revision: '0', events: ['ContractSigned'] });
    expect(signed.body.position).toMatch(/^\d+-\d+$/);

    const read = await admin().get(signed.headers.location).expect(200);
    expect(read.headers.etag).toBe('"0"');
    expect(read.body).toMatchObject({
      contractId: signed.body.id,
      accountId: 'acme',
      status: 'signed',
      planId: 'bird-email-enterprise',
      serviceTimeZone: 'uk',
      severity1Hotline: true,
      calendar: { timeZone: 'Europe/London', holidayRegion: 'GB-ENG', version: 1 },
      startsAt: '2026-01-01T00:00:00.000Z',
      revision: '0',
    });
  });

  it('authorises contacts up to the plan limit and refuses the one over it with contact-limit-reached, writing nothing', async () => {
    const contractId = await signContract({ planId: 'beesender-basic' });
    for (const contactId of ['ann', 'bob']) {
      await admin()
        .post(`/v1/contracts/${contractId}/contacts`)
        .send({ contactId, name: contactId, email: `${contactId}@acme.example` })
        .expect(201);
    }
    const before = await api.eventCount();
    const refused = await admin()
      .post(`/v1/contracts/${contractId}/contacts`)
      .send({ contactId: 'cat', name: 'Cat', email: 'cat@acme.example' })
      .expect(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({
      status: 422,
      code: 'contact-limit-reached',
      type: 'urn:caseledger:problem:contact-limit-reached',
    });
    expect(await api.eventCount()).toBe(before);

    await admin().delete(`/v1/contracts/${contractId}/contacts/bob`).expect(200);
    await admin()
      .post(`/v1/contracts/${contractId}/contacts`)
      .send({ contactId: 'cat', name: 'Cat', email: 'cat@acme.example' })
      .expect(201);
    const read = await admin().get(`/v1/contracts/${contractId}`).expect(200);
    expect(read.body.authorisedContacts.map((c: { contactId: string }) => c.contactId)).toEqual(['ann', 'cat']);
  });

  it('honours If-Match: the current revision writes, a stale one gets 412 and writes nothing', async () => {
    const contractId = await signContract();
    await admin()
      .post(`/v1/contracts/${contractId}/contacts`)
      .set('If-Match', '"0"')
      .send({ contactId: 'ann', name: 'Ann', email: 'ann@acme.example' })
      .expect(201);
    const before = await api.eventCount();
    const stale = await admin()
      .post(`/v1/contracts/${contractId}/contacts`)
      .set('If-Match', '"0"')
      .send({ contactId: 'bob', name: 'Bob', email: 'bob@acme.example' })
      .expect(412);
    expect(stale.body).toMatchObject({ status: 412, currentRevision: '1' });
    expect(await api.eventCount()).toBe(before);
  });

  it('changes the plan and the calendar, whose version goes up; terminates; refuses writes after termination', async () => {
    const contractId = await signContract({ planId: 'beesender-basic' });
    await admin().post(`/v1/contracts/${contractId}/plan-changes`).send({ planId: 'beesender-premium' }).expect(200);
    await admin()
      .post(`/v1/contracts/${contractId}/calendar-changes`)
      .send({
        calendar: { timeZone: 'Europe/Moscow', weekly: { mon: [{ from: '08:00', to: '20:00' }] }, holidayRegion: 'RU' },
      })
      .expect(200);
    const read = await admin().get(`/v1/contracts/${contractId}`).expect(200);
    expect(read.body).toMatchObject({
      planId: 'beesender-premium',
      authorisedContactLimit: 15,
      calendar: { timeZone: 'Europe/Moscow', version: 2 },
    });

    await admin().post(`/v1/contracts/${contractId}/termination`).send({ reason: 'moved away' }).expect(200);
    const refused = await admin()
      .post(`/v1/contracts/${contractId}/contacts`)
      .send({ contactId: 'ann', name: 'Ann', email: 'ann@acme.example' })
      .expect(409);
    expect(refused.body.code).toBe('contract-ended');
  });

  it('refuses an invalid calendar with every problem listed and writes nothing', async () => {
    const contractId = await signContract();
    const before = await api.eventCount();
    const refused = await admin()
      .post(`/v1/contracts/${contractId}/calendar-changes`)
      .send({
        calendar: {
          timeZone: 'Mars/Olympus',
          weekly: {
            mon: [
              { from: '09:00', to: '12:00' },
              { from: '11:00', to: '13:00' },
            ],
          },
          holidayRegion: 'XX',
        },
      })
      .expect(422);
    const fields = refused.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['calendar.timeZone', 'calendar.holidayRegion']));
    expect(fields.some((f: string) => f.startsWith('calendar.weekly.mon'))).toBe(true);
    expect(await api.eventCount()).toBe(before);
  });

  it('answers 404 problem+json for a contract that does not exist and 400 for a malformed id', async () => {
    const missing = await admin().get('/v1/contracts/0190f3aa-2b3c-7d4e-8f50-61728394a5b6').expect(404);
    expect(missing.body.code).toBe('contract-not-found');
    const malformed = await admin().get('/v1/contracts/not-an-id').expect(400);
    expect(malformed.body.errors).toEqual([{ field: 'contractId', message: 'contractId must be a UUID' }]);
  });

  it("shows a customer its own account's contract and hides another account's as 404", async () => {
    const own = await signContract({ accountId: 'acme' });
    const other = await signContract({ accountId: 'globex' });
    const customer = await api.createKey('customer', { accountId: 'acme', contactId: 'ann' });
    await api.as(customer).get(`/v1/contracts/${own}`).expect(200);
    await api.as(customer).get(`/v1/contracts/${other}`).expect(404);
    await api
      .as(customer)
      .post('/v1/contracts')
      .send({ accountId: 'acme', planId: 'beesender-basic', startsAt: '2026-01-01T00:00:00Z' })
      .expect(403);
  });

  it('assigns, reads, reassigns and unassigns the TAM of an account', async () => {
    const tam = (id: string) => ({
      id,
      name: id,
      phone: '+1 212 555 0100',
      email: `${id}@vendor.example`,
      workingHours: { timeZone: 'America/New_York', weekly: { mon: [{ from: '09:00', to: '17:00' }] } },
    });
    await admin().get('/v1/accounts/initech/tam-assignment').expect(404);
    const assigned = await admin()
      .post('/v1/accounts/initech/tam-assignment')
      .send({ tam: tam('ravi') })
      .expect(201);
    expect(assigned.headers.location).toBe('/v1/accounts/initech/tam-assignment');
    expect((await admin().get('/v1/accounts/initech/tam-assignment').expect(200)).body.tam.id).toBe('ravi');
    await admin()
      .post('/v1/accounts/initech/tam-assignment')
      .send({ tam: tam('mia') })
      .expect(409);
    await admin()
      .post('/v1/accounts/initech/tam-assignment/reassignment')
      .send({ tam: tam('mia'), reason: 'team change' })
      .expect(200);
    expect((await admin().get('/v1/accounts/initech/tam-assignment').expect(200)).body.tam.id).toBe('mia');
    await admin().post('/v1/accounts/initech/tam-assignment/unassignment').send({}).expect(200);
    const after = await admin().get('/v1/accounts/initech/tam-assignment').expect(200);
    expect(after.body).toMatchObject({ accountId: 'initech', tam: null, revision: '2' });
    await admin()
      .post('/v1/accounts/initech/tam-assignment')
      .send({ tam: tam('ravi') })
      .expect(201);
  });

  it('lists the built-in plans side by side with their terms', async () => {
    const customer = await api.createKey('customer', { accountId: 'acme', contactId: 'ann' });
    const response = await api.as(customer).get('/v1/plans').expect(200);
    const byId = Object.fromEntries(response.body.plans.map((p: { id: string }) => [p.id, p]));
    expect(Object.keys(byId).sort()).toEqual([
      'beesender-basic',
      'beesender-business',
      'beesender-premium',
      'bird-email-enterprise',
      'bird-email-premium',
    ]);
    expect(byId['beesender-business']).toMatchObject({ authorisedContactLimit: 5, priceShareOfLicencePercent: 12 });
    expect(byId['bird-email-enterprise'].severity1Hotline).toEqual({ available: true, callbackMinutes: 15 });
    await api.as(customer).get('/v1/plans/nope').expect(404);
  });

  it('previews due instants for an inline calendar (the documented example)', async () => {
    const response = await admin()
      .post('/v1/sla/preview')
      .send({
        calendar: {
          timeZone: 'Europe/London',
          weekly: {
            mon: [{ from: '08:30', to: '16:30' }],
            tue: [{ from: '08:30', to: '16:30' }],
            wed: [{ from: '08:30', to: '16:30' }],
            thu: [{ from: '08:30', to: '16:30' }],
            fri: [{ from: '08:30', to: '16:30' }],
          },
          closedDates: ['2026-12-28'],
          holidayRegion: 'GB-ENG',
        },
        targets: [{ metric: 'firstResponse', minutes: 240, unit: 'business' }],
        receivedAt: '2026-04-02T14:30:00Z',
      })
      .expect(200);
    // Thursday 2 April 2026, 15:30 BST: 60 minutes left that day; Good Friday 3 April and Easter Monday 6 April are
    // bank holidays;
    // so the remaining 180 minutes run on Tuesday 7 April from 08:30 BST → 11:30 BST = 10:30Z. Warning at 180 minutes
    // → 09:30Z.
    expect(response.body.clocks).toEqual([
      {
        metric: 'firstResponse',
        minutes: 240,
        unit: 'business',
        dueAt: '2026-04-07T10:30:00.000Z',
        warningAt: '2026-04-07T09:30:00.000Z',
      },
    ]);
  });

  it("previews with a contract's own calendar and targets", async () => {
    const contractId = await signContract({ planId: 'beesender-business', serviceTimeZone: 'gmt+3' });
    const response = await admin()
      .post('/v1/sla/preview')
      .send({ contractId, priority: 'P2', criticality: 'nonCritical', receivedAt: '2026-04-01T14:00:00Z' })
      .expect(200);
    // 17:00 at GMT+3: one hour left today (to 18:00), three more from 09:00 tomorrow → 12:00 GMT+3 = 09:00Z.
    expect(response.body.clocks).toContainEqual(
      expect.objectContaining({ metric: 'firstResponse', minutes: 240, dueAt: '2026-04-02T09:00:00.000Z' }),
    );
  });

  it('refuses a preview with neither a contract nor a calendar, naming the fields', async () => {
    const response = await admin().post('/v1/sla/preview').send({ receivedAt: '2026-04-01T14:00:00Z' }).expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['contractId']));
  });
});
