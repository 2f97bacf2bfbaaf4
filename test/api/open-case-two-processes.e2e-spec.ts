/**
 * Two API processes on one PostgreSQL database. Process A opens a case under a contract, which
 * leaves the contract in its write path's cache; process B then changes the contract. A's next
 * case must be decided on B's change, never on its cached copy: the contract's revision travels
 * with the case's append, the store refuses a stale one, and A decides again on a fresh read.
 */
import { createTestSchema, describePostgres, type TestSchema } from '@caseledger/testing';
import { ApiProcess, sparePort } from '../crash/api-process';

const ADMIN_KEY = 'two-processes-admin-key-0123456789';

async function call(
  api: ApiProcess,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${api.base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_KEY}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const caseFor = (contractId: string, contactId: string) => ({
  contractId,
  contactId,
  channel: 'portal',
  subject: 'Messages are not delivered',
  description: '1. Send a message\n2. It never arrives',
  category: 'incident',
  priority: 'P2',
  criticality: 'nonCritical',
});

describePostgres('opening cases in one process while another changes the contract', () => {
  let schema: TestSchema;
  let a: ApiProcess;
  let b: ApiProcess;

  beforeAll(async () => {
    schema = await createTestSchema('two_api');
    const env = { DATABASE_URL: schema.connectionString, ADMIN_API_KEY: ADMIN_KEY, ROLE: 'api' };
    a = new ApiProcess(await sparePort(), env);
    b = new ApiProcess(await sparePort(), env);
    // One after the other: both would migrate the same fresh schema.
    await a.start();
    await b.start();
  }, 240_000);

  afterAll(async () => {
    await Promise.all([a?.kill9(), b?.kill9()]);
    await schema?.drop();
  });

  async function contractSignedByB(): Promise<string> {
    const signed = await call(b, 'POST', '/v1/contracts', {
      accountId: `acme-${Math.random().toString(36).slice(2, 8)}`,
      planId: 'beesender-business',
      serviceTimeZone: 'gmt+3',
      startsAt: '2020-01-01T00:00:00Z',
    });
    expect(signed.status).toBe(201);
    const contractId = signed.body.id as string;
    const added = await call(b, 'POST', `/v1/contracts/${contractId}/contacts`, {
      contactId: 'olga',
      name: 'Olga',
      email: 'olga@acme.example',
    });
    expect(added.status).toBe(201);
    return contractId;
  }

  it('a contact revoked in B is refused by A, which had the contract cached', async () => {
    const contractId = await contractSignedByB();
    expect((await call(a, 'POST', '/v1/cases', caseFor(contractId, 'olga'))).status).toBe(201);
    expect((await call(b, 'DELETE', `/v1/contracts/${contractId}/contacts/olga`)).status).toBe(200);

    const refused = await call(a, 'POST', '/v1/cases', caseFor(contractId, 'olga'));
    expect(refused.body).toMatchObject({ status: 422, type: expect.stringMatching(/contact-not-authorised$/) });
  });

  it('a contract terminated in B opens no case in A', async () => {
    const contractId = await contractSignedByB();
    expect((await call(a, 'POST', '/v1/cases', caseFor(contractId, 'olga'))).status).toBe(201);
    expect(
      (await call(b, 'POST', `/v1/contracts/${contractId}/termination`, { reason: 'account closed' })).status,
    ).toBe(200);

    const refused = await call(a, 'POST', '/v1/cases', caseFor(contractId, 'olga'));
    expect(refused.body).toMatchObject({ status: 422, type: expect.stringMatching(/contract-not-active$/) });
  });

  it('a contact authorised in B opens a case in A on the new terms', async () => {
    const contractId = await contractSignedByB();
    expect((await call(a, 'POST', '/v1/cases', caseFor(contractId, 'olga'))).status).toBe(201);
    const added = await call(b, 'POST', `/v1/contracts/${contractId}/contacts`, {
      contactId: 'piet',
      name: 'Piet',
      email: 'piet@acme.example',
    });
    expect(added.status).toBe(201);

    const opened = await call(a, 'POST', '/v1/cases', caseFor(contractId, 'piet'));
    expect(opened.status).toBe(201);
  });
});
