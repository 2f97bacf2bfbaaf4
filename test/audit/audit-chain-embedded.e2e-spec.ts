/**
 * The chain verdict of GET /v1/cases/{id}/history on the embedded store (PGlite): a fresh case
 * verifies from revision 0; a stream whose first events predate the chain says where the chain
 * starts; an event row edited behind the store's back is named exactly; the NDJSON form keeps
 * the route's tenancy.
 */
import { chainHash, CHAIN_HASH_KEY, GENESIS_HASH, storedEventsOf } from '@caseledger/application';
import { EmbeddedEventStore, type SqlClient } from '@caseledger/event-store';
import { ApiHarness, startApi } from '../support/api-harness';
import { openTwoAccountCase, TwoAccountCase } from '../support/two-account-case';

interface Chain {
  verified: boolean;
  hashedFrom: string | null;
  broken: { revision: string; reason: string }[];
}

describe('the chain verdict of a case history on the embedded store', () => {
  let api: ApiHarness;
  let opened: TwoAccountCase;
  let sql: SqlClient;

  beforeAll(async () => {
    api = await startApi({ now: '2026-04-02T08:00:00Z' });
    opened = await openTwoAccountCase(api);
    await opened.step('2026-04-02T10:00:00Z', opened.agent, 'responses', { message: 'Looking into it' });
    await opened.step('2026-04-02T11:00:00Z', opened.agent, 'progress-updates', { message: 'Still on it' });
    await opened.step('2026-04-02T12:00:00Z', opened.agent, 'progress-updates', { message: 'Nearly there' });
    const store = storedEventsOf(api.store);
    if (!(store instanceof EmbeddedEventStore)) throw new Error('the harness was expected to run the embedded store');
    sql = store.sqlClient;
  });
  afterAll(() => api.close());

  const stream = () => `case-${opened.caseId}`;
  const chain = async (key = opened.auditor): Promise<Chain> =>
    ((await api.as(key).get(`/v1/cases/${opened.caseId}/history?limit=2`).expect(200)).body as { chain: Chain }).chain;

  /** Rewrites stored rows, the append-only trigger disabled for the rewrite only. */
  async function rewrite(rows: { revision: bigint; data?: unknown; metadata?: unknown }[]): Promise<void> {
    await sql.transaction(async (tx) => {
      await tx.query('alter table events disable trigger events_append_only');
      for (const row of rows) {
        if (row.data !== undefined)
          await tx.query('update events set data = $3::jsonb where stream_id = $1 and revision = $2', [
            stream(),
            row.revision.toString(),
            JSON.stringify(row.data),
          ]);
        if (row.metadata !== undefined)
          await tx.query('update events set metadata = $3::jsonb where stream_id = $1 and revision = $2', [
            stream(),
            row.revision.toString(),
            JSON.stringify(row.metadata),
          ]);
      }
      await tx.query('alter table events enable trigger events_append_only');
    });
  }

  it('verifies a case written through the API from its first event, on every page', async () => {
    expect(await chain()).toEqual({ verified: true, hashedFrom: '0', broken: [] });
    expect(await chain(opened.customer)).toEqual({ verified: true, hashedFrom: '0', broken: [] });
  });

  it('keeps the tenancy of the route for the NDJSON form', async () => {
    const response = await api
      .as(opened.foreigner)
      .get(`/v1/cases/${opened.caseId}/history`)
      .set('accept', 'application/x-ndjson')
      .expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('says the chain starts at the first hashed event when earlier events predate it', async () => {
    // The stream as a store upgraded mid-life holds it: the first three events without a hash, the
    // rest chained from the genesis hash, as the write path chains after an unhashed event.
    const events = await storedEventsOf(api.store).readStream(stream());
    let previous = GENESIS_HASH;
    const rows = events.map((event) => {
      const { [CHAIN_HASH_KEY]: _dropped, ...metadata } = event.metadata;
      if (event.revision < 3n) return { revision: event.revision, metadata };
      previous = chainHash(previous, { ...event, metadata, stream: event.streamId });
      return { revision: event.revision, metadata: { ...metadata, [CHAIN_HASH_KEY]: previous } };
    });
    await rewrite(rows);
    expect(await chain()).toEqual({ verified: true, hashedFrom: '3', broken: [] });

    const ndjson = await api
      .as(opened.auditor)
      .get(`/v1/cases/${opened.caseId}/history`)
      .set('accept', 'application/x-ndjson')
      .buffer(true)
      .parse((res, done) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => done(null, body));
      })
      .expect(200);
    const lines = (ndjson.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { revision: string; hash: string | null; previousHash: string | null });
    expect(lines.slice(0, 4).map((l) => [l.revision, l.hash === null, l.previousHash])).toEqual([
      ['0', true, null],
      ['1', true, null],
      ['2', true, null],
      ['3', false, GENESIS_HASH],
    ]);
  });

  it('names exactly the event whose row was edited', async () => {
    const events = await storedEventsOf(api.store).readStream(stream());
    const update = events.find((e) => e.type === 'ProgressUpdateGiven')!;
    await rewrite([{ revision: update.revision, data: { ...(update.data as object), message: 'Done' } }]);
    const verdict = await chain();
    expect(verdict.verified).toBe(false);
    expect(verdict.broken).toEqual([
      {
        revision: update.revision.toString(),
        reason: 'the stored hash does not match the event and the hash before it: the event was changed',
      },
    ]);
    expect(verdict.hashedFrom).toBe('3');
  });
});
