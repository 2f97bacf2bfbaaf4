/**
 * The change feed on PostgreSQL, where transactions commit out of position order: a writer that took
 * its position first may commit after a later one. A reader paging by the feed's cursor must still
 * receive every event once, so the feed shows an event only once every older transaction has ended.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestSchema, describePostgres, TestSchema } from '@caseledger/testing';
import { ApiHarness, startApi } from '../support/api-harness';
import { act, Customer, customerOf, openCase } from '../read-models/http-workload';

interface FeedPage {
  items: { id: string; type: string; subject: string; accountId: string | null; position: string }[];
  nextAfter?: string;
  caughtUp: boolean;
}

/** Waits for a condition on the server's state; other sessions' open transactions may delay visibility. */
async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not reached in time: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describePostgres('the change feed on PostgreSQL', () => {
  let schema: TestSchema;
  let api: ApiHarness;
  let acme: Customer;
  let globex: Customer;
  let agent: string;

  beforeAll(async () => {
    schema = await createTestSchema('feed');
    api = await startApi({ now: '2026-04-06T08:00:00Z', env: { DATABASE_URL: schema.connectionString } });
    agent = await api.createKey('agent');
    acme = await customerOf(api, 'acme');
    globex = await customerOf(api, 'globex');
  });
  afterAll(async () => {
    await api?.close();
    await schema?.drop();
  });

  const page = async (key: string, after: string | undefined, limit = 7): Promise<FeedPage> =>
    (
      await api
        .as(key)
        .get(`/v1/events?limit=${limit}${after ? `&after=${after}` : ''}`)
        .expect(200)
    ).body as FeedPage;

  /** Reads on from `after` until caught up; answers what was read and where to go on from. */
  async function drain(key: string, after: string | undefined): Promise<{ ids: string[]; after?: string }> {
    const ids: string[] = [];
    let cursor = after;
    for (;;) {
      const answer = await page(key, cursor);
      ids.push(...answer.items.map((item) => item.id));
      cursor = answer.nextAfter ?? cursor;
      if (answer.caughtUp) return { ids, after: cursor };
    }
  }

  /** The ids of a stream's events from the stream itself, which shows committed events at once. */
  const streamIds = async (stream: string) => (await api.store.readStream(stream)).map((e) => e.eventId);

  it('does not pass an event whose transaction commits after a later one at a higher position', async () => {
    const { caseId: first } = await openCase(api, acme);
    const expectedFirst = await streamIds(`case-${first}`);
    const head = await until(async () => {
      const { ids, after } = await drain(acme.key, undefined);
      return expectedFirst.every((id) => ids.includes(id)) ? after : undefined;
    }, 'the first case in the feed');

    const slowCase = randomUUID();
    const slowEventId = randomUUID();
    const slow = new Client({ connectionString: schema.connectionString });
    await slow.connect();
    try {
      // The slow writer takes its transaction id and position first, then stalls before COMMIT.
      await slow.query('begin');
      await slow.query(`select * from append_events($1, -2, $2::jsonb)`, [
        `case-${slowCase}`,
        JSON.stringify([
          {
            eventId: slowEventId,
            type: 'CaseOpened',
            data: { caseId: slowCase, accountId: 'acme', openedAt: '2026-04-06T08:00:00.000Z', subject: 'slow' },
            metadata: { schemaVersion: 1, tenantId: 'acme' },
          },
        ]),
      ]);
      const { caseId: fast } = await openCase(api, acme);
      const fastIds = await streamIds(`case-${fast}`);
      expect(fastIds.length).toBeGreaterThan(0);

      const whileOpen = await page(acme.key, head);
      expect(whileOpen.items).toEqual([]);
      expect(whileOpen.nextAfter).toBe(head);

      await slow.query('commit');
      const after = await until(async () => {
        const { ids } = await drain(acme.key, head);
        return ids.length >= 1 + fastIds.length ? ids : undefined;
      }, 'both writers in the feed');
      expect(after).toEqual([slowEventId, ...fastIds]);
      const [slowItem] = (await page(acme.key, head, 1)).items;
      const fastItem = (await page(acme.key, slowItem.position, 1)).items[0];
      // The slow event's position is lower, yet it committed last: a cursor past the fast one would have lost it.
      expect(slowItem).toMatchObject({ id: slowEventId, type: 'case.opened', subject: slowCase });
      expect(fastItem.id).toBe(fastIds[0]);
    } finally {
      await slow.end();
    }
  });

  it('a reader polling during concurrent writes receives each of its events exactly once, in log order', async () => {
    const { after: start } = await drain(acme.key, undefined);
    const acmeCases = await Promise.all([1, 2, 3].map(() => openCase(api, acme)));
    const globexCase = await openCase(api, globex);
    const seen: string[] = [];
    const positions: string[] = [];
    let cursor = start;
    let writing = true;
    const poller = (async () => {
      while (writing) {
        const answer = await page(acme.key, cursor);
        seen.push(...answer.items.map((item) => item.id));
        positions.push(...answer.items.map((item) => item.position));
        expect(answer.items.every((item) => item.accountId === 'acme')).toBe(true);
        cursor = answer.nextAfter ?? cursor;
      }
    })();
    const writers = [...acmeCases, globexCase].map(async ({ caseId }, writer) => {
      await act(api, agent, caseId, 'responses', { message: `w${writer} on it` });
      for (let i = 0; i < 8; i++) await act(api, agent, caseId, 'progress-updates', { message: `w${writer} u${i}` });
    });
    await Promise.all(writers);
    writing = false;
    await poller;

    const expected = new Set<string>();
    for (const { caseId } of acmeCases) for (const id of await streamIds(`case-${caseId}`)) expected.add(id);
    await until(async () => {
      const answer = await drain(acme.key, cursor);
      seen.push(...answer.ids);
      cursor = answer.after;
      return [...expected].every((id) => seen.includes(id)) ? true : undefined;
    }, 'every acme event in the feed');
    expect(new Set(seen).size).toBe(seen.length);
    const key = (position: string) => position.split('-').map(BigInt);
    for (let i = 1; i < positions.length; i++) {
      const [a, b] = [key(positions[i - 1]), key(positions[i])];
      expect(a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])).toBe(true);
    }
    expect(new Set(seen)).toEqual(expected);
    const globexIds = new Set(await streamIds(`case-${globexCase.caseId}`));
    expect(seen.some((id) => globexIds.has(id))).toBe(false);
  });
});
