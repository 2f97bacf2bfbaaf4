/**
 * A client whose headers arrived but whose body stalls must not hold its connection: the server
 * answers 408 or closes once HTTP_REQUEST_TIMEOUT_MS has passed.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@caseledger/runtime';
import { createApp } from '../../apps/api/src/create-app';

const ADMIN = 'slow-clients-spec-admin-key-0123456789';

describe('slow clients', () => {
  let app: NestFastifyApplication;
  let port: number;

  beforeAll(async () => {
    app = await createApp(
      loadConfig({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent', ADMIN_API_KEY: ADMIN, HTTP_REQUEST_TIMEOUT_MS: '1000' }),
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => app.close());

  /** Sends the headers and the first 5 bytes of a longer body, then nothing; resolves with what came back once the socket closes. */
  function stallAfterFiveBytes(): Promise<{ answer: string; closed: boolean }> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      // Far beyond the limit the server is given: this only stops the test from hanging when the server never gives up.
      const giveUp = setTimeout(() => {
        socket.destroy();
        resolve({ answer, closed: false });
      }, 20_000);
      socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
      socket.on('error', reject);
      socket.on('close', () => {
        clearTimeout(giveUp);
        resolve({ answer, closed: true });
      });
      socket.write(
        [
          'POST /v1/api-keys HTTP/1.1',
          'Host: 127.0.0.1',
          `Authorization: Bearer ${ADMIN}`,
          'Content-Type: application/json',
          'Content-Length: 100',
          '',
          '{"nam',
        ].join('\r\n'),
      );
    });
  }

  it('answers 408 or closes a request whose body stalls, once the request timeout has passed', async () => {
    const { answer, closed } = await stallAfterFiveBytes();
    expect(closed).toBe(true);
    if (answer !== '') expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  }, 30_000);

  it('takes the timeouts from the environment, with documented defaults, and refuses nonsense', () => {
    expect(loadConfig({})).toMatchObject({
      HTTP_REQUEST_TIMEOUT_MS: 30_000,
      HTTP_IDLE_TIMEOUT_MS: 60_000,
      HTTP_KEEP_ALIVE_TIMEOUT_MS: 5_000,
    });
    expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT_MS: '0' })).toThrow(/HTTP_REQUEST_TIMEOUT_MS/);
    expect(() => loadConfig({ HTTP_IDLE_TIMEOUT_MS: 'forever' })).toThrow(/HTTP_IDLE_TIMEOUT_MS/);
  });
});
