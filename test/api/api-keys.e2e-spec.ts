/** API key administration through HTTP, and proof that secrets are stored only as hashes. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { SqlClient } from '@caseledger/event-store';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { loadConfig, STATE_DB } from '@caseledger/runtime';
import { authoriseContact } from '../support/authorised-contact';
import { createApp } from '../../apps/api/src/create-app';

const ADMIN = 'api-keys-spec-admin-key-0123456789';

describe('API key administration', () => {
  let app: NestFastifyApplication;
  let sql: SqlClient;
  const http = () => request(app.getHttpServer());
  const asAdmin = <T extends request.Test>(test: T): T => test.auth(ADMIN, { type: 'bearer' });

  beforeAll(async () => {
    app = await createApp(loadConfig({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN }));
    sql = app.get<SqlClient>(STATE_DB);
  });
  afterAll(() => app.close());

  it('creates a key and shows its secret once, with a Location', async () => {
    const created = await asAdmin(http().post('/v1/api-keys'))
      .send({ name: 'Helpdesk bridge', role: 'integration', accountId: 'acc-1' })
      .expect(201);
    expect(created.body).toMatchObject({
      name: 'Helpdesk bridge',
      role: 'integration',
      accountId: 'acc-1',
      fromEnvironment: false,
    });
    expect(created.body.secret).toMatch(new RegExp(`^clk_${created.body.id.replace(/-/g, '')}_[A-Za-z0-9_-]{43}$`));
    expect(created.headers.location).toBe(`/v1/api-keys/${created.body.id}`);

    const read = await asAdmin(http().get(created.headers.location)).expect(200);
    expect(read.body).toEqual({ ...created.body, secret: undefined });
    expect(read.body).not.toHaveProperty('secret');
    const listed = await asAdmin(http().get('/v1/api-keys?limit=100')).expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    await http().get('/v1/api-keys').auth(created.body.secret, { type: 'bearer' }).expect(403);
  });

  it('stores only the SHA-256 of the secret, never the secret', async () => {
    const created = await asAdmin(http().post('/v1/api-keys')).send({ name: 'Auditor', role: 'auditor' }).expect(201);
    const secret: string = created.body.secret;
    const rows = await sql.query<Record<string, unknown>>('SELECT * FROM api_keys');
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(secret.split('_').slice(2).join('_'));
    expect(dump).not.toContain(ADMIN);
    const row = rows.find((r) => r.id === created.body.id);
    expect(row?.secret_sha256).toBe(createHash('sha256').update(secret).digest('hex'));
  });

  it('takes for a customer key exactly the account and contact ids the contract routes take', async () => {
    await authoriseContact(app, ADMIN, 'acme', 'jane@acme');
    await asAdmin(http().post('/v1/api-keys'))
      .send({ name: 'Jane', role: 'customer', accountId: 'acme', contactId: 'jane@acme' })
      .expect(201);
    const tooLong = await asAdmin(http().post('/v1/api-keys'))
      .send({ name: 'X', role: 'customer', accountId: 'a'.repeat(101), contactId: 'x' })
      .expect(400);
    expect(tooLong.body.errors.map((e: { field: string }) => e.field)).toEqual(['accountId']);
  });

  it('requires accountId and contactId for a customer key', async () => {
    const response = await asAdmin(http().post('/v1/api-keys'))
      .send({ name: 'Acme contact', role: 'customer' })
      .expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['accountId', 'contactId']);
    const withAccountOnly = await asAdmin(http().post('/v1/api-keys'))
      .send({ name: 'Acme contact', role: 'customer', accountId: 'acc-1' })
      .expect(400);
    expect(withAccountOnly.body.errors.map((e: { field: string }) => e.field)).toEqual(['contactId']);
    await authoriseContact(app, ADMIN, 'acc-1', 'c-1');
    await asAdmin(http().post('/v1/api-keys'))
      .send({ name: 'Acme contact', role: 'customer', accountId: 'acc-1', contactId: 'c-1' })
      .expect(201);
  });

  it.each([
    [{ name: 'x', role: 'agent', accountId: 'acc-1' }, 'accountId'],
    [{ name: 'x', role: 'integration', contactId: 'c-1' }, 'contactId'],
    [{ name: 'x', role: 'overlord' }, 'role'],
    [{ name: '', role: 'agent' }, 'name'],
    [{ name: 'x', role: 'agent', expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
    [{ name: 'x', role: 'agent', expiresAt: 'tomorrow' }, 'expiresAt'],
    [{ name: 'x', role: 'agent', colour: 'blue' }, 'colour'],
  ])('refuses %j naming the field %s', async (body, field) => {
    const response = await asAdmin(http().post('/v1/api-keys')).send(body).expect(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('pages through keys with a next link until the last page', async () => {
    for (let i = 0; i < 3; i++)
      await asAdmin(http().post('/v1/api-keys'))
        .send({ name: `page ${i}`, role: 'agent' })
        .expect(201);
    const all = (await asAdmin(http().get('/v1/api-keys?limit=100')).expect(200)).body.items.map(
      (k: { id: string }) => k.id,
    );
    const seen: string[] = [];
    let next: string | undefined = '/v1/api-keys?limit=2';
    while (next) {
      const page: request.Response = await asAdmin(http().get(next)).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((k: { id: string }) => k.id));
      next = page.body.next;
    }
    expect(seen).toEqual(all);
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect([...all].sort()).toEqual(all);
    await asAdmin(http().get('/v1/api-keys?cursor=bm90LWFuLWlk')).expect(400);
    await asAdmin(http().get('/v1/api-keys?limit=0')).expect(400);
  });

  it('answers 404 problem+json for a key that does not exist', async () => {
    const response = await asAdmin(http().get('/v1/api-keys/0190f3aa-2b3c-7d4e-8f50-61728394a5b6')).expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    await asAdmin(http().get('/v1/api-keys/not-an-id')).expect(404);
    await asAdmin(http().delete('/v1/api-keys/0190f3aa-2b3c-7d4e-8f50-61728394a5b6')).expect(404);
  });

  it('revokes a key once; revoking again changes nothing', async () => {
    const created = await asAdmin(http().post('/v1/api-keys')).send({ name: 'Short-lived', role: 'tam' }).expect(201);
    const first = await asAdmin(http().delete(`/v1/api-keys/${created.body.id}`)).expect(200);
    expect(first.body.revokedAt).toEqual(expect.any(String));
    const again = await asAdmin(http().delete(`/v1/api-keys/${created.body.id}`)).expect(200);
    expect(again.body.revokedAt).toBe(first.body.revokedAt);
    await http().get('/health').auth(created.body.secret, { type: 'bearer' }).expect(200);
    await http().get('/v1/api-keys').auth(created.body.secret, { type: 'bearer' }).expect(401);
  });

  it('keeps one key from ADMIN_API_KEY across restarts, and rotates it when the variable changes', async () => {
    // Restarts need a store that outlives the process: a data directory, one app at a time (the embedded database is single-process).
    const dataDir = await mkdtemp(join(tmpdir(), 'caseledger-admin-key-'));
    const start = (adminKey: string) =>
      createApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ADMIN_API_KEY: adminKey }));
    const adminKeys = async (running: NestFastifyApplication, key: string) => {
      const listed = await request(running.getHttpServer())
        .get('/v1/api-keys')
        .auth(key, { type: 'bearer' })
        .expect(200);
      return (listed.body.items as { fromEnvironment: boolean; revokedAt?: string }[]).filter((k) => k.fromEnvironment);
    };
    try {
      for (let run = 0; run < 2; run++) {
        const restarted = await start(ADMIN);
        try {
          expect(await adminKeys(restarted, ADMIN)).toEqual([
            expect.not.objectContaining({ revokedAt: expect.anything() }),
          ]);
        } finally {
          await restarted.close();
        }
      }

      const rotatedKey = 'api-keys-spec-rotated-admin-key-987654';
      const rotated = await start(rotatedKey);
      try {
        const keys = await adminKeys(rotated, rotatedKey);
        expect(keys).toHaveLength(2);
        expect(keys[0].revokedAt).toEqual(expect.any(String));
        expect(keys[1].revokedAt).toBeUndefined();
        await request(rotated.getHttpServer()).get('/v1/api-keys').auth(ADMIN, { type: 'bearer' }).expect(401);
      } finally {
        await rotated.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
