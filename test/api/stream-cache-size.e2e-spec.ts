/**
 * STREAM_CACHE_SIZE sizes the write path's cache of recently written streams: a command on a stream
 * the cache holds decides without reading it back; with 0 every command reads its stream.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE } from '@caseledger/application';
import type { EventStore } from '@caseledger/event-store';
import { loadConfig } from '@caseledger/runtime';
import { createApp } from '../../apps/api/src/create-app';

const ADMIN = 'stream-cache-spec-admin-key-0123456789';

async function caseStreamReadsOfTwoResponses(streamCacheSize: string): Promise<number> {
  const app: NestFastifyApplication = await createApp(
    loadConfig({
      DATA_DIR: 'memory://',
      ADMIN_API_KEY: ADMIN,
      LOG_LEVEL: 'silent',
      STREAM_CACHE_SIZE: streamCacheSize,
    }),
  );
  try {
    const headers = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
    const send = async (url: string, payload: object, status: number) => {
      const response = await app.inject({ method: 'POST', url, headers, payload });
      expect(response.statusCode).toBe(status);
      return response.json<{ id: string }>();
    };
    const contract = await send(
      '/v1/contracts',
      { accountId: 'acme', planId: 'beesender-premium', serviceTimeZone: 'gmt+3', startsAt: '2020-01-01T00:00:00Z' },
      201,
    );
    await send(
      `/v1/contracts/${contract.id}/contacts`,
      { contactId: 'ann', name: 'Ann', email: 'ann@acme.example' },
      201,
    );
    const opened = await send(
      '/v1/cases',
      {
        contractId: contract.id,
        contactId: 'ann',
        channel: 'portal',
        subject: 'Messages are not delivered',
        description: 'They never arrive',
        category: 'incident',
        priority: 'P2',
        criticality: 'nonCritical',
      },
      201,
    );
    const store = app.get<EventStore>(EVENT_STORE);
    const reads = jest.spyOn(store, 'readStream');
    for (const message of ['Looking into it', 'Found it'])
      await send(`/v1/cases/${opened.id}/responses`, { message, agentId: 'agent-1' }, 200);
    return reads.mock.calls.filter(([stream]) => stream === `case-${opened.id}`).length;
  } finally {
    await app.close();
  }
}

describe('the write path cache size (STREAM_CACHE_SIZE)', () => {
  it('answers commands on a stream this process wrote from the cache by default', async () => {
    expect(await caseStreamReadsOfTwoResponses('10000')).toBe(0);
  });

  it('reads the stream for every command with a cache of 0', async () => {
    expect(await caseStreamReadsOfTwoResponses('0')).toBe(2);
  });
});
