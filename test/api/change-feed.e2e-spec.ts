/**
 * GET /v1/events: the event log after a position under public types, for integrators that pull.
 * Account-bound keys see their account's events only; the cursor pages without gap or repeat.
 */
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';
import { act, Customer, customerOf, openCase } from '../read-models/http-workload';

interface FeedItem {
  id: string;
  type: string;
  subjectKind: string;
  subject: string;
  stream: string;
  accountId: string | null;
  position: string;
  at: string;
  recordedAt: string;
  schemaVersion: number;
  data: Record<string, unknown>;
}
interface FeedPage {
  items: FeedItem[];
  nextAfter?: string;
  next?: string;
  caughtUp: boolean;
}

const positionKey = (position: string) => position.split('-').map((part) => BigInt(part));
const before = (a: string, b: string) => {
  const [x, y] = [positionKey(a), positionKey(b)];
  return x[0] < y[0] || (x[0] === y[0] && x[1] < y[1]);
};

describe('the change feed', () => {
  let api: ApiHarness;
  let acme: Customer;
  let globex: Customer;
  let agent: string;
  let acmeCase: string;
  let globexCase: string;
  let orphanCase: string;

  beforeAll(async () => {
    api = await startApi({ now: '2026-04-06T08:00:00Z' });
    agent = await api.createKey('agent');
    acme = await customerOf(api, 'acme');
    globex = await customerOf(api, 'globex');
    api.clock.advance({ minutes: 5 });
    acmeCase = (await openCase(api, acme, { subject: 'Widget is slow' })).caseId;
    globexCase = (await openCase(api, globex, { subject: 'Colours are off' })).caseId;
    api.clock.advance({ minutes: 10 });
    await act(api, agent, acmeCase, 'responses', { message: 'Looking into it' });
    await act(api, agent, globexCase, 'responses', { message: 'Checking the palette' });
    // An event that names no account, as a stream written outside the application might: no scoped key may see it.
    orphanCase = '0195f3aa-2b3c-7d4e-8f50-000000000001';
    await api.store.appendToStream(`case-${orphanCase}`, [
      {
        eventId: '0195f3aa-2b3c-7d4e-8f50-0000000000e1',
        type: 'CaseOpened',
        data: { caseId: orphanCase, openedAt: '2026-04-06T08:20:00.000Z', subject: 'no account' },
        metadata: { schemaVersion: 1 },
      },
    ]);
  });
  afterAll(() => api.close());

  const feed = (key: string, query = '') => api.as(key).get(`/v1/events${query ? `?${query}` : ''}`);
  async function readAll(key: string, query = ''): Promise<FeedItem[]> {
    const items: FeedItem[] = [];
    let url = `/v1/events?limit=3${query ? `&${query}` : ''}`;
    for (let pages = 0; pages < 100; pages++) {
      const response = await api.as(key).get(url).expect(200);
      const page = response.body as FeedPage;
      items.push(...page.items);
      if (page.caughtUp) {
        expect(response.headers.link).toBeUndefined();
        return items;
      }
      expect(response.headers.link).toBe(`<${page.next}>; rel="next"`);
      url = page.next!;
    }
    throw new Error('the feed never caught up');
  }

  it('answers every event in log order under its public type, with subject, account, position and instants', async () => {
    const page = (await feed(ADMIN_KEY).expect(200)).body as FeedPage;
    expect(page.caughtUp).toBe(true);
    const types = page.items.map((item) => item.type);
    expect(types.filter((t) => t === 'contract.signed')).toHaveLength(2);
    expect(types.filter((t) => t === 'contract.contact_added')).toHaveLength(2);
    expect(types.filter((t) => t === 'case.opened')).toHaveLength(3);
    expect(types.filter((t) => t === 'case.responded')).toHaveLength(2);
    for (let i = 1; i < page.items.length; i++)
      expect(before(page.items[i - 1].position, page.items[i].position)).toBe(true);
    expect(page.nextAfter).toBe(page.items[page.items.length - 1].position);

    const responded = page.items.find((item) => item.type === 'case.responded' && item.subject === acmeCase)!;
    expect(responded).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'case.responded',
      subjectKind: 'case',
      subject: acmeCase,
      stream: `case-${acmeCase}`,
      accountId: 'acme',
      position: expect.stringMatching(/^\d+-\d+$/),
      at: '2026-04-06T08:15:00.000Z',
      recordedAt: expect.stringMatching(/Z$/),
      schemaVersion: expect.any(Number),
      data: expect.objectContaining({ caseId: acmeCase, message: 'Looking into it' }),
    });
    // Contacts' personal data is stored sealed; the feed opens it like every other read.
    const contact = page.items.find((item) => item.type === 'contract.contact_added' && item.accountId === 'acme')!;
    expect(contact.data.contact).toMatchObject({ contactId: 'olga', name: 'Olga Petrova', email: 'olga@example.com' });
    const signed = page.items.find((item) => item.type === 'contract.signed' && item.accountId === 'globex')!;
    expect(signed).toMatchObject({ subjectKind: 'contract', subject: globex.contractId });
  });

  it('filters by public types and family wildcards, comma-separated or repeated', async () => {
    const cases = (await feed(ADMIN_KEY, 'types=case.*').expect(200)).body as FeedPage;
    expect(new Set(cases.items.map((item) => item.type))).toEqual(new Set(['case.opened', 'case.responded']));
    const mixed = (await feed(ADMIN_KEY, 'types=contract.signed&types=case.responded').expect(200)).body as FeedPage;
    expect(mixed.items.map((item) => item.type).sort()).toEqual([
      'case.responded',
      'case.responded',
      'contract.signed',
      'contract.signed',
    ]);
    const everything = (await feed(ADMIN_KEY).expect(200)).body as FeedPage;
    expect(((await feed(ADMIN_KEY, 'types=*').expect(200)).body as FeedPage).items).toEqual(everything.items);
    // The cursor still moves to the end of what was looked at, so a filtered reader does not rescan.
    expect(mixed.nextAfter).toBe(everything.nextAfter);
  });

  it("a customer key sees its own account's events only, never another's nor those of no account", async () => {
    const all = await readAll(ADMIN_KEY);
    const mine = await readAll(acme.key);
    expect(mine.map((item) => item.id)).toEqual(all.filter((item) => item.accountId === 'acme').map((item) => item.id));
    expect(mine.length).toBeGreaterThanOrEqual(4);
    const subjects = new Set(mine.map((item) => item.subject));
    expect(subjects.has(globexCase)).toBe(false);
    expect(subjects.has(globex.contractId)).toBe(false);
    expect(subjects.has(orphanCase)).toBe(false);
    expect(all.some((item) => item.subject === orphanCase && item.accountId === null)).toBe(true);
  });

  it('an integration key bound to an account is confined like a customer; an unbound one sees everything', async () => {
    const bound = await api.createKey('integration', { accountId: 'globex' });
    const seen = await readAll(bound);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen.every((item) => item.accountId === 'globex')).toBe(true);
    const unbound = await api.createKey('integration');
    expect((await readAll(unbound)).map((item) => item.id)).toEqual((await readAll(ADMIN_KEY)).map((item) => item.id));
    const auditor = await api.createKey('auditor');
    expect((await readAll(auditor)).length).toBe((await readAll(ADMIN_KEY)).length);
  });

  it('pages by nextAfter without a gap or a repeat, and a caught-up read answers nothing new', async () => {
    const whole = ((await feed(ADMIN_KEY, 'limit=500').expect(200)).body as FeedPage).items.map((item) => item.id);
    const paged = (await readAll(ADMIN_KEY)).map((item) => item.id);
    expect(paged).toEqual(whole);

    const head = (await feed(ADMIN_KEY, 'limit=500').expect(200)).body as FeedPage;
    const idle = (await feed(ADMIN_KEY, `after=${head.nextAfter}`).expect(200)).body as FeedPage;
    expect(idle).toEqual({
      items: [],
      nextAfter: head.nextAfter,
      next: `/v1/events?after=${head.nextAfter}`,
      caughtUp: true,
    });

    api.clock.advance({ minutes: 5 });
    const position = await act(api, agent, acmeCase, 'progress-updates', { message: 'Still on it' });
    const fresh = (await feed(acme.key, `after=${head.nextAfter}`).expect(200)).body as FeedPage;
    expect(fresh.items.map((item) => [item.type, item.subject, item.position])).toEqual([
      ['case.progress_updated', acmeCase, position],
    ]);
    const other = (await feed(globex.key, `after=${head.nextAfter}`).expect(200)).body as FeedPage;
    expect(other.items).toEqual([]);
    expect(other.nextAfter).toBe(position);
  });

  it('is for admins, auditors, integrations and customers only', async () => {
    await feed(agent).expect(403);
    await feed(await api.createKey('tam')).expect(403);
    await api.http().get('/v1/events').expect(401);
  });

  it('refuses a malformed position, an unknown type, a bad limit and unknown parameters with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['after=12', 'after'],
      ['after=abc-1', 'after'],
      ['types=case.nonsense', 'types'],
      ['types=CaseOpened', 'types'],
      ['types=cases.*', 'types'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=1e2', 'limit'],
      ['cursor=abc', 'cursor'],
    ];
    for (const [query, field] of cases) {
      const response = await feed(ADMIN_KEY, query);
      expect([query, response.status]).toEqual([query, 400]);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });
});
