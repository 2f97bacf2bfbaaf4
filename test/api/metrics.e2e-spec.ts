/** GET /metrics through HTTP: request counters and latencies by route, commands, process metrics. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { loadConfig } from '@caseledger/runtime';
import { createApp } from '../../apps/api/src/create-app';

const ADMIN = 'metrics-spec-admin-key-0123456789';

function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('Prometheus metrics', () => {
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createApp(loadConfig({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN }));
  });
  afterAll(() => app.close());

  it('serves the Prometheus text format without a key', async () => {
    const response = await http().get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.text).toContain('process_cpu_user_seconds_total');
    expect(response.text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('counts requests by route template, method and status, with a latency histogram', async () => {
    await http().get('/v1/api-keys').expect(401);
    await http().get('/v1/api-keys').auth(ADMIN, { type: 'bearer' }).expect(200);
    await http().get('/v1/api-keys/0190f3aa-2b3c-7d4e-8f50-61728394a5b6').auth(ADMIN, { type: 'bearer' }).expect(404);
    await http().get('/v1/api-keys/0190f3aa-2b3c-7d4e-8f50-000000000000').auth(ADMIN, { type: 'bearer' }).expect(404);
    await http().get('/no/such/route/12345').expect(404);
    const text = (await http().get('/metrics').expect(200)).text;
    expect(
      sample(text, 'caseledger_http_requests_total', { method: 'GET', route: '/v1/api-keys', status: '401' }),
    ).toBe(1);
    expect(
      sample(text, 'caseledger_http_requests_total', { method: 'GET', route: '/v1/api-keys', status: '200' }),
    ).toBe(1);
    expect(
      sample(text, 'caseledger_http_requests_total', { method: 'GET', route: '/v1/api-keys/:id', status: '404' }),
    ).toBe(2);
    expect(sample(text, 'caseledger_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(
      1,
    );
    expect(text).not.toContain('/no/such/route');
    expect(
      sample(text, 'caseledger_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/v1/api-keys',
        status: '200',
      }),
    ).toBe(1);
    expect(
      sample(text, 'caseledger_http_request_duration_seconds_bucket', {
        le: '+Inf',
        route: '/v1/api-keys/:id',
        status: '404',
      }),
    ).toBe(2);
  });

  it('records every command that passes the command bus by type and outcome: succeeded, refused, conflict', async () => {
    const admin = () => http().post('/v1/contracts').auth(ADMIN, { type: 'bearer' });
    const contractId: string = (
      await admin()
        .send({
          accountId: 'metrics-acme',
          planId: 'bird-email-enterprise',
          serviceTimeZone: 'uk',
          startsAt: '2026-01-01T00:00:00Z',
        })
        .expect(201)
    ).body.id;
    await http()
      .post(`/v1/contracts/${contractId}/contacts`)
      .auth(ADMIN, { type: 'bearer' })
      .send({ contactId: 'olga', name: 'Olga Petrova', email: 'olga@acme.example' })
      .expect(201);
    const openCase = (contactId: string) =>
      http().post('/v1/cases').auth(ADMIN, { type: 'bearer' }).send({
        contractId,
        contactId,
        channel: 'portal',
        subject: 'Sending API unavailable',
        description: '1. POST /send 2. 503 every time',
        category: 'incident',
        priority: 'P2',
        criticality: 'critical',
      });
    const caseId: string = (await openCase('olga').expect(201)).body.id;
    // A contact the contract does not authorise: the domain refuses.
    await openCase('stranger').expect(422);
    // An If-Match the case has moved past: a concurrency conflict.
    await http()
      .post(`/v1/cases/${caseId}/escalations`)
      .auth(ADMIN, { type: 'bearer' })
      .set('If-Match', '"5"')
      .send({ to: 'tier2', reason: 'Needs a second pair of eyes' })
      .expect(412);

    const text = (await http().get('/metrics').expect(200)).text;
    expect(sample(text, 'caseledger_commands_total', { command: 'SignContract', outcome: 'succeeded' })).toBe(1);
    expect(sample(text, 'caseledger_commands_total', { command: 'AddAuthorisedContact', outcome: 'succeeded' })).toBe(
      1,
    );
    expect(sample(text, 'caseledger_commands_total', { command: 'OpenCase', outcome: 'succeeded' })).toBe(1);
    expect(sample(text, 'caseledger_commands_total', { command: 'OpenCase', outcome: 'refused' })).toBe(1);
    expect(sample(text, 'caseledger_commands_total', { command: 'EscalateCase', outcome: 'conflict' })).toBe(1);
    expect(
      sample(text, 'caseledger_commands_total', { command: 'EscalateCase', outcome: 'succeeded' }),
    ).toBeUndefined();
    expect(
      sample(text, 'caseledger_command_duration_seconds_count', { command: 'OpenCase', outcome: 'succeeded' }),
    ).toBe(1);
    expect(
      sample(text, 'caseledger_command_duration_seconds_bucket', {
        le: '+Inf',
        command: 'OpenCase',
        outcome: 'refused',
      }),
    ).toBe(1);
  });
});
