/**
 * Many writers on one case without If-Match, through HTTP, on each store the API runs on. Without
 * a pinned revision a concurrent write costs the server an optimistic retry, never the client a
 * refusal: every update is answered 200 and stored exactly once.
 *
 * The clock ticks a millisecond on every reading, so each command's instant is distinct and the
 * interleaving that made a later-loaded command carry an earlier instant is reproduced without
 * depending on the machine's speed.
 */
import { ManualClock } from '@caseledger/application';
import type { EventStore } from '@caseledger/event-store';
import { EVENT_STORE } from '@caseledger/application';
import { createTestSchema, describePostgres, TestSchema } from '@caseledger/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DateTime } from 'luxon';
import request from 'supertest';
import { loadConfig } from '@caseledger/runtime';
import { createApp } from '../../apps/api/src/create-app';

const ADMIN = 'concurrency-spec-admin-key-0123456789';
const WRITERS = 8;
const UPDATES_PER_WRITER = 25;

class TickingClock extends ManualClock {
  override now(): DateTime {
    return this.advance({ milliseconds: 1 });
  }
}

async function startOn(env: Record<string, string>): Promise<NestFastifyApplication> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    ADMIN_API_KEY: ADMIN,
    RATE_LIMIT_PER_SECOND: '100000',
    RATE_LIMIT_BURST: '100000',
    ...env,
  });
  // No background work, as in test/support/api-harness.ts: the product refuses ROLE=api on the embedded
  // store, so the role is set after validation.
  config.ROLE = 'api';
  return createApp(config, { clock: new TickingClock('2026-04-01T08:00:00Z') });
}

async function concurrentUpdates(app: NestFastifyApplication): Promise<void> {
  const as = (key: string) => ({
    post: (path: string) => request(app.getHttpServer()).post(path).auth(key, { type: 'bearer' }),
  });
  const contract = await as(ADMIN)
    .post('/v1/contracts')
    .send({
      accountId: 'busy-acme',
      planId: 'bird-email-enterprise',
      serviceTimeZone: 'uk',
      startsAt: '2026-01-01T00:00:00Z',
    })
    .expect(201);
  const agent = (await as(ADMIN).post('/v1/api-keys').send({ name: 'agent', role: 'agent' }).expect(201)).body
    .secret as string;
  await as(ADMIN)
    .post(`/v1/contracts/${contract.body.id}/contacts`)
    .send({ contactId: 'olga', name: 'Olga Petrova', email: 'olga@acme.example' })
    .expect(201);
  const opened = await as(agent)
    .post('/v1/cases')
    .send({
      contractId: contract.body.id,
      contactId: 'olga',
      channel: 'portal',
      subject: 'Sends fail',
      description: '503 on every send',
      category: 'incident',
      priority: 'P2',
      criticality: 'nonCritical',
    })
    .expect(201);
  const caseId: string = opened.body.id;
  await as(agent).post(`/v1/cases/${caseId}/responses`).send({ message: 'on it' }).expect(200);

  const answers = await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      const statuses: string[] = [];
      for (let i = 0; i < UPDATES_PER_WRITER; i++) {
        const response = await as(agent)
          .post(`/v1/cases/${caseId}/progress-updates`)
          .send({ message: `writer ${writer} update ${i}` });
        statuses.push(response.status === 200 ? '200' : `${response.status} ${response.body.type}`);
      }
      return statuses;
    }),
  );
  const refused = answers.flat().filter((status) => status !== '200');
  expect(refused).toEqual([]);

  const events = await app.get<EventStore>(EVENT_STORE).readStream(`case-${caseId}`);
  const messages = events
    .filter((e) => e.type === 'ProgressUpdateGiven')
    .map((e) => (e.data as { message: string }).message);
  expect(messages).toHaveLength(WRITERS * UPDATES_PER_WRITER);
  expect(new Set(messages).size).toBe(WRITERS * UPDATES_PER_WRITER);
}

describe('concurrent progress updates on one case without If-Match, on the embedded store', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => (app = await startOn({ DATA_DIR: 'memory://' })));
  afterAll(() => app?.close());

  it(
    `${WRITERS} writers × ${UPDATES_PER_WRITER} updates: none refused, each stored once`,
    () => concurrentUpdates(app),
    60_000,
  );
});

describePostgres('concurrent progress updates on one case without If-Match, on PostgreSQL', () => {
  let schema: TestSchema;
  let app: NestFastifyApplication;
  beforeAll(async () => {
    schema = await createTestSchema('concurrent');
    app = await startOn({ DATABASE_URL: schema.connectionString });
  });
  afterAll(async () => {
    await app?.close();
    await schema?.drop();
  });

  it(
    `${WRITERS} writers × ${UPDATES_PER_WRITER} updates: none refused, each stored once`,
    () => concurrentUpdates(app),
    60_000,
  );
});
