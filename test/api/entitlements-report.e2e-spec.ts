/**
 * GET /v1/reports/entitlements and the counted allowance it reports: Beesender Business allows two
 * application updates with package reinstall a contract year, Bird Email Enterprise none. Every figure
 * below follows from the scripted history; the third update of a year is refused and writes nothing.
 */
import { createTestSchema, describePostgres, TestSchema } from '@caseledger/testing';
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';

interface Scripted {
  bee: { contractId: string; key: string };
  bird: { contractId: string; key: string };
  agent: string;
  position: string;
}

async function script(api: ApiHarness): Promise<Scripted> {
  let position = '';
  const post = async (key: string, path: string, body: object, status = 201) => {
    const response = await api.as(key).post(path).send(body);
    if (response.status !== status)
      throw new Error(`${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    if (response.body.position) position = response.body.position;
    return response.body as { id: string; type?: string; status?: number };
  };
  const sign = async (accountId: string, planId: string, serviceTimeZone: string, contacts: string[]) => {
    const { id: contractId } = await post(ADMIN_KEY, '/v1/contracts', {
      accountId,
      planId,
      serviceTimeZone,
      startsAt: '2026-01-01T00:00:00Z',
    });
    for (const contactId of contacts)
      await post(ADMIN_KEY, `/v1/contracts/${contractId}/contacts`, {
        contactId,
        name: contactId,
        email: `${contactId}@example.com`,
      });
    return { contractId, key: await api.createKey('customer', { accountId, contactId: contacts[0] }) };
  };
  const at = (instant: string) => api.clock.set(instant);
  const open = (who: { contractId: string; key: string }, category: string, criticality = 'nonCritical') =>
    post(who.key, '/v1/cases', {
      contractId: who.contractId,
      channel: 'portal',
      subject: 'Scripted',
      description: 'Scripted',
      category,
      priority: 'P3',
      criticality,
    });

  at('2026-01-05T09:00:00Z');
  const agent = await api.createKey('agent');
  const bee = await sign('bee', 'beesender-business', 'gmt+3', ['olga', 'ivan']);
  const bird = await sign('bird', 'bird-email-enterprise', 'uk', ['mary']);
  at('2026-01-10T09:00:00Z');
  await open(bee, 'incident');
  // Critical, so the customer may call the Severity-1 hotline about it.
  const portal = await open(bird, 'incident', 'critical');
  at('2026-02-01T09:00:00Z');
  await open(bee, 'configurationRequest');
  const update = { description: 'Update to 5.2 with package reinstall' };
  at('2026-02-10T09:00:00Z');
  await post(agent, `/v1/contracts/${bee.contractId}/application-updates`, update);
  at('2026-03-01T09:00:00Z');
  await post(agent, '/v1/cases/hotline-calls', {
    contractId: bird.contractId,
    contactId: 'mary',
    vitalInformation: {
      company: 'Bird customer',
      contactName: 'Mary',
      phone: '+44 20 7946 0000',
      email: 'mary@example.com',
      description: 'Nothing is delivered',
    },
  });
  at('2026-03-01T09:30:00Z');
  await post(
    agent,
    `/v1/cases/${portal.id}/hotline-calls`,
    {
      vitalInformation: {
        company: 'Bird customer',
        contactName: 'Mary',
        phone: '+44 20 7946 0000',
        email: 'mary@example.com',
        description: 'Still nothing',
      },
    },
    200,
  );
  at('2026-05-10T09:00:00Z');
  await post(agent, `/v1/contracts/${bee.contractId}/application-updates`, update);
  at('2026-12-20T09:00:00Z');
  await open(bee, 'incident');
  at('2027-01-03T09:00:00Z');
  const revoked = await api.as(ADMIN_KEY).delete(`/v1/contracts/${bee.contractId}/contacts/ivan`).send();
  if (revoked.status !== 200) throw new Error(`revoking answered ${revoked.status}`);
  position = revoked.body.position;
  at('2027-01-05T09:00:00Z');
  await post(agent, `/v1/contracts/${bee.contractId}/application-updates`, update);
  await open(bee, 'informationRequest');
  at('2027-01-10T09:00:00Z');
  return { bee, bird, agent, position };
}

function entitlementsSuite(start: () => Promise<ApiHarness>): void {
  let api: ApiHarness;
  let s: Scripted;
  const report = (key: string, query = '') =>
    api.as(key).get(`/v1/reports/entitlements?consistentWith=${s.position}${query}`);

  beforeAll(async () => {
    api = await start();
    s = await script(api);
  });
  afterAll(() => api.close());

  const cases = (figures: Record<string, number>) => ({
    incident: 0,
    configurationRequest: 0,
    informationRequest: 0,
    consultation: 0,
    paidCustomisation: 0,
    ...figures,
  });

  it('answers per contract and contract year: cases by category, hotline calls, contacts and updates used', async () => {
    const body = (await report(ADMIN_KEY).expect(200)).body;
    const year1 = { contractYear: 1, from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' };
    const year2 = { contractYear: 2, from: '2027-01-01T00:00:00.000Z', to: '2028-01-01T00:00:00.000Z' };
    const bee = { contractId: s.bee.contractId, accountId: 'bee', planId: 'beesender-business' };
    const bird = { contractId: s.bird.contractId, accountId: 'bird', planId: 'bird-email-enterprise' };
    expect(body).toEqual({
      asOf: '2027-01-10T09:00:00.000Z',
      rows: [
        {
          ...bee,
          ...year1,
          casesOpened: cases({ incident: 2, configurationRequest: 1, total: 3 }),
          hotlineCalls: 0,
          authorisedContacts: { used: 2, limit: 5 },
          applicationUpdates: { limit: 2, used: 2, left: 0 },
        },
        {
          ...bee,
          ...year2,
          casesOpened: cases({ informationRequest: 1, total: 1 }),
          hotlineCalls: 0,
          authorisedContacts: { used: 1, limit: 5 },
          applicationUpdates: { limit: 2, used: 1, left: 1 },
        },
        {
          ...bird,
          ...year1,
          casesOpened: cases({ incident: 2, total: 2 }),
          hotlineCalls: 2,
          authorisedContacts: { used: 1, limit: 10 },
          applicationUpdates: { limit: 0, used: 0, left: 0 },
        },
        {
          ...bird,
          ...year2,
          casesOpened: cases({ total: 0 }),
          hotlineCalls: 0,
          authorisedContacts: { used: 1, limit: 10 },
          applicationUpdates: { limit: 0, used: 0, left: 0 },
        },
      ],
    });
  });

  it('refuses the update past the allowance with a problem, and records nothing', async () => {
    const updates = async () =>
      (
        await Promise.all([s.bee.contractId, s.bird.contractId].map((id) => api.store.readStream(`contract-${id}`)))
      ).flat().length;
    const before = await updates();
    const refused = await api
      .as(s.agent)
      .post(`/v1/contracts/${s.bee.contractId}/application-updates`)
      .send({ description: 'One more' })
      .expect(201);
    // Year 2 still had one left: this one takes it; the next is refused.
    expect(refused.body.position).toEqual(expect.any(String));
    const exhausted = await api
      .as(s.agent)
      .post(`/v1/contracts/${s.bee.contractId}/application-updates`)
      .send({ description: 'And another' })
      .expect(422);
    expect(exhausted.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(exhausted.body).toMatchObject({
      type: 'urn:caseledger:problem:allowance-exhausted',
      status: 422,
      detail: expect.stringContaining('beesender-business allows 2 application updates in a contract year'),
    });
    const none = await api
      .as(s.agent)
      .post(`/v1/contracts/${s.bird.contractId}/application-updates`)
      .send({ description: 'Not included' })
      .expect(422);
    expect(none.body.detail).toContain('bird-email-enterprise allows 0 application updates');
    expect(await updates()).toBe(before + 1);
    s.position = refused.body.position;
    const row = (await report(ADMIN_KEY, `&contract=${s.bee.contractId}`).expect(200)).body.rows[1];
    expect(row.applicationUpdates).toEqual({ limit: 2, used: 2, left: 0 });
  });

  it('confines a customer to its own contracts and answers CSV', async () => {
    const own = (await report(s.bird.key).expect(200)).body.rows;
    expect(own.map((r: { accountId: string }) => r.accountId)).toEqual(['bird', 'bird']);
    await report(s.bird.key, '&account=bee').expect(403);
    const csv = await report(s.bird.key).set('accept', 'text/csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.text.split('\r\n')).toEqual([
      'contractId,accountId,contractYear,from,to,planId,casesOpened.incident,casesOpened.configurationRequest,' +
        'casesOpened.informationRequest,casesOpened.consultation,casesOpened.paidCustomisation,casesOpened.total,' +
        'hotlineCalls,authorisedContacts.used,authorisedContacts.limit,applicationUpdates.limit,' +
        'applicationUpdates.used,applicationUpdates.left',
      `${s.bird.contractId},bird,1,2026-01-01T00:00:00.000Z,2027-01-01T00:00:00.000Z,bird-email-enterprise,2,0,0,0,0,2,2,1,10,0,0,0`,
      `${s.bird.contractId},bird,2,2027-01-01T00:00:00.000Z,2028-01-01T00:00:00.000Z,bird-email-enterprise,0,0,0,0,0,0,0,1,10,0,0,0`,
      '',
    ]);
  });
}

describePostgres('entitlements report on PostgreSQL', () => {
  let schema: TestSchema;
  beforeAll(async () => {
    schema = await createTestSchema('entitlements');
  });
  afterAll(() => schema.drop());
  entitlementsSuite(() => startApi({ env: { DATABASE_URL: schema.connectionString, ROLE: 'all' } }));
});

describe('entitlements report on the embedded store', () => {
  entitlementsSuite(() => startApi());
});
