/** Request logs: one JSON line per request with the request id, nothing secret, probes kept quiet. */
import { Controller, Get, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import { Writable } from 'node:stream';
import request from 'supertest';
import { loadConfig } from '@caseledger/runtime';
import { AppModule } from '../../apps/api/src/app.module';
import { Public } from '../../apps/api/src/auth/principal';
import { createApp } from '../../apps/api/src/create-app';

@Controller('probe')
class FailingProbeController {
  @Get('fails')
  @Public()
  fails(): never {
    throw new Error('the probe failed on purpose');
  }
}

const ADMIN = 'logging-spec-admin-key-0123456789';

describe('request logging', () => {
  let app: NestFastifyApplication;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        callback();
      },
    });
    const logger = pino({ level: 'info' }, sink);
    const config = loadConfig({ DATA_DIR: 'memory://', ADMIN_API_KEY: ADMIN, LOG_LEVEL: 'info' });
    @Module({ imports: [AppModule.register(config, { logger })], controllers: [FailingProbeController] })
    class ProbeAppModule {}
    app = await createApp(config, { rootModule: ProbeAppModule, logger });
  });
  afterAll(() => app.close());

  it('writes one line per request with its request id, status and time, and never the API key', async () => {
    await request(app.getHttpServer())
      .get('/v1/plans')
      .auth(ADMIN, { type: 'bearer' })
      .set('x-request-id', 'log-spec-1')
      .expect(200);
    const line = lines.find((l) => l.reqId === 'log-spec-1' && l.msg === 'request completed');
    expect(line).toMatchObject({ level: 30, req: { method: 'GET', url: '/v1/plans' }, res: { statusCode: 200 } });
    expect(typeof line?.responseTime).toBe('number');
    expect(JSON.stringify(lines)).not.toContain(ADMIN);
  });

  it('keeps health and metrics probes out of the log', async () => {
    await request(app.getHttpServer()).get('/health').set('x-request-id', 'log-spec-probe').expect(200);
    expect(lines.filter((l) => l.reqId === 'log-spec-probe')).toEqual([]);
  });

  it('logs an unexpected error with the request id of the request that met it', async () => {
    await request(app.getHttpServer()).get('/v1/probe/fails').set('x-request-id', 'log-spec-500').expect(500);
    const errorLine = lines.find((l) => l.level === 50 && String(l.msg).includes('the probe failed on purpose'));
    expect(errorLine).toMatchObject({ reqId: 'log-spec-500' });
  });
});
