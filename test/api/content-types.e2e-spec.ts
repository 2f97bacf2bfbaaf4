/**
 * The API reads JSON bodies only: any other media type is 415 before a handler runs, so nothing is
 * written; a body over the size limit is 413. Both answer a `urn:caseledger:problem:*` problem.
 */
import type { Response } from 'supertest';
import { ApiHarness, startApi } from '../support/api-harness';
import { Customer, customerOf } from '../read-models/http-workload';

describe('request content types', () => {
  let api: ApiHarness;
  let acme: Customer;

  beforeAll(async () => {
    api = await startApi();
    acme = await customerOf(api, 'acme');
  });
  afterAll(() => api.close());

  const fields = () => ({
    contractId: acme.contractId,
    channel: 'portal',
    subject: 'Widget is slow',
    description: 'It takes ten seconds to load',
    category: 'incident',
    priority: 'P3',
    criticality: 'nonCritical',
  });
  const openCase = (contentType: string | undefined, body: string) => {
    const request = api.as(acme.key).post('/v1/cases');
    return (contentType === undefined ? request : request.set('content-type', contentType)).send(body);
  };

  async function expectRefused(send: () => Promise<Response>, status: number, type: string): Promise<Response> {
    const before = await api.eventCount();
    const response = await send();
    expect([response.status, response.body.type]).toEqual([status, `urn:caseledger:problem:${type}`]);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.status).toBe(status);
    expect(await api.eventCount()).toBe(before);
    return response;
  }

  it.each([
    ['a form-urlencoded body', 'application/x-www-form-urlencoded', () => new URLSearchParams(fields()).toString()],
    ['JSON text sent as text/plain', 'text/plain', () => JSON.stringify(fields())],
    ['JSON text sent as text/plain with a charset', 'text/plain; charset=utf-8', () => JSON.stringify(fields())],
    ['an XML body', 'application/xml', () => '<case><subject>Widget is slow</subject></case>'],
    ['a multipart body', 'multipart/form-data; boundary=x', () => '--x\r\n\r\nhello\r\n--x--'],
    ['a media type that only starts like JSON', 'application/jsonp', () => JSON.stringify(fields())],
    ['a JSON suffix the route does not take', 'application/vnd.api+json', () => JSON.stringify(fields())],
  ])('%s is refused with 415, naming the type received and the one expected', async (_, contentType, body) => {
    const response = await expectRefused(() => openCase(contentType, body()), 415, 'unsupported-media-type');
    expect(response.body.detail).toContain(contentType.split(';')[0]);
    expect(response.body.detail).toContain('application/json');
  });

  it('a body without any content type is refused with 415', async () => {
    // supertest guesses a content type for a string body, so this one goes through Fastify's inject.
    const send = async () => {
      const response = await api.app.inject({
        method: 'POST',
        url: '/v1/cases',
        headers: { authorization: `Bearer ${acme.key}` },
        payload: JSON.stringify(fields()),
      });
      return { status: response.statusCode, headers: response.headers, body: response.json() } as unknown as Response;
    };
    const response = await expectRefused(send, 415, 'unsupported-media-type');
    expect(response.body.detail).toContain('no content type');
  });

  it('application/json is taken with or without a charset, in any letter case', async () => {
    for (const contentType of ['application/json', 'application/json; charset=utf-8', 'Application/JSON']) {
      const response = await openCase(contentType, JSON.stringify(fields()));
      expect([contentType, response.status]).toEqual([contentType, 201]);
    }
  });

  it('a command without a body needs no content type', async () => {
    const agent = await api.createKey('agent');
    const opened = await openCase('application/json', JSON.stringify(fields())).expect(201);
    const caseUrl = `/v1/cases/${opened.body.id}`;
    await api.as(agent).post(`${caseUrl}/responses`).send({ message: 'Looking into it' }).expect(200);
    await api.as(agent).post(`${caseUrl}/resolution-proposals`).send({ summary: 'Cache cleared' }).expect(200);
    const accepted = await api.as(acme.key).post(`${caseUrl}/resolution-proposals/acceptance`);
    expect([accepted.status, accepted.request.getHeader('content-type')]).toEqual([200, undefined]);
  });

  it('a body over 1 MiB is refused with 413 and a problem type of ours', async () => {
    const body = JSON.stringify({ ...fields(), description: 'x'.repeat(1024 * 1024) });
    const response = await expectRefused(() => openCase('application/json', body), 413, 'body-too-large');
    expect(response.body.detail).toContain('1048576');
  });

  it('every write operation of the OpenAPI document declares its 413 and 415 answers', async () => {
    const document = (await api.http().get('/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const undeclared = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(
          ([method, operation]) => method !== 'get' && !('413' in operation.responses && '415' in operation.responses),
        )
        .map(([method]) => `${method} ${path}`),
    );
    expect(undeclared).toEqual([]);
  });

  it('malformed JSON is refused with 400 and a problem type of ours', async () => {
    await expectRefused(() => openCase('application/json', 'contractId=1&channel=portal'), 400, 'malformed-body');
    await expectRefused(() => openCase('application/json', ''), 400, 'malformed-body');
  });
});
