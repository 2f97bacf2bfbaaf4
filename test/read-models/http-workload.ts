/** Contracts, customers and cases made through HTTP for the read-model e2e tests. */
import { ADMIN_KEY, ApiHarness } from '../support/api-harness';

export interface Customer {
  accountId: string;
  contractId: string;
  key: string;
}

export async function customerOf(
  api: ApiHarness,
  accountId: string,
  planId = 'beesender-business',
  serviceTimeZone = 'gmt+3',
): Promise<Customer> {
  const signed = await api
    .as(ADMIN_KEY)
    .post('/v1/contracts')
    .send({ accountId, planId, serviceTimeZone, startsAt: '2026-01-01T00:00:00Z' })
    .expect(201);
  const contractId: string = signed.body.id;
  const added = await api
    .as(ADMIN_KEY)
    .post(`/v1/contracts/${contractId}/contacts`)
    .send({ contactId: 'olga', name: 'Olga Petrova', email: 'olga@example.com' })
    .expect(201);
  await directoryHas(api, String(added.body.position));
  return { accountId, contractId, key: await api.createKey('customer', { accountId, contactId: 'olga' }) };
}

/**
 * Until the account directory has applied `position`, as an integrator waits: `consistentWith`, and
 * again after each 503 (its own wait is bounded at 5 s). A transaction another suite holds open on
 * the shared server can hold back what the directory sees for longer than that; the customer key is
 * made once the contact is there, so the read-model suites set up alike however busy the server is
 * (test/api/customer-keys*.e2e-spec.ts test the key right after the contact).
 */
async function directoryHas(api: ApiHarness, position: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const answer = await api.as(ADMIN_KEY).get(`/v1/contracts?limit=1&consistentWith=${encodeURIComponent(position)}`);
    if (answer.status === 200) return;
    if (answer.status !== 503 || attempt === 12)
      throw new Error(
        `the account directory did not reach ${position}: ${answer.status} ${JSON.stringify(answer.body)}`,
      );
  }
}

export interface Opened {
  caseId: string;
  position: string;
}

export async function openCase(
  api: ApiHarness,
  customer: Customer,
  fields: { subject?: string; priority?: string; criticality?: string; category?: string } = {},
): Promise<Opened> {
  const response = await api
    .as(customer.key)
    .post('/v1/cases')
    .send({
      contractId: customer.contractId,
      channel: 'portal',
      subject: fields.subject ?? 'Widget is slow',
      description: 'It takes ten seconds to load',
      category: fields.category ?? 'incident',
      priority: fields.priority ?? 'P3',
      criticality: fields.criticality ?? 'nonCritical',
    })
    .expect(201);
  return { caseId: response.body.id, position: response.body.position };
}

/** Runs a case command and answers its position. */
export async function act(
  api: ApiHarness,
  key: string,
  caseId: string,
  route: string,
  body: Record<string, unknown> = {},
): Promise<string> {
  const response = await api.as(key).post(`/v1/cases/${caseId}/${route}`).send(body);
  if (response.status !== 200 && response.status !== 201)
    throw new Error(`${route} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.position;
}
