/**
 * STREAM_CACHE_SIZE sizes the write path's cache of recently written streams: a command on a stream
 * the cache holds decides without reading it back, one on a stream that fell out reads it first.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE } from '@caseledger/application';
import type { EventStore } from '@caseledger/event-store';
import { loadConfig } from '@caseledger/runtime';
import { createApp } from '../../apps/api/src/create-app';

const ADMIN = 'stream-cache-spec-admin-key-0123456789';

describe('the write path cache size (STREAM_CACHE_SIZE)', () => {
  let app: NestFastifyApplication;
  const headers = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
  const send = async (url: string, payload: object, status: number) => {
    const response = await app.inject({ method: 'POST', url, headers, payload });
    expect(response.statusCode).toBe(status);
    return response.json<{ id: string }>();
  };
  let contractId: string;
  const openCase = async () =>
    (
      await send(
        '/v1/cases',
        {
          contractId,
          contactId: 'ann',
          channel: 'portal',
          subject: 'Messages are not delivered',
          description: 'They never arrive',
          category: 'incident',
          priority: 'P2',
          criticality: 'nonCritical',
        },
        201,
      )
    ).id;
  const respond = (caseId: string) =>
    send(`/v1/cases/${caseId}/responses`, { message: 'Looking into it', agentId: 'agent-1' }, 200);

  beforeAll(async () => {
    // One stream: the default (10,000) would keep every stream this test writes.
    app = await createApp(
      loadConfig({ DATA_DIR: 'memory://', ADMIN_API_KEY: ADMIN, LOG_LEVEL: 'silent', STREAM_CACHE_SIZE: '1' }),
    );
    contractId = (
      await send(
        '/v1/contracts',
        { accountId: 'acme', planId: 'beesender-premium', serviceTimeZone: 'gmt+3', startsAt: '2020-01-01T00:00:00Z' },
        201,
      )
    ).id;
    await send(
      `/v1/contracts/${contractId}/contacts`,
      { contactId: 'ann', name: 'Ann', email: 'ann@acme.example' },
      201,
    );
  });
  afterAll(() => app.close());

  it('keeps as many streams as it is told: the last one written is answered from the cache, an older one is read', async () => {
    const first = await openCase();
    const second = await openCase();
    const reads = jest.spyOn(app.get<EventStore>(EVENT_STORE), 'readStream');
    const readsOf = (caseId: string) => reads.mock.calls.filter(([stream]) => stream === `case-${caseId}`).length;
    await respond(second);
    expect(readsOf(second)).toBe(0);
    await respond(first);
    expect(readsOf(first)).toBe(1);
    reads.mockRestore();
  });
});
