/**
 * Finding things, on PostgreSQL: GET /v1/contracts (filters, cursor pages, read-your-writes),
 * GET /v1/tam-assignments (by TAM or account) and GET /v1/accounts/{accountId} (contracts, TAM,
 * contacts, open cases), all over the account_directory read model, each confined to the caller's
 * account for keys bound to one.
 */
import { createTestSchema, describePostgres, TestSchema } from '@caseledger/testing';
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';
import { act, Customer, customerOf, openCase } from '../read-models/http-workload';

const TAM = (id: string) => ({
  id,
  name: id,
  phone: '+1 212 555 0100',
  email: `${id}@vendor.example`,
  workingHours: { timeZone: 'Europe/London', weekly: { mon: [{ from: '09:00', to: '17:00' }] } },
});

describePostgres('the account directory, on PostgreSQL', () => {
  let schema: TestSchema;
  let api: ApiHarness;
  let acme: Customer;
  let globex: Customer;
  let initech: Customer;
  let acmeOld: string;
  let acmeIntegration: string;
  let agent: string;
  let last: string;
  const admin = () => api.as(ADMIN_KEY);
  const position = (response: { body: { position: string } }) => (last = response.body.position);

  beforeAll(async () => {
    schema = await createTestSchema('account_directory');
    api = await startApi({
      now: '2026-04-06T08:00:00Z',
      // ROLE all: on PostgreSQL the API role leaves the projections to a worker.
      env: { DATABASE_URL: schema.connectionString, ROLE: 'all' },
    });
    agent = await api.createKey('agent');
    acme = await customerOf(api, 'acme');
    api.clock.advance({ minutes: 1 });
    globex = await customerOf(api, 'globex', 'bird-email-enterprise', 'uk');
    api.clock.advance({ minutes: 1 });
    initech = await customerOf(api, 'initech');
    api.clock.advance({ minutes: 1 });
    // acme's second contract: a contact who is revoked, then the contract terminated.
    acmeOld = (
      await admin()
        .post('/v1/contracts')
        .send({
          accountId: 'acme',
          planId: 'beesender-basic',
          serviceTimeZone: 'gmt+3',
          startsAt: '2026-01-01T00:00:00Z',
        })
        .expect(201)
    ).body.id;
    await admin()
      .post(`/v1/contracts/${acmeOld}/contacts`)
      .send({ contactId: 'ivan', name: 'Ivan', email: 'ivan@acme.example' })
      .expect(201);
    await admin().post(`/v1/contracts/${acmeOld}/termination`).send({ reason: 'Merged' }).expect(200);
    await admin()
      .post(`/v1/contracts/${acme.contractId}/contacts`)
      .send({ contactId: 'anna', name: 'Anna', email: 'anna@acme.example' })
      .expect(201);
    await admin().delete(`/v1/contracts/${acme.contractId}/contacts/anna`).expect(200);

    await admin()
      .post('/v1/accounts/acme/tam-assignment')
      .send({ tam: TAM('tam.ravi') })
      .expect(201);
    await admin()
      .post('/v1/accounts/globex/tam-assignment')
      .send({ tam: TAM('tam.ravi') })
      .expect(201);
    await admin()
      .post('/v1/accounts/initech/tam-assignment')
      .send({ tam: TAM('tam.lena') })
      .expect(201);
    position(await admin().post('/v1/accounts/initech/tam-assignment/unassignment').send({}).expect(200));

    const p2 = await openCase(api, acme, { priority: 'P2' });
    await openCase(api, acme, { priority: 'P3' });
    const resolved = await openCase(api, acme, { priority: 'P3' });
    await openCase(api, globex, { priority: 'P4' });
    await act(api, agent, p2.caseId, 'reclassifications', { priority: 'P1', reason: 'Outage widened' });
    await act(api, agent, resolved.caseId, 'responses', { message: 'Fixed' });
    await act(api, agent, resolved.caseId, 'resolution-proposals', { summary: 'Fixed' });
    last = await act(api, acme.key, resolved.caseId, 'resolution-proposals/acceptance', {});
    acmeIntegration = await api.createKey('integration', { accountId: 'acme' });
  });
  afterAll(async () => {
    await api?.close();
    await schema?.drop();
  });

  const get = (path: string, key = ADMIN_KEY) =>
    api.as(key).get(`${path}${path.includes('?') ? '&' : '?'}consistentWith=${last}`);
  const contractIds = (body: { items: { contractId: string }[] }) => body.items.map((c) => c.contractId);

  describe('GET /v1/contracts', () => {
    it('lists every contract newest signed first, with its status, plan and current contacts', async () => {
      const response = await get('/v1/contracts').expect(200);
      expect(response.headers['x-read-position']).toMatch(/^\d+-\d+$/);
      expect(contractIds(response.body)).toEqual([acmeOld, initech.contractId, globex.contractId, acme.contractId]);
      expect(response.body.items[0]).toMatchObject({
        accountId: 'acme',
        status: 'terminated',
        planId: 'beesender-basic',
        endedAt: '2026-04-06T08:03:00.000Z',
        authorisedContacts: [{ contactId: 'ivan', name: 'Ivan', email: 'ivan@acme.example', phone: null }],
      });
      expect(response.body.items[3]).toMatchObject({
        contractId: acme.contractId,
        status: 'signed',
        signedAt: '2026-04-06T08:00:00.000Z',
        authorisedContacts: [expect.objectContaining({ contactId: 'olga' })],
      });
    });

    it('filters by account, plan and status', async () => {
      expect(contractIds((await get('/v1/contracts?account=acme').expect(200)).body)).toEqual([
        acmeOld,
        acme.contractId,
      ]);
      expect(
        contractIds((await get('/v1/contracts?plan=bird-email-enterprise,beesender-basic').expect(200)).body),
      ).toEqual([acmeOld, globex.contractId]);
      expect(contractIds((await get('/v1/contracts?status=signed&account=acme').expect(200)).body)).toEqual([
        acme.contractId,
      ]);
    });

    it('pages with a cursor and a Link header until the last page', async () => {
      const seen: string[] = [];
      let next: string | undefined = `/v1/contracts?limit=3&consistentWith=${last}`;
      let pages = 0;
      while (next) {
        const response: { body: { items: { contractId: string }[]; next?: string }; headers: Record<string, string> } =
          await admin().get(next).expect(200);
        seen.push(...contractIds(response.body));
        if (response.body.next) expect(response.headers.link).toBe(`<${response.body.next}>; rel="next"`);
        next = response.body.next;
        pages++;
      }
      expect([pages, seen]).toEqual([2, [acmeOld, initech.contractId, globex.contractId, acme.contractId]]);
    });

    it('refuses a malformed filter or a foreign cursor with a 400 naming the field', async () => {
      const status = await get('/v1/contracts?status=active').expect(400);
      expect(status.body.errors).toEqual([expect.objectContaining({ field: 'status' })]);
      const plan = await get('/v1/contracts?plan=gold').expect(400);
      expect(plan.body.errors).toEqual([expect.objectContaining({ field: 'plan' })]);
      const foreign = (await get('/v1/cases?limit=1').expect(200)).body.next as string;
      const cursor = new URL(foreign, 'http://x').searchParams.get('cursor')!;
      const refused = await get(`/v1/contracts?cursor=${cursor}`).expect(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    });

    it('confines customer and account-bound integration keys to their own account; naming another is 403', async () => {
      for (const key of [acme.key, acmeIntegration]) {
        expect(contractIds((await get('/v1/contracts', key).expect(200)).body)).toEqual([acmeOld, acme.contractId]);
        await get('/v1/contracts?account=globex', key).expect(403);
      }
    });

    it('shows a write once its position is passed as consistentWith', async () => {
      const signed = await admin()
        .post('/v1/contracts')
        .send({
          accountId: 'hooli',
          planId: 'beesender-business',
          serviceTimeZone: 'gmt+3',
          startsAt: '2026-01-01T00:00:00Z',
        })
        .expect(201);
      const response = await admin()
        .get(`/v1/contracts?account=hooli&consistentWith=${signed.body.position}`)
        .expect(200);
      expect(contractIds(response.body)).toEqual([signed.body.id]);
    });
  });

  describe('GET /v1/tam-assignments', () => {
    const accounts = (body: { items: { accountId: string }[] }) => body.items.map((a) => a.accountId);

    it('lists current assignments by account; an unassigned account has none', async () => {
      const response = await get('/v1/tam-assignments').expect(200);
      expect(accounts(response.body)).toEqual(['acme', 'globex']);
      expect(response.body.items[0]).toMatchObject({
        accountId: 'acme',
        tam: { id: 'tam.ravi', email: 'tam.ravi@vendor.example' },
        revision: '0',
      });
    });

    it('filters by TAM and by account, and pages', async () => {
      expect(accounts((await get('/v1/tam-assignments?tam=tam.ravi').expect(200)).body)).toEqual(['acme', 'globex']);
      expect(accounts((await get('/v1/tam-assignments?tam=tam.lena').expect(200)).body)).toEqual([]);
      expect(accounts((await get('/v1/tam-assignments?account=globex').expect(200)).body)).toEqual(['globex']);
      const first = await get('/v1/tam-assignments?limit=1').expect(200);
      expect(accounts(first.body)).toEqual(['acme']);
      const second = await admin().get(first.body.next).expect(200);
      expect([accounts(second.body), second.body.next]).toEqual([['globex'], undefined]);
    });

    it('shows a reassignment, and confines bound keys to their account', async () => {
      const reassigned = await admin()
        .post('/v1/accounts/globex/tam-assignment/reassignment')
        .send({ tam: TAM('tam.lena'), reason: 'Team change' })
        .expect(200);
      const byLena = await admin().get(`/v1/tam-assignments?tam=tam.lena&consistentWith=${reassigned.body.position}`);
      expect(byLena.body.items).toEqual([expect.objectContaining({ accountId: 'globex', revision: '1' })]);
      for (const key of [acme.key, acmeIntegration]) {
        expect(accounts((await get('/v1/tam-assignments', key).expect(200)).body)).toEqual(['acme']);
        await get('/v1/tam-assignments?account=globex', key).expect(403);
      }
    });
  });

  describe('GET /v1/accounts/{accountId}', () => {
    it('shows its contracts, its TAM, the contacts of its running contracts and its open cases by priority', async () => {
      const response = await get('/v1/accounts/acme').expect(200);
      expect(response.body).toMatchObject({
        accountId: 'acme',
        tam: { accountId: 'acme', tam: { id: 'tam.ravi' } },
        authorisedContacts: [
          {
            contactId: 'olga',
            name: 'Olga Petrova',
            email: 'olga@example.com',
            phone: null,
            contractId: acme.contractId,
          },
        ],
        openCases: { total: 2, byPriority: { P1: 1, P2: 0, P3: 1, P4: 0 } },
      });
      expect(contractIds({ items: response.body.contracts })).toEqual([acmeOld, acme.contractId]);
    });

    it('answers an account without a TAM or cases with what it has', async () => {
      const response = await get('/v1/accounts/initech').expect(200);
      expect(response.body).toMatchObject({
        tam: null,
        openCases: { total: 0, byPriority: { P1: 0, P2: 0, P3: 0, P4: 0 } },
      });
    });

    it('is the same for the account own customer and integration keys, and 404 to every other account or an unknown one', async () => {
      for (const key of [acme.key, acmeIntegration]) {
        expect((await get('/v1/accounts/acme', key).expect(200)).body.openCases.total).toBe(2);
        const foreign = await get('/v1/accounts/globex', key).expect(404);
        expect(foreign.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      await get('/v1/accounts/acme', globex.key).expect(404);
      await get('/v1/accounts/nobody-here').expect(404);
      const malformed = await get('/v1/accounts/not%20an%20id').expect(400);
      expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'accountId' })]);
    });
  });
});
