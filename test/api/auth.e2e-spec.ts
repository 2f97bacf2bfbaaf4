/**
 * The API key guard through HTTP: who gets 401, who gets 403, and that a route which forgot to
 * declare its roles admits admins only. Probe routes stand in for the product's controllers.
 */
import { Controller, Get, Module } from '@nestjs/common';
import { ManualClock } from '@caseledger/application';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { AppModule } from '../../apps/api/src/app.module';
import { CurrentPrincipal, Principal, Public, Roles, ROLES } from '../../apps/api/src/auth/principal';
import { loadConfig } from '@caseledger/runtime';
import { authoriseContact } from '../support/authorised-contact';
import { createApp } from '../../apps/api/src/create-app';

const ADMIN = 'auth-spec-admin-key-0123456789';

@Controller('probe')
class ProbeController {
  @Get('undeclared')
  undeclared(@CurrentPrincipal() principal: Principal) {
    return { role: principal.role };
  }

  @Get('agents')
  @Roles('agent', 'tam')
  agents(@CurrentPrincipal() principal: Principal) {
    return principal;
  }

  @Get('who')
  @Roles(...ROLES)
  who(@CurrentPrincipal() principal: Principal) {
    return principal;
  }

  @Get('open')
  @Public()
  open() {
    return { open: true };
  }
}

@Roles('auditor')
@Controller('probe-audit')
class AuditProbeController {
  @Get()
  audit() {
    return { ok: true };
  }

  @Get('admins')
  @Roles('admin')
  admins() {
    return { ok: true };
  }
}

describe('authentication and roles', () => {
  let app: NestFastifyApplication;
  // Years ahead of the wall clock, so an expiry read from the wall clock instead could never pass.
  const clock = new ManualClock('2031-06-01T08:00:00Z');
  const http = () => request(app.getHttpServer());

  async function keyFor(role: string, extra: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
    const response = await http()
      .post('/v1/api-keys')
      .auth(ADMIN, { type: 'bearer' })
      .send({ name: `${role} key`, role, ...extra })
      .expect(201);
    return response.body as { id: string; secret: string };
  }

  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN });
    @Module({
      imports: [AppModule.register(config, { clock })],
      controllers: [ProbeController, AuditProbeController],
    })
    class ProbeAppModule {}
    app = await createApp(config, { rootModule: ProbeAppModule, clock });
  });
  afterAll(() => app.close());

  it('refuses a request without a key with 401 problem+json and a Bearer challenge', async () => {
    const response = await http().get('/v1/api-keys').expect(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(response.body).toMatchObject({ status: 401, type: 'urn:caseledger:problem:unauthenticated' });
  });

  it.each([
    ['an unknown key in our format', `clk_${'0'.repeat(32)}_${'A'.repeat(43)}`],
    ['a made-up string', 'not-a-key-at-all-but-long'],
    ['the admin key with one character changed', `${ADMIN.slice(0, -1)}X`],
  ])('refuses %s with 401 invalid_token', async (_, token) => {
    const response = await http().get('/v1/api-keys').auth(token, { type: 'bearer' }).expect(401);
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('refuses a key whose secret is wrong even though its id exists', async () => {
    const { secret } = await keyFor('admin');
    const forged = `${secret.slice(0, -4)}${secret.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    await http().get('/v1/api-keys').auth(forged, { type: 'bearer' }).expect(401);
    await http().get('/v1/api-keys').auth(secret, { type: 'bearer' }).expect(200);
  });

  it('refuses other schemes than Bearer', async () => {
    await http()
      .get('/v1/api-keys')
      .set('authorization', `Basic ${Buffer.from(`x:${ADMIN}`).toString('base64')}`)
      .expect(401);
  });

  it('refuses an expiresAt that is not after the application clock', async () => {
    const response = await http()
      .post('/v1/api-keys')
      .auth(ADMIN, { type: 'bearer' })
      .send({ name: 'late', role: 'agent', expiresAt: clock.now().minus({ seconds: 1 }).toISO() })
      .expect(400);
    expect(JSON.stringify(response.body.errors)).toContain('expiresAt');
  });

  it('refuses a revoked key with 401 from the next request on', async () => {
    const { id, secret } = await keyFor('agent');
    await http().get('/v1/probe/agents').auth(secret, { type: 'bearer' }).expect(200);
    await http().delete(`/v1/api-keys/${id}`).auth(ADMIN, { type: 'bearer' }).expect(200);
    const response = await http().get('/v1/probe/agents').auth(secret, { type: 'bearer' }).expect(401);
    expect(response.body.detail).toMatch(/revoked/);
  });

  it('refuses a key once its expiry instant has passed on the application clock, even while it is cached', async () => {
    const { secret } = await keyFor('agent', { expiresAt: clock.now().plus({ minutes: 10 }).toISO() });
    await http().get('/v1/probe/agents').auth(secret, { type: 'bearer' }).expect(200);
    clock.advance({ minutes: 9, seconds: 59 });
    await http().get('/v1/probe/agents').auth(secret, { type: 'bearer' }).expect(200);
    clock.advance({ seconds: 1 });
    const response = await http().get('/v1/probe/agents').auth(secret, { type: 'bearer' }).expect(401);
    expect(response.body.detail).toMatch(/expired/);
  });

  it('answers 403 problem+json to a role the route does not admit', async () => {
    const { secret } = await keyFor('agent');
    const response = await http().get('/v1/api-keys').auth(secret, { type: 'bearer' }).expect(403);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 403, type: 'urn:caseledger:problem:forbidden' });
    expect(response.body.detail).toContain('agent');
  });

  it('admits only admins on a route that declares neither roles nor public', async () => {
    for (const role of ['agent', 'tam', 'auditor', 'integration']) {
      const { secret } = await keyFor(role);
      await http().get('/v1/probe/undeclared').auth(secret, { type: 'bearer' }).expect(403);
    }
    await authoriseContact(app, ADMIN, 'acc-1', 'contact-1');
    const { secret } = await keyFor('customer', { accountId: 'acc-1', contactId: 'contact-1' });
    await http().get('/v1/probe/undeclared').auth(secret, { type: 'bearer' }).expect(403);
    await http().get('/v1/probe/undeclared').auth(ADMIN, { type: 'bearer' }).expect(200, { role: 'admin' });
  });

  it("lets a handler's roles override its controller's", async () => {
    const auditor = await keyFor('auditor');
    await http().get('/v1/probe-audit').auth(auditor.secret, { type: 'bearer' }).expect(200);
    await http().get('/v1/probe-audit').auth(ADMIN, { type: 'bearer' }).expect(403);
    await http().get('/v1/probe-audit/admins').auth(auditor.secret, { type: 'bearer' }).expect(403);
    await http().get('/v1/probe-audit/admins').auth(ADMIN, { type: 'bearer' }).expect(200);
  });

  it('hands the principal to the handler, with the account and contact of a customer key', async () => {
    const tam = await keyFor('tam');
    const staff = await http().get('/v1/probe/who').auth(tam.secret, { type: 'bearer' }).expect(200);
    expect(staff.body).toEqual({ keyId: tam.id, role: 'tam', name: 'tam key' });
    await authoriseContact(app, ADMIN, 'acc-7', 'contact-9');
    const customer = await keyFor('customer', { accountId: 'acc-7', contactId: 'contact-9' });
    const scoped = await http().get('/v1/probe/who').auth(customer.secret, { type: 'bearer' }).expect(200);
    expect(scoped.body).toEqual({
      keyId: customer.id,
      role: 'customer',
      name: 'customer key',
      accountId: 'acc-7',
      contactId: 'contact-9',
    });
  });

  it('serves public routes, the OpenAPI document and Swagger UI without a key', async () => {
    await http().get('/health').expect(200);
    await http().get('/ready').expect(200);
    await http().get('/metrics').expect(200);
    await http().get('/v1/probe/open').expect(200, { open: true });
    await http().get('/v1/probe/open').auth('garbage-but-long-enough', { type: 'bearer' }).expect(200);
    expect((await http().get('/openapi.json').expect(200)).body.openapi).toMatch(/^3\./);
    await http().get('/docs').expect(200);
  });
});
