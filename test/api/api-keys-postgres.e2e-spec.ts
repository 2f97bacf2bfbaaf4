/**
 * The API key and idempotency tables on PostgreSQL rather than PGlite: the same SQL has to run on
 * both, so the essentials are repeated here against a real server.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createTestSchema, describePostgres, TestSchema } from '@caseledger/testing';
import { loadConfig } from '@caseledger/runtime';
import { authoriseContact } from '../support/authorised-contact';
import { createApp } from '../../apps/api/src/create-app';

const ADMIN = 'postgres-spec-admin-key-0123456789';

describePostgres('API keys and Idempotency-Key on PostgreSQL', () => {
  let schema: TestSchema;
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());
  const start = () =>
    createApp(loadConfig({ DATABASE_URL: schema.connectionString, LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN }));

  beforeAll(async () => {
    schema = await createTestSchema('keys');
    app = await start();
  });
  afterAll(async () => {
    await app?.close();
    await schema?.drop();
  });

  it('creates, replays, lists and revokes keys, and survives a restart with one admin key', async () => {
    const body = {
      name: 'Acme contact',
      role: 'customer',
      accountId: 'acc-1',
      contactId: 'c-1',
      expiresAt: '2099-01-01T00:00:00Z',
    };
    await authoriseContact(app, ADMIN, 'acc-1', 'c-1');
    const created = await http()
      .post('/v1/api-keys')
      .auth(ADMIN, { type: 'bearer' })
      .set('idempotency-key', 'pg-1')
      .send(body)
      .expect(201);
    const replay = await http()
      .post('/v1/api-keys')
      .auth(ADMIN, { type: 'bearer' })
      .set('idempotency-key', 'pg-1')
      .send(body)
      .expect(201);
    expect(replay.body.id).toBe(created.body.id);
    await http()
      .post('/v1/api-keys')
      .auth(ADMIN, { type: 'bearer' })
      .set('idempotency-key', 'pg-1')
      .send({ ...body, name: 'other' })
      .expect(422);
    expect(
      (await http().get(`/v1/api-keys/${created.body.id}`).auth(ADMIN, { type: 'bearer' }).expect(200)).body.expiresAt,
    ).toBe('2099-01-01T00:00:00.000Z');

    await app.close();
    app = await start();
    const listed = await http().get('/v1/api-keys').auth(ADMIN, { type: 'bearer' }).expect(200);
    expect(listed.body.items.filter((k: { fromEnvironment: boolean }) => k.fromEnvironment)).toHaveLength(1);
    await http().delete(`/v1/api-keys/${created.body.id}`).auth(ADMIN, { type: 'bearer' }).expect(200);
    await http()
      .get('/v1/cases/00000000-0000-7000-8000-000000000000')
      .auth(created.body.secret, { type: 'bearer' })
      .expect(401);
  });

  it('two processes started at once on one schema with a new ADMIN_API_KEY keep exactly one live admin key, which both accept', async () => {
    const rotated = 'postgres-spec-rotated-admin-key-9876543';
    const start = () =>
      createApp(loadConfig({ DATABASE_URL: schema.connectionString, LOG_LEVEL: 'silent', ADMIN_API_KEY: rotated }));
    const pair = await Promise.allSettled([start(), start()]);
    const apps = pair.flatMap((started) => (started.status === 'fulfilled' ? [started.value] : []));
    try {
      expect(pair.map((started) => started.status)).toEqual(['fulfilled', 'fulfilled']);
      for (const running of apps) {
        const listed = await request(running.getHttpServer())
          .get('/v1/api-keys')
          .auth(rotated, { type: 'bearer' })
          .expect(200);
        const fromEnvironment = (listed.body.items as { fromEnvironment: boolean; revokedAt?: string }[]).filter(
          (k) => k.fromEnvironment,
        );
        expect(fromEnvironment.filter((k) => k.revokedAt === undefined)).toHaveLength(1);
        expect(fromEnvironment).toHaveLength(2);
      }
    } finally {
      await Promise.all(apps.map((running) => running.close()));
    }
  });
});
