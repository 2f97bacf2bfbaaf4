/**
 * What the document says a request body may hold is what the server enforces: for every write
 * route and every top-level body property with a constraint (enum, pattern, format, length,
 * bounds, array size), a body made of the properties' examples with that one value just outside the
 * constraint is refused with 400 problem+json naming the field, and nothing is written. The routes
 * and constraints come from the served document, so later routes are walked without being listed.
 */
import { ApiHarness, ADMIN_KEY, startApi } from '../support/api-harness';
import {
  bodySchema,
  exampleOf,
  fillPath,
  OpenApiDocument,
  resolve,
  routesOf,
  SchemaObject,
} from '../support/openapi-walk';

type Json = Record<string, any>;

const NOT_MATCHING = ['', ' ', 'not valid!', '\u00e9\u00e9', 'x'.repeat(2001), '0'];

/** Values just outside each constraint of `schema`, with the constraint they break. */
function valuesOutside(document: OpenApiDocument, schemaIn: SchemaObject): { breaks: string; value: unknown }[] {
  const schema = resolve(document, schemaIn) as Json;
  const out: { breaks: string; value: unknown }[] = [];
  const step = schema.type === 'integer' ? 1 : 0.001;
  if (Array.isArray(schema.enum)) out.push({ breaks: 'enum', value: 'not-one-of-the-values' });
  if (typeof schema.maxLength === 'number') out.push({ breaks: 'maxLength', value: 'x'.repeat(schema.maxLength + 1) });
  if (typeof schema.minLength === 'number' && schema.minLength > 0)
    out.push({ breaks: 'minLength', value: 'x'.repeat(schema.minLength - 1) });
  if (typeof schema.pattern === 'string') {
    const pattern = new RegExp(schema.pattern);
    const value = NOT_MATCHING.find((candidate) => !pattern.test(candidate));
    if (value !== undefined) out.push({ breaks: 'pattern', value });
  }
  if (schema.format === 'uuid') out.push({ breaks: 'format uuid', value: 'not-a-uuid' });
  if (schema.format === 'email') out.push({ breaks: 'format email', value: 'not-an-email' });
  if (schema.format === 'date-time') out.push({ breaks: 'format date-time', value: '2026-02-30T25:00:00Z' });
  if (typeof schema.minimum === 'number') out.push({ breaks: 'minimum', value: schema.minimum - step });
  if (typeof schema.maximum === 'number') out.push({ breaks: 'maximum', value: schema.maximum + step });
  if (schema.type === 'integer') out.push({ breaks: 'integer', value: 1.5 });
  if (schema.type === 'array' && schema.items) {
    const item = exampleOf(document, schema.items);
    if (typeof schema.maxItems === 'number')
      out.push({ breaks: 'maxItems', value: Array.from({ length: schema.maxItems + 1 }, () => item) });
    if (typeof schema.minItems === 'number' && schema.minItems > 0)
      out.push({ breaks: 'minItems', value: Array.from({ length: schema.minItems - 1 }, () => item) });
    const items = resolve(document, schema.items) as Json;
    if (Array.isArray(items.enum)) out.push({ breaks: 'items enum', value: ['not-one-of-the-values'] });
  }
  return out;
}

/**
 * Every property's example, optional ones too: some rules apply only beside another field (the SLA
 * preview checks `priority` only with a `contractId`), and the examples describe one coherent request.
 */
function fullExample(document: OpenApiDocument, schema: SchemaObject): Json {
  const body = exampleOf(document, schema) as Json;
  for (const [name, property] of Object.entries(schema.properties ?? {})) body[name] ??= exampleOf(document, property);
  return body;
}

describe('every documented request-body constraint is enforced', () => {
  let api: ApiHarness;
  let document: OpenApiDocument;
  let params: Record<string, string>;

  beforeAll(async () => {
    // Webhook URLs are not resolved: the machine running the walk may have no DNS.
    api = await startApi({ now: '2026-04-01T10:00:00Z', env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } });
    document = (await api.http().get('/openapi.json').expect(200)).body;
    const admin = api.as(ADMIN_KEY);
    const signed = await admin
      .post('/v1/contracts')
      .send({ accountId: 'acme', planId: 'beesender-business', startsAt: '2026-01-01T00:00:00Z' })
      .expect(201);
    await admin
      .post(`/v1/contracts/${signed.body.id}/contacts`)
      .send({ contactId: 'ann', name: 'Ann', email: 'ann@acme.example' })
      .expect(201);
    const opened = await admin
      .post('/v1/cases')
      .send({
        contractId: signed.body.id,
        contactId: 'ann',
        channel: 'portal',
        subject: 'Widget broken',
        description: 'No chats appear',
        category: 'incident',
        priority: 'P2',
        criticality: 'nonCritical',
      })
      .expect(201);
    const key = await admin.post('/v1/api-keys').send({ name: 'spare', role: 'auditor' }).expect(201);
    const webhook = await admin
      .post('/v1/webhooks')
      .send({ url: 'https://crm.example.com/hooks', eventTypes: ['case.*'] })
      .expect(201);
    // ROLE=api here: the ping stays queued, a delivery to name in the paths.
    const ping = await admin.post(`/v1/webhooks/${webhook.body.id}/test`).expect(202);
    params = {
      caseId: opened.body.id,
      contractId: signed.body.id,
      accountId: 'acme',
      contactId: 'ann',
      id: key.body.id,
      webhookId: webhook.body.id,
      deliveryId: ping.body.id,
    };
  });
  afterAll(() => api.close());

  it('refuses a value just outside each one with 400 naming the field, and writes nothing', async () => {
    const accepted: string[] = [];
    let checked = 0;
    for (const route of routesOf(document).filter((r) => r.method !== 'get')) {
      const schema = bodySchema(document, route);
      if (!schema?.properties) continue;
      for (const [field, property] of Object.entries(schema.properties)) {
        for (const { breaks, value } of valuesOutside(document, property)) {
          // Required examples first, then every example: a rule that applies only beside another field is
          // enforced in the request its description gives.
          const answers: string[] = [];
          for (const base of [exampleOf(document, schema) as Json, fullExample(document, schema)]) {
            const before = await api.eventCount();
            const request = api.as(ADMIN_KEY)[route.method](fillPath(route.path, params));
            const response = await request.send({ ...base, [field]: value });
            const named = JSON.stringify(response.body?.errors ?? []).includes(field);
            const refused = response.status === 400 && named && (await api.eventCount()) === before;
            answers.push(`${response.status} ${JSON.stringify(response.body).slice(0, 120)}`);
            if (refused) {
              answers.length = 0;
              break;
            }
          }
          checked++;
          if (answers.length > 0)
            accepted.push(`${route.method.toUpperCase()} ${route.path} ${field} (${breaks}) → ${answers.join(' | ')}`);
        }
      }
    }
    expect(accepted).toEqual([]);
    expect(checked).toBeGreaterThan(80);
  });
});
