/** Request logs: one JSON line per request with the request id, nothing secret, probes kept quiet. */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import { Writable } from 'node:stream';
import request from 'supertest';
import { loadConfig } from '@caseledger/runtime';
import { createApp } from '../../apps/api/src/create-app';

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
    app = await createApp(loadConfig({ DATA_DIR: 'memory://', ADMIN_API_KEY: ADMIN, LOG_LEVEL: 'info' }), { logger });
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
});
