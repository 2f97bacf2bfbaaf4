/**
 * A customer key created right after its contact was added, on PostgreSQL, while another
 * transaction on the server is still running: `$all` shows the contact's event only once every
 * older transaction has ended, so the account directory cannot have it yet. The key must wait for
 * it (within the bounded wait), not be refused because the directory looked caught up on what
 * `$all` showed.
 */
import { Client } from 'pg';
import request from 'supertest';
import { ProjectionHost } from '@caseledger/read-models';
import { loadConfig } from '@caseledger/runtime';
import { createTestSchema, describePostgres, TestSchema } from '@caseledger/testing';
import { createApp } from '../../apps/api/src/create-app';
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';
import { authoriseContact } from '../support/authorised-contact';

describePostgres('customer keys on PostgreSQL, behind a running transaction', () => {
  let schema: TestSchema;
  let api: ApiHarness;
  let other: Client;

  beforeAll(async () => {
    schema = await createTestSchema('customer_keys');
    api = await startApi({ now: '2026-04-01T08:00:00Z', env: { DATABASE_URL: schema.connectionString } });
    other = new Client({ connectionString: schema.connectionString });
    await other.connect();
  });
  afterAll(async () => {
    await other.end();
    await api.close();
    await schema.drop();
  });

  it('creates the key once the contact added behind an older transaction is seen, within the wait', async () => {
    const signed = await api
      .as(ADMIN_KEY)
      .post('/v1/contracts')
      .send({ accountId: 'behind', planId: 'beesender-business', startsAt: '2026-01-01T00:00:00Z' })
      .expect(201);
    // The directory has applied everything $all shows: only what the transaction hides is missing.
    await api
      .as(ADMIN_KEY)
      .get(`/v1/contracts?consistentWith=${encodeURIComponent(String(signed.body.position))}`)
      .expect(200);
    // An older transaction with an id, still running when the contact is added.
    await other.query('begin');
    await other.query('select pg_current_xact_id()');
    await api
      .as(ADMIN_KEY)
      .post(`/v1/contracts/${signed.body.id}/contacts`)
      .send({ contactId: 'olga', name: 'Olga Petrova', email: 'olga@behind.example' })
      .expect(201);
    const ended = new Promise((resolve) => setTimeout(resolve, 1500)).then(() => other.query('commit'));
    const created = api
      .as(ADMIN_KEY)
      .post('/v1/api-keys')
      .send({ name: 'Olga', role: 'customer', accountId: 'behind', contactId: 'olga' })
      // Sent now, while the transaction runs (a supertest request goes out when it is awaited).
      .then((response) => response);
    await ended;
    expect((await created).status).toBe(201);
  });

  it('still refuses a contact the account never authorised, once what the store holds is applied', async () => {
    await api
      .as(ADMIN_KEY)
      .post('/v1/api-keys')
      .send({ name: 'Stranger', role: 'customer', accountId: 'behind', contactId: 'stranger' })
      .expect(422);
  });
});

describePostgres('customer keys on PostgreSQL, before the directory has started', () => {
  it('waits for a directory that starts while the key is asked for, rather than refusing', async () => {
    const schema = await createTestSchema('customer_keys_boot');
    // ROLE api: the directory is a worker's; here it starts by hand, once the key has been asked for.
    const app = await createApp(
      loadConfig({ DATABASE_URL: schema.connectionString, LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN_KEY, ROLE: 'api' }),
    );
    try {
      await authoriseContact(app, ADMIN_KEY, 'booting', 'olga');
      const created = request(app.getHttpServer())
        .post('/v1/api-keys')
        .auth(ADMIN_KEY, { type: 'bearer' })
        .send({ name: 'Olga', role: 'customer', accountId: 'booting', contactId: 'olga' })
        .then((response) => response);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      app.get(ProjectionHost).runner('account_directory')!.start();
      expect((await created).status).toBe(201);
    } finally {
      await app.close();
      await schema.drop();
    }
  });
});
