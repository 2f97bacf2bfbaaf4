/**
 * PostgreSQL going away must not take the process down: /ready fails with 503 and Retry-After
 * while the server is gone, and the service recovers by itself once it is back.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { describePostgres, PrivatePostgresCluster, privateClusterSupported } from '@caseledger/testing';
import { loadConfig } from '@caseledger/runtime';
import { createApp } from '../../apps/api/src/create-app';

const ADMIN = 'outage-spec-admin-key-0123456789';
const CONTRACT = {
  accountId: 'acme',
  planId: 'beesender-basic',
  serviceTimeZone: 'gmt+3',
  startsAt: '2026-01-01T00:00:00Z',
};

const describeCluster = privateClusterSupported() ? describePostgres : describe.skip;

async function waitFor(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < withinMs) {
    if (await check()) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`condition not met within ${withinMs} ms`);
}

describeCluster('the API when PostgreSQL goes away and comes back', () => {
  let cluster: PrivatePostgresCluster;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    cluster = await PrivatePostgresCluster.create();
    cluster.start();
    app = await createApp(
      loadConfig({
        DATABASE_URL: cluster.connectionString,
        LOG_LEVEL: 'silent',
        RETRY_AFTER_SECONDS: '7',
        ADMIN_API_KEY: ADMIN,
      }),
    );
  });

  afterAll(async () => {
    await app?.close();
    cluster?.destroy();
  });

  it('is ready while the server runs', async () => {
    await request(app.getHttpServer()).get('/ready').expect(200);
  });

  it('stays alive, fails /ready with 503 problem+json and Retry-After, then recovers within 5 s', async () => {
    cluster.stop();

    const health = await request(app.getHttpServer()).get('/health');
    expect(health.status).toBe(200);

    const ready = await request(app.getHttpServer()).get('/ready');
    expect(ready.status).toBe(503);
    expect(ready.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(ready.headers['retry-after']).toBe('7');
    expect(ready.body).toMatchObject({ status: 503, title: 'Service not ready' });

    cluster.start();
    await waitFor(async () => (await request(app.getHttpServer()).get('/ready')).status === 200, 5000);
  });

  it('answers reads and writes with 503 problem+json and Retry-After while the server is gone, and serves them again once it is back', async () => {
    const signed = await request(app.getHttpServer())
      .post('/v1/contracts')
      .auth(ADMIN, { type: 'bearer' })
      .send(CONTRACT)
      .expect(201);
    cluster.stop();

    for (const attempt of [
      request(app.getHttpServer()).get(`/v1/contracts/${signed.body.id}`).auth(ADMIN, { type: 'bearer' }),
      request(app.getHttpServer()).post('/v1/contracts').auth(ADMIN, { type: 'bearer' }).send(CONTRACT),
    ]) {
      const response = await attempt;
      expect(response.status).toBe(503);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['retry-after']).toBe('7');
    }

    cluster.start();
    await waitFor(
      async () =>
        (await request(app.getHttpServer()).get(`/v1/contracts/${signed.body.id}`).auth(ADMIN, { type: 'bearer' }))
          .status === 200,
      5000,
    );
    await request(app.getHttpServer()).post('/v1/contracts').auth(ADMIN, { type: 'bearer' }).send(CONTRACT).expect(201);
  });
});
