/**
 * The response headers of the OpenAPI document match what the server sends: every GET route of the
 * document is called (so routes added later are covered), and each header of a known meaning that
 * an answer carries must be declared for that status; a page with a `next` link answers it as a
 * Link header too. A replayed write is checked for Idempotent-Replayed the same way.
 */
import { ApiHarness, ADMIN_KEY, startApi } from '../support/api-harness';
import { fillPath, OpenApiDocument, routesOf } from '../support/openapi-walk';

type Json = Record<string, any>;

/** Headers whose presence a client relies on; each must be declared where it is sent. */
const WATCHED = [
  'etag',
  'location',
  'link',
  'x-position',
  'x-read-position',
  'retry-after',
  'idempotent-replayed',
  'ratelimit-limit',
  'ratelimit-remaining',
];

function declared(document: Json, path: string, method: string, status: number): string[] {
  const response = document.paths[path][method].responses[String(status)] as Json | undefined;
  return Object.keys(response?.headers ?? {}).map((h) => h.toLowerCase());
}

describe('response headers sent are response headers declared', () => {
  let api: ApiHarness;
  let document: OpenApiDocument & Json;
  let params: Record<string, string>;
  let lastPosition: string;
  let contractId: string;

  beforeAll(async () => {
    // Webhook URLs are not resolved: the machine running the walk may have no DNS.
    api = await startApi({ now: '2026-04-01T10:00:00Z', env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } });
    document = (await api.http().get('/openapi.json').expect(200)).body;
    const admin = api.as(ADMIN_KEY);
    const signed = await admin
      .post('/v1/contracts')
      .send({
        accountId: 'acme',
        planId: 'beesender-business',
        serviceTimeZone: 'gmt+3',
        startsAt: '2026-01-01T00:00:00Z',
      })
      .expect(201);
    contractId = signed.body.id;
    await admin
      .post(`/v1/contracts/${contractId}/contacts`)
      .send({ contactId: 'ann', name: 'Ann', email: 'ann@acme.example' })
      .expect(201);
    await admin
      .post('/v1/accounts/acme/tam-assignment')
      .send({
        tam: {
          id: 'tam-ravi',
          name: 'Ravi',
          phone: '+1 212 555 0100',
          email: 'ravi@vendor.example',
          workingHours: { timeZone: 'Europe/London', weekly: { mon: [{ from: '09:00', to: '17:00' }] } },
        },
      })
      .expect(201);
    const caseIds: string[] = [];
    for (const [i, agentId] of ['agent-1', 'agent-2'].entries()) {
      const opened = await admin
        .post('/v1/cases')
        .send({
          contractId,
          contactId: 'ann',
          channel: 'portal',
          subject: `Widget broken ${i}`,
          description: 'No chats appear',
          category: 'incident',
          priority: 'P2',
          criticality: 'nonCritical',
        })
        .expect(201);
      caseIds.push(opened.body.id);
      const assigned = await admin.post(`/v1/cases/${opened.body.id}/assignment`).send({ agentId }).expect(200);
      lastPosition = assigned.body.position;
    }
    const key = await admin.post('/v1/api-keys').send({ name: 'spare', role: 'auditor' }).expect(201);
    await admin.post('/v1/api-keys').send({ name: 'another', role: 'agent' }).expect(201);
    // Two of each, so the subscription list and the delivery log have a second page. ROLE=api here:
    // the pings stay queued.
    const webhookIds: string[] = [];
    for (const url of ['https://crm.example.com/hooks', 'https://erp.example.com/hooks']) {
      const webhook = await admin
        .post('/v1/webhooks')
        .send({ url, eventTypes: ['case.*'] })
        .expect(201);
      webhookIds.push(webhook.body.id);
    }
    const pings: string[] = [];
    for (let i = 0; i < 2; i++)
      pings.push((await admin.post(`/v1/webhooks/${webhookIds[0]}/test`).expect(202)).body.id);
    params = {
      caseId: caseIds[0],
      contractId,
      accountId: 'acme',
      contactId: 'ann',
      planId: 'beesender-business',
      id: key.body.id,
      agentId: 'agent-1',
      webhookId: webhookIds[0],
      deliveryId: pings[0],
    };
  });
  afterAll(() => api.close());

  it('on every GET route, with a second page where there is one', async () => {
    const undeclared: string[] = [];
    const missingLink: string[] = [];
    const seen = new Set<string>();
    let called = 0;
    for (const route of routesOf(document).filter((r) => r.method === 'get')) {
      const query = new URLSearchParams();
      const parameters = (route.operation.parameters ?? []) as Json[];
      const has = (name: string) => parameters.some((p) => p.in === 'query' && p.name === name);
      if (has('limit')) query.set('limit', '1');
      if (has('consistentWith')) query.set('consistentWith', lastPosition);
      if (has('caseId')) query.set('caseId', params.caseId);
      // Reports require a period; the history takes one too. A year around the scenario.
      if (has('from')) query.set('from', '2026-01-01T00:00:00Z');
      if (has('to')) query.set('to', '2027-01-01T00:00:00Z');
      const url = `${fillPath(route.path, params)}${query.size > 0 ? `?${query.toString()}` : ''}`;
      const response = await api.as(ADMIN_KEY).get(url);
      const where = `GET ${route.path} → ${response.status}`;
      expect([where, response.status >= 200 && response.status < 300]).toEqual([where, true]);
      called++;
      const allowed = declared(document, route.path, 'get', response.status);
      for (const header of WATCHED.filter((h) => response.headers[h] !== undefined)) {
        seen.add(header);
        if (!allowed.includes(header)) undeclared.push(`${where}: ${header}`);
      }
      const next = (response.body as Json | undefined)?.next;
      if (typeof next === 'string' && response.headers.link !== `<${next}>; rel="next"`)
        missingLink.push(`${where}: next ${next}, Link ${String(response.headers.link)}`);
    }
    expect(undeclared).toEqual([]);
    expect(missingLink).toEqual([]);
    expect(called).toBeGreaterThan(15);
    // Not vacuous: the walk met each kind of read header at least once.
    expect([...seen]).toEqual(expect.arrayContaining(['etag', 'link', 'x-read-position', 'ratelimit-limit']));
  });

  it('on a write and its replay under the same Idempotency-Key', async () => {
    const send = () =>
      api.as(ADMIN_KEY).post('/v1/cases').set('Idempotency-Key', 'headers-walk-1').send({
        contractId,
        contactId: 'ann',
        channel: 'email',
        subject: 'Replayed',
        description: 'Sent twice',
        category: 'consultation',
        priority: 'P4',
        criticality: 'nonCritical',
      });
    const first = await send().expect(201);
    const replay = await send().expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const allowed = declared(document, '/v1/cases', 'post', 201);
    for (const response of [first, replay]) {
      const sent = WATCHED.filter((h) => response.headers[h] !== undefined);
      expect(sent.filter((h) => !allowed.includes(h))).toEqual([]);
      expect(sent).toEqual(expect.arrayContaining(['etag', 'location', 'x-position']));
    }
  });
});
