import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { loadConfig } from '@caseledger/runtime';
import { createApp } from '../../apps/api/src/create-app';

describe('operations endpoints on the embedded store', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createApp(loadConfig({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent' }));
  });
  afterAll(() => app.close());

  it('GET /health answers while the process is up', async () => {
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('GET /ready names the event store that answered', async () => {
    const response = await request(app.getHttpServer()).get('/ready').expect(200);
    expect(response.body).toEqual({ status: 'ready', eventStore: 'embedded' });
  });

  it('serves the OpenAPI document at /openapi.json and Swagger UI at /docs', async () => {
    const spec = await request(app.getHttpServer()).get('/openapi.json').expect(200);
    expect(spec.body.openapi).toMatch(/^3\./);
    expect(spec.body.paths['/health']).toBeDefined();
    expect(spec.body.paths['/ready'].get.responses['503']).toBeDefined();
    const ui = await request(app.getHttpServer()).get('/docs').expect(200);
    expect(ui.text).toContain('swagger-ui');
    expect(ui.text).toContain('"/openapi.json"');
    const bundle = await request(app.getHttpServer()).get('/docs/swagger-ui-bundle.js').expect(200);
    expect(bundle.headers['content-type']).toMatch(/^application\/javascript/);
    expect(bundle.text.length).toBeGreaterThan(100_000);
    await request(app.getHttpServer())
      .get('/docs/swagger-ui.css')
      .expect(200)
      .expect('content-type', /text\/css/);
    const missing = await request(app.getHttpServer()).get('/docs/..%2Fpackage.json').expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const response = await request(app.getHttpServer()).get('/v1/nothing-here').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, title: 'Not Found', instance: '/v1/nothing-here' });
  });

  it('echoes a caller-supplied request id and makes one otherwise', async () => {
    const given = await request(app.getHttpServer()).get('/health').set('x-request-id', 'abc-123').expect(200);
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await request(app.getHttpServer()).get('/health').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
