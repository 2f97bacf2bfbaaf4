/**
 * Inputs that once answered 500: each is refused with a 4xx problem+json naming what is wrong, and
 * nothing is written. Also the parsing rules that refuse what a lenient parser would guess at.
 */
import type { Response } from 'supertest';
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';
import { Customer, customerOf } from '../read-models/http-workload';
import { MAX_JSON_DEPTH } from '../../apps/api/src/http-conventions/json-depth';

describe('hostile input', () => {
  let api: ApiHarness;
  let acme: Customer;

  beforeAll(async () => {
    api = await startApi();
    acme = await customerOf(api, 'acme');
  });
  afterAll(() => api.close());

  const caseBody = (fields: Record<string, unknown> = {}) => ({
    contractId: acme.contractId,
    channel: 'portal',
    subject: 'Widget is slow',
    description: 'It takes ten seconds to load',
    category: 'incident',
    priority: 'P3',
    criticality: 'nonCritical',
    ...fields,
  });

  /** Sends, then checks the answer is a 4xx problem+json (naming `field` when given) and that no event was written. */
  async function expectRefused(send: () => Promise<Response>, status: number, field?: string): Promise<Response> {
    const before = await api.eventCount();
    const response = await send();
    expect([response.status, response.body]).toEqual([status, expect.anything()]);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    if (field !== undefined)
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(await api.eventCount()).toBe(before);
    return response;
  }

  const postRaw = (path: string, body: string) =>
    api.as(ADMIN_KEY).post(path).set('content-type', 'application/json').send(body);

  describe('JSON nested deeper than the limit is refused while parsing', () => {
    it.each([
      ['arrays 10,000 deep', '['.repeat(10_000) + ']'.repeat(10_000)],
      ['objects 10,000 deep', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)],
      ['arrays 100,000 deep', '['.repeat(100_000) + ']'.repeat(100_000)],
      ['one level past the limit', '{"a":'.repeat(MAX_JSON_DEPTH) + '[1]' + '}'.repeat(MAX_JSON_DEPTH)],
    ])('%s', async (_, body) => {
      const response = await expectRefused(() => postRaw('/v1/cases', body), 400);
      expect(response.body.detail).toContain(String(MAX_JSON_DEPTH));
    });

    it('while brackets inside strings do not count', async () => {
      const response = await api
        .as(acme.key)
        .post('/v1/cases')
        .send(caseBody({ subject: '['.repeat(150), description: '{'.repeat(5000) }));
      expect(response.status).toBe(201);
    });
  });

  describe('NUL and lone surrogates in text are refused with the field named', () => {
    it.each([
      ['a NUL in a body field', { subject: 'Widget\u0000 is slow' }, 'subject'],
      ['a lone high surrogate in a body field', { description: 'broken \ud800 text' }, 'description'],
      ['a lone low surrogate in a body field', { subject: '\udc00' }, 'subject'],
    ])('%s', async (_, fields, field) => {
      await expectRefused(() => api.as(acme.key).post('/v1/cases').send(caseBody(fields)), 400, field);
    });

    it('in an API-key name', async () => {
      await expectRefused(
        () => api.as(ADMIN_KEY).post('/v1/api-keys').send({ name: 'bad\u0000name', role: 'auditor' }),
        400,
        'name',
      );
      await expectRefused(
        () => api.as(ADMIN_KEY).post('/v1/api-keys').send({ name: 'bad \ud83d name', role: 'auditor' }),
        400,
        'name',
      );
    });

    it('in a nested field', async () => {
      const tam = {
        id: 'tam-ravi',
        name: 'Ra\u0000vi',
        phone: '+1 212 555 0100',
        email: 'ravi@vendor.example',
        workingHours: { timeZone: 'Europe/London', weekly: { mon: [{ from: '09:00', to: '17:00' }] } },
      };
      await expectRefused(
        () => api.as(ADMIN_KEY).post('/v1/accounts/acme/tam-assignment').send({ tam }),
        400,
        'tam.name',
      );
    });

    it('in the free-text query q', async () => {
      await expectRefused(() => api.as(ADMIN_KEY).get('/v1/cases?q=wid%00get'), 400, 'q');
    });

    it('while a well-formed surrogate pair is text like any other', async () => {
      await api
        .as(acme.key)
        .post('/v1/cases')
        .send(caseBody({ subject: 'Widget is slow 🐢' }))
        .expect(201);
    });
  });

  it('refuses a duration too long to add to an instant', async () => {
    await expectRefused(() => api.as(ADMIN_KEY).get('/v1/sla/at-risk?within=P99999999D'), 400, 'within');
    await expectRefused(() => api.as(ADMIN_KEY).get('/v1/sla/breaches?since=P99999999D'), 400, 'since');
  });

  it('refuses a well-formed cursor holding a value of the wrong type', async () => {
    const cursor = (parts: unknown[]) => Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
    await expectRefused(
      () =>
        api
          .as(ADMIN_KEY)
          .get(
            `/v1/cases?cursor=${cursor(['openedAt:desc', 'not an instant', '0195f3aa-2b3c-7d4e-8f50-61728394a5b6'])}`,
          ),
      400,
      'cursor',
    );
    await expectRefused(
      () => api.as(ADMIN_KEY).get(`/v1/cases?sort=priority&cursor=${cursor(['priority:desc', 'P1', 42])}`),
      400,
      'cursor',
    );
    await expectRefused(
      () => api.as(ADMIN_KEY).get(`/v1/sla/at-risk?cursor=${cursor(['dueAt:asc', 'yesterday', 'x', 'y'])}`),
      400,
      'cursor',
    );
    await expectRefused(() => api.as(ADMIN_KEY).get(`/v1/api-keys?cursor=${cursor([1])}`), 400, 'cursor');
  });

  describe('numbers are parsed strictly', () => {
    it.each(['0x10', '+5', '1e1', ' 5', '5 ', '5.0', '05', '', '-0'])(
      'limit=%j is refused naming limit',
      async (limit) => {
        const query = `limit=${encodeURIComponent(limit)}`;
        await expectRefused(() => api.as(ADMIN_KEY).get(`/v1/cases?${query}`), 400, 'limit');
        await expectRefused(() => api.as(ADMIN_KEY).get(`/v1/api-keys?${query}`), 400, 'limit');
      },
    );

    it('while a plain decimal is taken', async () => {
      await api.as(ADMIN_KEY).get('/v1/cases?limit=5').expect(200);
      await api.as(ADMIN_KEY).get('/v1/api-keys?limit=5').expect(200);
    });
  });

  describe('a wrong method on an existing path', () => {
    it('answers 405 problem+json with Allow', async () => {
      const response = await expectRefused(() => api.as(ADMIN_KEY).delete('/v1/cases'), 405);
      expect(response.headers.allow?.split(', ')).toEqual(expect.arrayContaining(['GET', 'POST']));
      expect(response.headers.allow).not.toContain('DELETE');
      const onCase = await expectRefused(
        () => api.as(ADMIN_KEY).put('/v1/cases/0195f3aa-2b3c-7d4e-8f50-61728394a5b6'),
        405,
      );
      expect(onCase.headers.allow).toContain('GET');
    });

    it('while a path that does not exist stays 404', async () => {
      await expectRefused(() => api.as(ADMIN_KEY).get('/v1/no-such-thing'), 404);
    });
  });
});
