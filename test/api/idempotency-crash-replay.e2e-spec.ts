/**
 * A retry after the process died between storing the events and completing the idempotency record.
 *
 * The crash is reproduced by its result: the command's events are in the store and the record is
 * back to `in_progress` with no response, exactly what a kill between the two writes leaves. The
 * lease runs on the injected clock, so the test moves time past it instead of waiting. The retry
 * must answer the first result as a replay and store nothing more.
 */
import type { SqlClient } from '@caseledger/event-store';
import { createTestSchema, postgresAvailable, TestSchema } from '@caseledger/testing';
import { STATE_DB } from '@caseledger/runtime';
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';

const CASE = {
  channel: 'portal',
  subject: 'Sending API unavailable',
  description: '503 on every send',
  category: 'incident',
  priority: 'P2',
  criticality: 'nonCritical',
};

const stores: [string, () => Promise<{ env: Record<string, string>; drop(): Promise<void> }>][] = [
  ['the embedded store', async () => ({ env: {}, drop: async () => undefined })],
  ...(postgresAvailable()
    ? [
        [
          'PostgreSQL',
          async () => {
            const schema: TestSchema = await createTestSchema('crashreplay');
            return { env: { DATABASE_URL: schema.connectionString }, drop: () => schema.drop() };
          },
        ] as [string, () => Promise<{ env: Record<string, string>; drop(): Promise<void> }>],
      ]
    : []),
];

describe.each(stores)(
  'a retry with the same Idempotency-Key after a crash before the record was completed, on %s',
  (_name, storeFor) => {
    let store: { env: Record<string, string>; drop(): Promise<void> };
    let api: ApiHarness;
    let sql: SqlClient;
    let customer: string;
    let agent: string;
    let contractId: string;

    /** What a kill -9 after the append and before the record's completion leaves behind. */
    const forgetCompletion = (key: string) =>
      sql.query(
        `UPDATE idempotency_records SET state = 'in_progress', status_code = NULL, response_headers = NULL,
         response_body = NULL WHERE idempotency_key = $1`,
        [key],
      );
    /**
     * Every committed event, counted in the events table itself: reading `$all` on PostgreSQL hides the
     * newest events while any older transaction on the server is still open, which would make a count
     * taken right after a write read short.
     */
    const storedEvents = async () => (await sql.query<{ n: number }>('select count(*)::int as n from events'))[0].n;
    const openCase = (key: string) =>
      api
        .as(customer)
        .post('/v1/cases')
        .set('idempotency-key', key)
        .send({ contractId, ...CASE });
    const progressUpdate = (caseId: string, key: string | undefined, message: string) => {
      const test = api.as(agent).post(`/v1/cases/${caseId}/progress-updates`);
      return (key === undefined ? test : test.set('idempotency-key', key)).send({ message });
    };

    beforeAll(async () => {
      store = await storeFor();
      api = await startApi({ now: '2026-04-01T08:00:00Z', env: { IDEMPOTENCY_LEASE_SECONDS: '30', ...store.env } });
      sql = api.app.get<SqlClient>(STATE_DB);
      const signed = await api
        .as(ADMIN_KEY)
        .post('/v1/contracts')
        .send({
          accountId: 'crash-acme',
          planId: 'bird-email-enterprise',
          serviceTimeZone: 'uk',
          startsAt: '2026-01-01T00:00:00Z',
        })
        .expect(201);
      contractId = signed.body.id;
      await api
        .as(ADMIN_KEY)
        .post(`/v1/contracts/${contractId}/contacts`)
        .send({ contactId: 'olga', name: 'Olga Petrova', email: 'olga@acme.example' })
        .expect(201);
      customer = await api.createKey('customer', { accountId: 'crash-acme', contactId: 'olga' });
      agent = await api.createKey('agent');
    });
    afterAll(async () => {
      await api?.close();
      await store?.drop();
    });

    it('opening a case: the retry answers 201 with the first case id, body and ETag as a replay, and opens no second case', async () => {
      const first = await openCase('open-1').expect(201);
      await forgetCompletion('open-1');
      const events = await storedEvents();

      // Within the lease the first attempt may still be running: the client is told to retry later.
      await openCase('open-1').expect(409);
      api.clock.advance({ seconds: 31 });
      const retry = await openCase('open-1').expect(201);

      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      for (const header of ['etag', 'location', 'x-position'])
        expect(retry.headers[header]).toBe(first.headers[header]);
      expect(await storedEvents()).toBe(events);
      // The retry completed the record: the next one is answered from it.
      const again = await openCase('open-1').expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    });

    it('a progress update: the retry answers the first revision as a replay, even after other writes moved the case on', async () => {
      const opened = await openCase('open-2').expect(201);
      const caseId: string = opened.body.id;
      api.clock.advance({ minutes: 5 });
      await api.as(agent).post(`/v1/cases/${caseId}/responses`).send({ message: 'on it' }).expect(200);
      api.clock.advance({ minutes: 5 });
      const first = await progressUpdate(caseId, 'update-1', 'looking into it').expect(200);
      await forgetCompletion('update-1');
      api.clock.advance({ minutes: 5 });
      await progressUpdate(caseId, undefined, 'someone else').expect(200);
      const events = await storedEvents();

      api.clock.advance({ seconds: 31 });
      const retry = await progressUpdate(caseId, 'update-1', 'looking into it').expect(200);

      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.etag).toBe(first.headers.etag);
      expect(await storedEvents()).toBe(events);
      const stored = await api.store.readStream(`case-${caseId}`);
      expect(stored.filter((e) => e.type === 'ProgressUpdateGiven')).toHaveLength(2);
    });
  },
);
