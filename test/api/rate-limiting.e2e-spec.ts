/** Rate limits through HTTP, with a tiny budget so a handful of requests exhausts it. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { ManualClock } from '@caseledger/application';
import { ApiKeyIssuer } from '../../apps/api/src/api-keys/api-key.issuer';
import type { Role } from '../../apps/api/src/auth/principal';
import { loadConfig } from '@caseledger/runtime';
import { createApp } from '../../apps/api/src/create-app';

const ADMIN = 'rate-limit-spec-admin-key-0123456789';

describe('rate limiting', () => {
  let app: NestFastifyApplication;
  // Buckets refill only when this clock moves, so a slow machine cannot refill one mid-test.
  const clock = new ManualClock('2026-04-01T08:00:00Z');
  const http = () => request(app.getHttpServer());
  // trustProxy is on, so each test speaks from its own address and has its own per-IP bucket.
  const from = (address: string) => ({ 'x-forwarded-for': address });

  beforeAll(async () => {
    app = await createApp(
      loadConfig({
        DATA_DIR: 'memory://',
        LOG_LEVEL: 'silent',
        ADMIN_API_KEY: ADMIN,
        RATE_LIMIT_PER_SECOND: '1',
        RATE_LIMIT_BURST: '4',
        RATE_LIMIT_ANONYMOUS_PER_SECOND: '1',
        RATE_LIMIT_ANONYMOUS_BURST: '2',
      }),
      { clock },
    );
  });
  afterAll(() => app.close());

  // Keys are issued directly: creating them over HTTP would spend the admin key's tiny budget.
  async function keyFor(role: Role = 'agent'): Promise<string> {
    return (await app.get(ApiKeyIssuer).issue({ name: role, role })).secret;
  }

  it('answers 429 problem+json with Retry-After once a key has spent its burst', async () => {
    const key = await keyFor();
    const statuses: number[] = [];
    let last!: request.Response;
    for (let i = 0; i < 5; i++) {
      last = await http().get('/health').set(from('10.0.0.1')).auth(key, { type: 'bearer' });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect(last.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(last.body).toMatchObject({ status: 429, type: 'urn:caseledger:problem:rate-limited' });
    expect(Number(last.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(last.headers['retry-after']).toMatch(/^\d+$/);
    expect(last.headers['ratelimit-limit']).toBe('4');
    expect(last.headers['ratelimit-remaining']).toBe('0');
  });

  it('tells the caller how much budget is left on every answer', async () => {
    const key = await keyFor();
    const first = await http().get('/health').auth(key, { type: 'bearer' }).expect(200);
    expect(first.headers['ratelimit-limit']).toBe('4');
    expect(first.headers['ratelimit-remaining']).toBe('3');
  });

  it('gives every key its own budget, so one busy key does not starve another', async () => {
    const busy = await keyFor();
    for (let i = 0; i < 4; i++) await http().get('/health').auth(busy, { type: 'bearer' }).expect(200);
    await http().get('/health').auth(busy, { type: 'bearer' }).expect(429);
    const quiet = await keyFor();
    await http().get('/health').auth(quiet, { type: 'bearer' }).expect(200);
  });

  it('refills the bucket over time', async () => {
    const key = await keyFor();
    for (let i = 0; i < 4; i++) await http().get('/health').auth(key, { type: 'bearer' }).expect(200);
    const refused = await http().get('/health').auth(key, { type: 'bearer' }).expect(429);
    clock.advance({ seconds: Number(refused.headers['retry-after']) });
    await http().get('/health').auth(key, { type: 'bearer' }).expect(200);
  });

  it('limits requests without a valid key per address, more strictly, before telling 401', async () => {
    await http().get('/v1/api-keys').set(from('10.0.0.2')).expect(401);
    await http().get('/v1/api-keys').set(from('10.0.0.2')).auth('guessing-a-key-0000', { type: 'bearer' }).expect(401);
    const refused = await http()
      .get('/v1/api-keys')
      .set(from('10.0.0.2'))
      .auth('guessing-a-key-0001', { type: 'bearer' })
      .expect(429);
    expect(refused.headers['ratelimit-limit']).toBe('2');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await http().get('/health').set(from('10.0.0.2')).expect(429);
    await http().get('/health').set(from('10.0.0.3')).expect(200);
    // A valid key from the same address spends its own budget.
    await http()
      .get('/v1/api-keys')
      .set(from('10.0.0.2'))
      .auth(await keyFor('admin'), { type: 'bearer' })
      .expect(200);
  });
});
