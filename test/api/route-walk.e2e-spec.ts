/**
 * Three promises checked over every route of the OpenAPI document, so a new route cannot be forgotten:
 * another account's customer learns nothing about a case (404, nothing written), every write
 * refuses malformed input with a 4xx problem+json and writes nothing, and every 4xx the walk
 * provokes is one the operation documents.
 */
import { ApiHarness, ADMIN_KEY, startApi } from '../support/api-harness';
import {
  bodySchema,
  exampleOf,
  fillPath,
  OpenApiDocument,
  ProvokedStatuses,
  resolve,
  Route,
  routesOf,
  wrongTypeFor,
} from '../support/openapi-walk';

const TAM = {
  id: 'tam-ravi',
  name: 'Ravi',
  phone: '+1 212 555 0100',
  email: 'ravi@vendor.example',
  workingHours: { timeZone: 'Europe/London', weekly: { mon: [{ from: '09:00', to: '17:00' }] } },
};

describe('every route of the OpenAPI document', () => {
  let api: ApiHarness;
  let document: OpenApiDocument;
  let params: Record<string, string>;
  let outsider: string;
  let outsiderIntegration: string;
  let acmeIntegration: string;
  let assignedAt: string;
  const provoked = new ProvokedStatuses();

  beforeAll(async () => {
    // Webhook URLs of the examples are not resolved: the machine running the walk may have no DNS.
    api = await startApi({ now: '2026-04-01T10:00:00Z', env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } });
    document = (await api.http().get('/openapi.json').expect(200)).body;
    const admin = api.as(ADMIN_KEY);
    const signed = await admin
      .post('/v1/contracts')
      .send({
        accountId: 'acme',
        planId: 'bird-email-enterprise',
        serviceTimeZone: 'uk',
        startsAt: '2026-01-01T00:00:00Z',
      })
      .expect(201);
    await admin
      .post(`/v1/contracts/${signed.body.id}/contacts`)
      .send({ contactId: 'ann', name: 'Ann', email: 'ann@acme.example' })
      .expect(201);
    await admin.post('/v1/accounts/acme/tam-assignment').send({ tam: TAM }).expect(201);
    const opened = await admin
      .post('/v1/cases')
      .send({
        contractId: signed.body.id,
        contactId: 'ann',
        channel: 'portal',
        subject: 'Mail is down',
        description: 'All sends fail',
        category: 'incident',
        priority: 'P1',
        criticality: 'critical',
      })
      .expect(201);
    const other = await admin
      .post('/v1/contracts')
      .send({
        accountId: 'globex',
        planId: 'bird-email-enterprise',
        serviceTimeZone: 'uk',
        startsAt: '2026-01-01T00:00:00Z',
      })
      .expect(201);
    await admin
      .post(`/v1/contracts/${other.body.id}/contacts`)
      .send({ contactId: 'gus', name: 'Gus', email: 'gus@globex.example' })
      .expect(201);
    outsider = await api.createKey('customer', { accountId: 'globex', contactId: 'gus' });
    outsiderIntegration = await api.createKey('integration', { accountId: 'globex' });
    const assigned = await admin
      .post(`/v1/cases/${opened.body.id}/assignment`)
      .send({ agentId: 'agent-1' })
      .expect(200);
    assignedAt = assigned.body.position;
    const key = await admin.post('/v1/api-keys').send({ name: 'spare', role: 'auditor' }).expect(201);
    acmeIntegration = await api.createKey('integration', { accountId: 'acme' });
    const webhook = await api
      .as(acmeIntegration)
      .post('/v1/webhooks')
      .send({ url: 'https://crm.example.com/hooks', eventTypes: ['case.*'] })
      .expect(201);
    // ROLE=api here: the ping stays queued, a delivery to name in the paths.
    const ping = await api.as(acmeIntegration).post(`/v1/webhooks/${webhook.body.id}/test`).expect(202);
    params = {
      caseId: opened.body.id,
      contractId: signed.body.id,
      accountId: 'acme',
      contactId: 'ann',
      planId: 'beesender-basic',
      id: key.body.id,
      agentId: 'agent-1',
      webhookId: webhook.body.id,
      deliveryId: ping.body.id,
    };
  });
  afterAll(() => api.close());

  const send = async (key: string, route: Route, body?: unknown) => {
    const request = api.as(key)[route.method](fillPath(route.path, params));
    const response = await (body === undefined ? request : request.send(body as object));
    provoked.record(route.method, route.path, response.status);
    return response;
  };

  const exampleBody = (route: Route) => {
    const schema = bodySchema(document, route);
    return schema ? exampleOf(document, schema) : route.method === 'get' || route.method === 'delete' ? undefined : {};
  };

  it('has case routes to walk', () => {
    const caseRoutes = routesOf(document).filter((r) => r.path.includes('{caseId}'));
    expect(caseRoutes.length).toBeGreaterThanOrEqual(17);
    // The reads of a case's record are walked too: a foreign customer must get 404 on them.
    expect(caseRoutes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'get /v1/cases/{caseId}/history',
        'get /v1/cases/{caseId}/conversation',
        'get /v1/cases/{caseId}/sla-timeline',
      ]),
    );
  });

  it("answers 404 to another account's customer on every route naming a case, and writes nothing", async () => {
    const caseRoutes = routesOf(document).filter((r) => r.path.includes('{caseId}'));
    const before = await api.eventCount();
    const answers: string[] = [];
    for (const route of caseRoutes) {
      const response = await send(outsider, route, exampleBody(route));
      answers.push(`${route.method.toUpperCase()} ${route.path} → ${response.status}`);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(answers.filter((a) => !a.endsWith('→ 404'))).toEqual([]);
    expect(await api.eventCount()).toBe(before);
  });

  it("answers 404 or 403 (never 2xx) to another account's customer on every contract and account route, and writes nothing", async () => {
    const routes = routesOf(document).filter((r) => r.path.includes('{contractId}') || r.path.includes('{accountId}'));
    // Erasing a contact's personal data is walked too: nobody but an admin reaches it.
    expect(routes.map((r) => `${r.method} ${r.path}`)).toContain(
      'delete /v1/contracts/{contractId}/contacts/{contactId}/personal-data',
    );
    const before = await api.eventCount();
    for (const route of routes) {
      const response = await send(outsider, route, exampleBody(route));
      expect([`${route.method} ${route.path}`, [403, 404].includes(response.status)]).toEqual([
        `${route.method} ${route.path}`,
        true,
      ]);
    }
    expect(await api.eventCount()).toBe(before);
  });

  it("answers 404 to another account's keys on an account, and shows their lists nothing of this account", async () => {
    const paths = routesOf(document).map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(
      expect.arrayContaining(['get /v1/accounts/{accountId}', 'get /v1/contracts', 'get /v1/tam-assignments']),
    );
    const consistent = `consistentWith=${assignedAt}`;
    await api.as(ADMIN_KEY).get(`/v1/accounts/acme?${consistent}`).expect(200);
    for (const key of [outsider, outsiderIntegration]) {
      const account = await api.as(key).get(`/v1/accounts/acme?${consistent}`);
      provoked.record('get', '/v1/accounts/{accountId}', account.status);
      expect([account.status, account.headers['content-type']]).toEqual([
        404,
        expect.stringMatching(/^application\/problem\+json/),
      ]);
      for (const list of ['/v1/contracts', '/v1/tam-assignments']) {
        const response = await api.as(key).get(`${list}?${consistent}`).expect(200);
        const accounts = (response.body.items as { accountId: string }[]).map((item) => item.accountId);
        expect([list, accounts.includes('acme')]).toEqual([list, false]);
        expect([list, JSON.stringify(response.body).includes(params.contractId)]).toEqual([list, false]);
        const foreign = await api.as(key).get(`${list}?account=acme&${consistent}`).expect(403);
        provoked.record('get', list, foreign.status);
      }
    }
  });

  it("shows another account's integration key nothing of this account on the agent routes", async () => {
    const routes = routesOf(document).filter((r) => r.path.startsWith('/v1/agents/'));
    expect(routes.length).toBeGreaterThanOrEqual(3);
    const leaks: string[] = [];
    for (const route of routes) {
      const query = new URLSearchParams({ consistentWith: assignedAt });
      const inQuery = (route.operation.parameters ?? []) as { name: string; in: string }[];
      if (inQuery.some((p) => p.in === 'query' && p.name === 'caseId')) query.set('caseId', params.caseId);
      const path = `${fillPath(route.path, params)}?${query.toString()}`;
      const seen = await api.as(ADMIN_KEY).get(path);
      expect([path, seen.status]).toEqual([path, 200]);
      const response = await api.as(outsiderIntegration).get(path);
      provoked.record('get', route.path, response.status);
      const body = JSON.stringify(response.body);
      const leaked = response.status !== 404 && (body.includes('agent-1') || body.includes(params.caseId));
      if (leaked || ![200, 404].includes(response.status)) leaks.push(`GET ${route.path} → ${response.status} ${body}`);
    }
    expect(leaks).toEqual([]);
  });

  it("answers 404 to another account's integration key on every route naming a webhook, and changes nothing", async () => {
    const routes = routesOf(document).filter((r) => r.path.includes('{webhookId}'));
    expect(routes.length).toBeGreaterThanOrEqual(4);
    const path = fillPath('/v1/webhooks/{webhookId}', params);
    const before = (await api.as(acmeIntegration).get(path).expect(200)).body;
    const answers: string[] = [];
    for (const route of routes) {
      const response = await send(outsiderIntegration, route, exampleBody(route));
      answers.push(`${route.method.toUpperCase()} ${route.path} → ${response.status}`);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(answers.filter((a) => !a.endsWith('→ 404'))).toEqual([]);
    expect((await api.as(acmeIntegration).get(path).expect(200)).body).toEqual(before);
  });

  describe('refuses malformed input on every write route with a 4xx problem+json and writes nothing', () => {
    const writeRoutes = () => routesOf(document).filter((r) => r.method !== 'get');

    async function expectRefused(
      route: Route,
      body: unknown,
      status: number | 'any4xx',
      mention?: string,
    ): Promise<void> {
      const before = await api.eventCount();
      const response = await send(ADMIN_KEY, route, body);
      const where = `${route.method.toUpperCase()} ${route.path}`;
      if (status === 'any4xx') expect([where, response.status >= 400 && response.status < 500]).toEqual([where, true]);
      else expect([where, response.status]).toEqual([where, status]);
      expect([where, response.headers['content-type']]).toEqual([
        where,
        expect.stringMatching(/^application\/problem\+json/),
      ]);
      if (mention)
        expect([where, JSON.stringify(response.body.errors ?? [])]).toEqual([where, expect.stringContaining(mention)]);
      expect([where, await api.eventCount()]).toEqual([where, before]);
    }

    it('a missing required field', async () => {
      let checked = 0;
      for (const route of writeRoutes()) {
        const schema = bodySchema(document, route);
        const required = schema?.required ?? [];
        if (required.length === 0) continue;
        const body = exampleBody(route) as Record<string, unknown>;
        delete body[required[0]];
        await expectRefused(route, body, 400, required[0]);
        checked++;
      }
      expect(checked).toBeGreaterThan(15);
    });

    it('a field of the wrong type', async () => {
      let checked = 0;
      for (const route of writeRoutes()) {
        const schema = bodySchema(document, route);
        const required = schema?.required ?? [];
        if (required.length === 0) continue;
        const body = exampleBody(route) as Record<string, unknown>;
        body[required[0]] = wrongTypeFor(document, resolve(document, schema!.properties![required[0]]));
        await expectRefused(route, body, 400, required[0]);
        checked++;
      }
      expect(checked).toBeGreaterThan(15);
    });

    it('an unknown field', async () => {
      for (const route of writeRoutes()) {
        const body = {
          ...((exampleBody(route) as Record<string, unknown> | undefined) ?? {}),
          surpriseField: 'not in the schema',
        };
        await expectRefused(route, body, 400, 'surpriseField');
      }
    });

    it('a body over 1 MB', async () => {
      for (const route of writeRoutes()) {
        await expectRefused(route, { padding: 'x'.repeat(1024 * 1024 + 10) }, 413);
      }
    });

    it('a body that is not application/json, even with valid fields', async () => {
      for (const route of writeRoutes()) {
        const fields = (exampleBody(route) as Record<string, unknown> | undefined) ?? {};
        const form = new URLSearchParams(
          Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)]),
        ).toString();
        const before = await api.eventCount();
        const request = api.as(ADMIN_KEY)[route.method](fillPath(route.path, params));
        const response = await request.type('form').send(form || 'a=1');
        provoked.record(route.method, route.path, response.status);
        const where = `${route.method.toUpperCase()} ${route.path}`;
        expect([where, response.status, response.body.type]).toEqual([
          where,
          415,
          'urn:caseledger:problem:unsupported-media-type',
        ]);
        expect([where, await api.eventCount()]).toEqual([where, before]);
      }
    });
  });

  it('answers no 4xx status that the operation does not document', () => {
    expect(provoked.operations).toBeGreaterThan(30);
    expect(provoked.undocumented(document)).toEqual([]);
  });
});
