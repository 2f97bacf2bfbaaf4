/**
 * Webhook subscriptions through HTTP: the secret is shown once, changes go by If-Match, lists page
 * by cursor, an account-bound integration key sees only its own subscriptions, bad subscriptions
 * are refused with problem+json and nothing is stored, and a rotation keeps the old secret for 24 h.
 */
import { ApiHarness, ADMIN_KEY, startApi } from '../support/api-harness';

const HOOK = 'https://crm.example.com/hooks/caseledger';

describe('webhook subscriptions', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    // Public DNS is not reachable from the test machine: private addresses are allowed here and
    // refused in webhook-ssrf.e2e-spec.ts.
    api = await startApi({ env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } });
  });
  afterAll(() => api.close());

  const admin = () => api.as(ADMIN_KEY);

  it('creates a subscription and shows its secret only in the answer', async () => {
    const created = await admin()
      .post('/v1/webhooks')
      .send({ url: HOOK, eventTypes: ['case.*', 'sla.breached'], description: 'HubSpot sync' })
      .expect(201);
    expect(created.body).toMatchObject({
      url: HOOK,
      eventTypes: ['case.*', 'sla.breached'],
      description: 'HubSpot sync',
      enabled: true,
      revision: 0,
    });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(created.headers.location).toBe(`/v1/webhooks/${created.body.id}`);
    expect(created.headers.etag).toBe('"0"');
    const read = await admin().get(`/v1/webhooks/${created.body.id}`).expect(200);
    expect(read.body.secret).toBeUndefined();
    expect(read.body.id).toBe(created.body.id);
    expect(read.headers.etag).toBe('"0"');
  });

  it('a retried create with the same Idempotency-Key answers the same subscription without its secret', async () => {
    const send = () =>
      admin()
        .post('/v1/webhooks')
        .set('Idempotency-Key', 'hook-1')
        .send({ url: HOOK, eventTypes: ['sla.*'] });
    const first = await send().expect(201);
    const again = await send().expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.secret).toBeUndefined();
  });

  it('changes a subscription under If-Match and refuses a stale revision with 412', async () => {
    const created = await admin()
      .post('/v1/webhooks')
      .send({ url: HOOK, eventTypes: ['case.opened'] })
      .expect(201);
    const path = `/v1/webhooks/${created.body.id}`;
    const changed = await admin()
      .patch(path)
      .set('If-Match', '"0"')
      .send({ eventTypes: ['case.opened', 'case.closed'], enabled: false })
      .expect(200);
    expect(changed.body).toMatchObject({ eventTypes: ['case.opened', 'case.closed'], enabled: false, revision: 1 });
    expect(changed.headers.etag).toBe('"1"');
    const stale = await admin().patch(path).set('If-Match', '"0"').send({ description: 'late' }).expect(412);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await admin().get(path).expect(200)).body.description).toBeUndefined();
    await admin().delete(path).set('If-Match', '"0"').expect(412);
    await admin().delete(path).set('If-Match', '"1"').expect(204);
    await admin().get(path).expect(404);
  });

  it.each([
    [{ url: 'not a url', eventTypes: ['case.*'] }, 'url'],
    [{ url: 'ftp://crm.example.com/x', eventTypes: ['case.*'] }, 'url'],
    [{ url: 'http://crm.example.com/x', eventTypes: ['case.*'] }, 'url'],
    [{ url: HOOK, eventTypes: ['case.deleted'] }, 'eventTypes'],
    [{ url: HOOK, eventTypes: [] }, 'eventTypes'],
    [{ url: HOOK, eventTypes: ['case.*'], accountId: 'a b' }, 'accountId'],
  ])('refuses %j naming %s, and stores nothing', async (body, field) => {
    const before = (await admin().get('/v1/webhooks?limit=100').expect(200)).body.items.length;
    const refused = await admin().post('/v1/webhooks').send(body).expect(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await admin().get('/v1/webhooks?limit=100').expect(200)).body.items.length).toBe(before);
  });

  it('pages the list by cursor', async () => {
    for (let i = 0; i < 3; i++)
      await admin()
        .post('/v1/webhooks')
        .send({ url: HOOK, eventTypes: ['*'] })
        .expect(201);
    const all = (await admin().get('/v1/webhooks?limit=100').expect(200)).body.items.map((s: { id: string }) => s.id);
    const seen: string[] = [];
    let next: string | undefined = '/v1/webhooks?limit=2';
    while (next) {
      const page: { body: { items: { id: string }[]; next?: string } } = await admin().get(next).expect(200);
      seen.push(...page.body.items.map((s: { id: string }) => s.id));
      next = page.body.next;
    }
    expect(seen).toEqual(all);
    await admin().get('/v1/webhooks?cursor=bm90LWEtdXVpZA').expect(400);
  });

  it("an integration key bound to an account sees only its own subscriptions; another account's answer 404", async () => {
    const acme = await api.createKey('integration', { accountId: 'acme' });
    const globex = await api.createKey('integration', { accountId: 'globex' });
    const mine = await api
      .as(acme)
      .post('/v1/webhooks')
      .send({ url: HOOK, eventTypes: ['case.*'] })
      .expect(201);
    expect(mine.body.accountId).toBe('acme');
    await api
      .as(acme)
      .post('/v1/webhooks')
      .send({ url: HOOK, eventTypes: ['case.*'], accountId: 'globex' })
      .expect(400);
    const path = `/v1/webhooks/${mine.body.id}`;
    await api.as(globex).get(path).expect(404);
    await api.as(globex).patch(path).send({ enabled: false }).expect(404);
    await api.as(globex).post(`${path}/rotate-secret`).expect(404);
    await api.as(globex).delete(path).expect(404);
    expect((await api.as(globex).get('/v1/webhooks').expect(200)).body.items).toEqual([]);
    const listed = (await api.as(acme).get('/v1/webhooks').expect(200)).body.items;
    expect(listed.map((s: { id: string }) => s.id)).toEqual([mine.body.id]);
    // The admin sees every subscription; agents and customers none.
    await admin().get(path).expect(200);
    const agent = await api.createKey('agent');
    await api.as(agent).get('/v1/webhooks').expect(403);
  });

  it('rotating the secret answers a new one and keeps the old one signing for 24 h', async () => {
    const created = await admin()
      .post('/v1/webhooks')
      .send({ url: HOOK, eventTypes: ['case.*'] })
      .expect(201);
    const rotated = await admin().post(`/v1/webhooks/${created.body.id}/rotate-secret`).expect(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    expect(rotated.body.previousSecretExpiresAt).toBe(api.clock.now().plus({ hours: 24 }).toUTC().toISO());
    api.clock.advance({ hours: 24, seconds: 1 });
    const later = await admin().get(`/v1/webhooks/${created.body.id}`).expect(200);
    expect(later.body.previousSecretExpiresAt).toBeUndefined();
  });

  it('serves the event-type catalogue', async () => {
    const types = (await admin().get('/v1/webhooks/event-types').expect(200)).body.items;
    expect(types).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'case.opened', cloudEventType: 'com.caseledger.case.opened' }),
        expect.objectContaining({ name: 'sla.breached' }),
        expect.objectContaining({ name: 'sla.warning_reached' }),
      ]),
    );
  });
});
