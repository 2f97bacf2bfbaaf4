/**
 * What one cached stream costs in memory, to size STREAM_CACHE_SIZE. The API in this process, on
 * the memory store, opens a case and answers it once; the case's stored events (what the write
 * path then holds for it) are then cached as BENCH_CASES distinct cases, each with its own ids and
 * chain hash, in one stream cache as the write path fills it (`SUPPORT_CASES`' shared parts, so all
 * of them share one copy of their contract's terms) and in another that shares nothing. The heap
 * is read after a full collection before and after filling each cache, in one process: comparing
 * two boots of the application instead read 12 KiB per case where the cache held 3, because two
 * boots differ by megabytes of their own (code compiled, buffers).
 *
 *   node --expose-gc -r @swc-node/register bench/stream-cache-memory.ts
 *
 * Environment: BENCH_CASES (default 20000).
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RecordedEvent } from '@caseledger/event-store';
import { SUPPORT_CASES } from '@caseledger/application';
import { EVENT_STORE, loadConfig } from '@caseledger/runtime';
import { createApp } from '../apps/api/src/create-app';
import { cachedEvent, StreamCache } from '../libs/application/src/write-path/stream-cache';
import { BENCH_CONTACT, openCaseRequest } from './support/api';

const CASES = Number(process.env.BENCH_CASES ?? 20_000);
const ADMIN = 'bench-admin-key-0123456789abcdefghij';

function heapAfterCollection(): number {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with node --expose-gc');
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

/** The stored events of one case opened under a contract and answered once. */
async function answeredCase(): Promise<{ caseId: string; records: RecordedEvent[] }> {
  const app: NestFastifyApplication = await createApp(
    loadConfig({ DATA_DIR: 'memory://', ADMIN_API_KEY: ADMIN, LOG_LEVEL: 'silent' }),
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
    const opened = await post('/v1/cases', openCaseRequest(contract.id));
    await post(`/v1/cases/${opened.id}/responses`, { message: 'Looking into it', agentId: 'agent-1' });
    const store = app.get<{ readStream(id: string): Promise<RecordedEvent[]> }>(EVENT_STORE);
    return { caseId: opened.id, records: await store.readStream(SUPPORT_CASES.streamOf(opened.id)) };
  } finally {
    await app.close();
  }
}

/** KiB of heap per case for CASES cases in one cache, each a distinct copy of the case's events. */
function perCase(caseId: string, records: RecordedEvent[], shared: boolean): number {
  const texts = records.map((r) => ({ type: r.type, text: JSON.stringify(r.data) }));
  const before = heapAfterCollection();
  const cache = new StreamCache(CASES);
  for (let i = 0; i < CASES; i++) {
    const id = `${caseId.slice(0, -8)}${i.toString(16).padStart(8, '0')}`;
    const events = texts.map(({ type, text }) => {
      const data: unknown = JSON.parse(text.replaceAll(caseId, id));
      const keys = shared ? SUPPORT_CASES.sharedParts?.[type] : undefined;
      return cachedEvent(type, data, keys && { keys, parts: cache.shared });
    });
    cache.set(SUPPORT_CASES.streamOf(id), {
      events,
      revision: BigInt(records.length - 1),
      chainHash: i.toString(16).padStart(64, '0'),
    });
  }
  const after = heapAfterCollection();
  if (!cache.get(SUPPORT_CASES.streamOf(caseId.slice(0, -8) + '00000000'))) throw new Error('the cache lost a case');
  return (after - before) / CASES / 1024;
}

async function main(): Promise<void> {
  const { caseId, records } = await answeredCase();
  const events = records.map((r) => `${r.type} (${JSON.stringify(r.data).length} bytes of JSON)`).join(', ');
  const unshared = perCase(caseId, records, false);
  const shared = perCase(caseId, records, true);
  console.log(`a case opened and answered once: ${events}`);
  console.log(
    `${CASES} such cases cached: ${shared.toFixed(2)} KiB per case with the terms shared as the write path does, ` +
      `${unshared.toFixed(2)} KiB with nothing shared; ${((shared * 10_000) / 1024).toFixed(0)} MB for 10,000 cases`,
  );
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
