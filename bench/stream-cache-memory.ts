/**
 * What one cached stream costs in memory, to size STREAM_CACHE_SIZE: the API in this process on the
 * memory store, BENCH_CASES cases opened and each answered once (the streams the write path then
 * holds), the heap measured after a full collection; once with the cache at BENCH_CASES entries
 * and once with it off. The store holds the same events in both, so the difference is the cache.
 * The process also runs the projections and reactors (ROLE=all, as the memory store needs), so
 * 500 cases take a minute or two.
 *
 *   node --expose-gc -r @swc-node/register bench/stream-cache-memory.ts
 *
 * Environment: BENCH_CASES (default 500).
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@caseledger/runtime';
import { createApp } from '../apps/api/src/create-app';
import { BENCH_CONTACT, openCaseRequest } from './support/api';

const CASES = Number(process.env.BENCH_CASES ?? 500);
const ADMIN = 'bench-admin-key-0123456789abcdefghij';

function heapAfterCollection(): number {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with node --expose-gc');
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

async function heapWithCache(size: number): Promise<number> {
  const app: NestFastifyApplication = await createApp(
    loadConfig({ DATA_DIR: 'memory://', ADMIN_API_KEY: ADMIN, LOG_LEVEL: 'silent', STREAM_CACHE_SIZE: String(size) }),
  );
  try {
    const headers = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
    const post = async (url: string, payload: object) => {
      const response = await app.inject({ method: 'POST', url, headers, payload });
      if (response.statusCode >= 300) throw new Error(`${url} answered ${response.statusCode}: ${response.body}`);
      return response.json<{ id: string }>();
    };
    const contract = await post('/v1/contracts', {
      accountId: 'bench',
      planId: 'beesender-premium',
      serviceTimeZone: 'gmt+3',
      startsAt: '2020-01-01T00:00:00Z',
    });
    await post(`/v1/contracts/${contract.id}/contacts`, BENCH_CONTACT);
    for (let i = 0; i < CASES; i++) {
      const opened = await post('/v1/cases', openCaseRequest(contract.id));
      await post(`/v1/cases/${opened.id}/responses`, { message: 'Looking into it', agentId: 'agent-1' });
    }
    return heapAfterCollection();
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const off = await heapWithCache(0);
  const on = await heapWithCache(CASES + 10);
  const perStream = (on - off) / CASES;
  console.log(
    `${CASES} cases opened and answered once: heap ${(off / 1e6).toFixed(1)} MB with the cache off, ` +
      `${(on / 1e6).toFixed(1)} MB with every case cached: ${(perStream / 1024).toFixed(1)} KiB per cached case`,
  );
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
