/**
 * Customer keys belong to authorised contacts: one is created only for a contact of a running
 * contract of its account, and stops working once the contact is revoked or the contract ends.
 */
import { ApiHarness, ADMIN_KEY, startApi } from '../support/api-harness';
import { API_KEY_CACHE_MS } from '../../apps/api/src/api-keys/api-key.verifier';

describe('customer keys and authorised contacts', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ now: '2026-04-01T08:00:00Z' });
  });
  afterAll(() => api.close());

  async function contractWith(accountId: string, contactId: string): Promise<{ contractId: string; position: string }> {
    const signed = await api
      .as(ADMIN_KEY)
      .post('/v1/contracts')
      .send({ accountId, planId: 'beesender-business', startsAt: '2026-01-01T00:00:00Z' })
      .expect(201);
    const added = await api
      .as(ADMIN_KEY)
      .post(`/v1/contracts/${signed.body.id}/contacts`)
      .send({ contactId, name: 'Olga Petrova', email: 'olga@acme.example' })
      .expect(201);
    return { contractId: signed.body.id, position: added.body.position };
  }

  const createCustomerKey = (accountId: string, contactId: string) =>
    api.as(ADMIN_KEY).post('/v1/api-keys').send({ name: 'Olga', role: 'customer', accountId, contactId });

  /** Past the verifier's cache, on the application clock. */
  const afterKeyCache = () => api.clock.advance({ milliseconds: API_KEY_CACHE_MS + 1 });

  it('creates a customer key for an authorised contact of a running contract of the account, right after the contact is added', async () => {
    await contractWith('keys-acme', 'olga');
    const created = await createCustomerKey('keys-acme', 'olga').expect(201);
    await api.as(created.body.secret).get('/v1/cases').expect(200);
  });

  it.each([
    ['a contact the account has not authorised', 'keys-beta', 'stranger'],
    ['an account without any contract', 'keys-nobody', 'olga'],
  ])(
    'refuses a customer key for %s with 422 naming contactId, and stores nothing',
    async (_case, accountId, contactId) => {
      if (accountId === 'keys-beta') await contractWith('keys-beta', 'olga');
      const before = await api.as(ADMIN_KEY).get('/v1/api-keys?limit=100').expect(200);
      const refused = await createCustomerKey(accountId, contactId).expect(422);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({
        type: 'urn:caseledger:problem:contact-not-authorised',
        status: 422,
        errors: [{ field: 'contactId', message: expect.stringContaining(contactId) }],
      });
      const after = await api.as(ADMIN_KEY).get('/v1/api-keys?limit=100').expect(200);
      expect(after.body.items).toHaveLength(before.body.items.length);
    },
  );

  it('refuses a customer key for a contact whose contract was terminated', async () => {
    const { contractId } = await contractWith('keys-ended', 'olga');
    await api.as(ADMIN_KEY).post(`/v1/contracts/${contractId}/termination`).send({ reason: 'moved' }).expect(200);
    await createCustomerKey('keys-ended', 'olga').expect(422);
  });

  it('a key stops working with a 401 problem once its contact is revoked, and once its contract is terminated', async () => {
    const first = await contractWith('keys-revoked', 'olga');
    const revokedKey = (await createCustomerKey('keys-revoked', 'olga').expect(201)).body.secret as string;
    await api.as(revokedKey).get('/v1/cases').expect(200);
    await api.as(ADMIN_KEY).delete(`/v1/contracts/${first.contractId}/contacts/olga`).expect(200);
    afterKeyCache();
    const refused = await api.as(revokedKey).get('/v1/cases').expect(401);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({
      type: 'urn:caseledger:problem:unauthenticated',
      status: 401,
      detail: expect.stringContaining('olga is no longer an authorised contact'),
    });

    const second = await contractWith('keys-terminated', 'olga');
    const endedKey = (await createCustomerKey('keys-terminated', 'olga').expect(201)).body.secret as string;
    await api.as(endedKey).get('/v1/cases').expect(200);
    await api
      .as(ADMIN_KEY)
      .post(`/v1/contracts/${second.contractId}/termination`)
      .send({ reason: 'moved' })
      .expect(200);
    afterKeyCache();
    await api.as(endedKey).get('/v1/cases').expect(401);
  });

  it('a contact authorised again on another running contract of the account has a working key again', async () => {
    const first = await contractWith('keys-moved', 'olga');
    const key = (await createCustomerKey('keys-moved', 'olga').expect(201)).body.secret as string;
    await api.as(ADMIN_KEY).delete(`/v1/contracts/${first.contractId}/contacts/olga`).expect(200);
    afterKeyCache();
    await api.as(key).get('/v1/cases').expect(401);
    await contractWith('keys-moved', 'olga');
    afterKeyCache();
    await api.as(key).get('/v1/cases').expect(200);
  });
});
