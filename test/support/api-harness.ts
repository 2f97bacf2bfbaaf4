/**
 * One running API for an e2e file: embedded in-memory store, a moved-by-hand clock, an admin key,
 * and shortcuts to mint keys of other roles and to count what the event store holds.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EVENT_STORE, ManualClock } from '@caseledger/application';
import type { EventStore } from '@caseledger/event-store';
import request from 'supertest';
import { ProjectionHost } from '@caseledger/read-models';
import { loadConfig } from '@caseledger/runtime';
import { createApp } from '../../apps/api/src/create-app';

export const ADMIN_KEY = 'e2e-admin-key-0123456789abcdef0123';

export interface ApiHarness {
  app: NestFastifyApplication;
  clock: ManualClock;
  store: EventStore;
  http(): request.Agent;
  /** A request builder that sends the given bearer key. */
  as(key: string): {
    get(path: string): request.Test;
    post(path: string): request.Test;
    delete(path: string): request.Test;
    put(path: string): request.Test;
    patch(path: string): request.Test;
  };
  createKey(role: string, extra?: { accountId?: string; contactId?: string }): Promise<string>;
  eventCount(): Promise<number>;
  close(): Promise<void>;
}

/**
 * ROLE defaults to `api`: a test that moves the clock past deadlines would otherwise see the
 * deadline watcher and the sagas append events under it. Tests of background work pass ROLE `all`.
 * The product refuses ROLE=api on the embedded store (no worker could run the deadlines); an API
 * whose deadlines nobody runs is exactly what such a test wants, so the role is set after validation.
 */
export async function startApi(options: { now?: string; env?: Record<string, string> } = {}): Promise<ApiHarness> {
  const clock = new ManualClock(options.now ?? '2026-04-01T08:00:00Z');
  const { ROLE, ...env } = options.env ?? {};
  const config = loadConfig({
    DATA_DIR: 'memory://',
    LOG_LEVEL: 'silent',
    ADMIN_API_KEY: ADMIN_KEY,
    RATE_LIMIT_PER_SECOND: '100000',
    RATE_LIMIT_BURST: '100000',
    ...env,
    ...(ROLE !== undefined && { ROLE }),
  });
  if (ROLE === undefined) config.ROLE = 'api';
  const app = await createApp(config, { clock });
  // On PostgreSQL, ROLE=api leaves projections to the worker beside it; customer keys are checked
  // against the account directory that worker keeps, so that one projection runs here in its stead.
  if (config.ROLE === 'api' && config.DATABASE_URL !== undefined)
    app.get(ProjectionHost).runner('account_directory')?.start();
  const store = app.get<EventStore>(EVENT_STORE);
  const http = () => request.agent(app.getHttpServer());
  const as = (key: string) => ({
    get: (path: string) => request(app.getHttpServer()).get(path).auth(key, { type: 'bearer' }),
    post: (path: string) => request(app.getHttpServer()).post(path).auth(key, { type: 'bearer' }),
    delete: (path: string) => request(app.getHttpServer()).delete(path).auth(key, { type: 'bearer' }),
    put: (path: string) => request(app.getHttpServer()).put(path).auth(key, { type: 'bearer' }),
    patch: (path: string) => request(app.getHttpServer()).patch(path).auth(key, { type: 'bearer' }),
  });
  return {
    app,
    clock,
    store,
    http,
    as,
    async createKey(role, extra = {}) {
      const response = await as(ADMIN_KEY)
        .post('/v1/api-keys')
        .send({ name: `${role} key`, role, ...extra });
      if (response.status !== 201)
        throw new Error(`creating a ${role} key answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response.body.secret as string;
    },
    async eventCount() {
      return (await store.readAll()).length;
    },
    close: () => app.close(),
  };
}
