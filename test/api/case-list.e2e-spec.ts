/** GET /v1/cases over the case_summaries read model: filters, sorts, cursor pages, read-your-writes, tenancy. */
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';
import { act, Customer, customerOf, openCase } from '../read-models/http-workload';

describe('the case list', () => {
  let api: ApiHarness;
  let acme: Customer;
  let globex: Customer;
  let agent: string;
  let last: string;
  const ids: Record<string, string> = {};
  const admin = () => api.as(ADMIN_KEY);

  beforeAll(async () => {
    api = await startApi({ now: '2026-04-06T08:00:00Z' });
    agent = await api.createKey('agent');
    acme = await customerOf(api, 'acme');
    globex = await customerOf(api, 'globex');
    const cases: [string, Customer, Parameters<typeof openCase>[2]][] = [
      ['slow', acme, { subject: 'Widget is slow', priority: 'P3' }],
      ['down', acme, { subject: 'API down: 100% errors', priority: 'P1', criticality: 'nonCritical' }],
      ['percent', acme, { subject: 'Only 50% of chats arrive', priority: 'P2', category: 'consultation' }],
      ['globex', globex, { subject: 'Widget colours', priority: 'P4' }],
    ];
    for (const [name, customer, fields] of cases) {
      api.clock.advance({ minutes: 10 });
      ({ caseId: ids[name], position: last } = await openCase(api, customer, fields));
    }
    api.clock.advance({ minutes: 5 });
    await act(api, agent, ids.slow, 'assignment', { agentId: 'agent.smith' });
    last = await act(api, agent, ids.down, 'information-requests', { question: 'Which region?' });
  });
  afterAll(() => api.close());

  const list = (query: string, key = ADMIN_KEY) => api.as(key).get(`/v1/cases?consistentWith=${last}&${query}`);
  const caseIds = (body: { items: { caseId: string }[] }) => body.items.map((item) => item.caseId);

  it('waits for consistentWith and answers the read position; newest opened first by default', async () => {
    const response = await list('').expect(200);
    expect(response.headers['x-read-position']).toMatch(/^\d+-\d+$/);
    expect(caseIds(response.body)).toEqual([ids.globex, ids.percent, ids.down, ids.slow]);
    expect(response.body.items.find((c: { caseId: string }) => c.caseId === ids.slow)).toMatchObject({
      accountId: 'acme',
      contractId: acme.contractId,
      status: 'open',
      priority: 'P3',
      assigneeId: 'agent.smith',
      subject: 'Widget is slow',
      openedAt: '2026-04-06T08:10:00.000Z',
      updatedAt: '2026-04-06T08:45:00.000Z',
    });
  });

  it('filters by account, contract, status, priority, criticality, category, assignee, opening window and free text', async () => {
    expect(caseIds((await list('account=globex').expect(200)).body)).toEqual([ids.globex]);
    expect(caseIds((await list(`contract=${acme.contractId}&sort=openedAt&order=asc`).expect(200)).body)).toEqual([
      ids.slow,
      ids.down,
      ids.percent,
    ]);
    expect(caseIds((await list('status=awaitingCustomer').expect(200)).body)).toEqual([ids.down]);
    expect(caseIds((await list('priority=P1,P4').expect(200)).body)).toEqual([ids.globex, ids.down]);
    expect(caseIds((await list('priority=P1&priority=P2').expect(200)).body)).toEqual([ids.percent, ids.down]);
    expect(caseIds((await list('criticality=critical').expect(200)).body)).toEqual([]);
    expect(caseIds((await list('category=consultation').expect(200)).body)).toEqual([ids.percent]);
    expect(caseIds((await list('assignee=agent.smith').expect(200)).body)).toEqual([ids.slow]);
    expect(
      caseIds((await list('openedFrom=2026-04-06T08:20:00Z&openedTo=2026-04-06T08:40:00Z').expect(200)).body),
    ).toEqual([ids.percent, ids.down]);
    expect(caseIds((await list('q=WIDGET').expect(200)).body)).toEqual([ids.globex, ids.slow]);
  });

  it('filters by the last change: updatedFrom inclusive, updatedTo exclusive', async () => {
    expect(caseIds((await list('updatedFrom=2026-04-06T08:45:00Z').expect(200)).body)).toEqual([ids.down, ids.slow]);
    expect(
      caseIds((await list('updatedFrom=2026-04-06T08:30:00Z&updatedTo=2026-04-06T08:45:00Z').expect(200)).body),
    ).toEqual([ids.globex, ids.percent]);
    expect(
      caseIds((await list('updatedFrom=2026-04-06T08:45:00.001Z&sort=updatedAt&order=asc').expect(200)).body),
    ).toEqual([]);
    expect(caseIds((await list('updatedTo=2026-04-06T08:45:00Z', acme.key).expect(200)).body)).toEqual([ids.percent]);
  });

  it('matches % and _ in free text literally', async () => {
    expect(caseIds((await list('q=100%25').expect(200)).body)).toEqual([ids.down]);
    expect(caseIds((await list('q=%25').expect(200)).body)).toEqual([ids.percent, ids.down]);
    expect(caseIds((await list('q=_').expect(200)).body)).toEqual([]);
  });

  it('sorts by priority and by last update, ties broken by case id', async () => {
    expect(caseIds((await list('sort=priority&order=asc').expect(200)).body)).toEqual([
      ids.down,
      ids.percent,
      ids.slow,
      ids.globex,
    ]);
    const byUpdate = caseIds((await list('sort=updatedAt&order=desc').expect(200)).body);
    expect(byUpdate.slice(0, 2)).toEqual([ids.down, ids.slow]);
  });

  it('pages with an opaque cursor, a next link in the body and a Link header, and no row twice', async () => {
    const seen: string[] = [];
    let url: string | undefined = `/v1/cases?limit=3&sort=priority&order=desc&consistentWith=${last}`;
    let pages = 0;
    while (url) {
      const response: { body: { items: { caseId: string }[]; next?: string }; headers: Record<string, string> } =
        await admin().get(url).expect(200);
      seen.push(...caseIds(response.body));
      if (response.body.next) expect(response.headers.link).toBe(`<${response.body.next}>; rel="next"`);
      else expect(response.headers.link).toBeUndefined();
      url = response.body.next;
      pages++;
    }
    expect(pages).toBe(2);
    expect(seen).toEqual([ids.globex, ids.slow, ids.percent, ids.down]);
  });

  it('a customer key lists its own account only, and naming another account is 403', async () => {
    expect(caseIds((await list('', acme.key).expect(200)).body).sort()).toEqual(
      [ids.slow, ids.down, ids.percent].sort(),
    );
    expect(caseIds((await list('account=acme', acme.key).expect(200)).body)).toHaveLength(3);
    expect(caseIds((await list(`contract=${globex.contractId}`, acme.key).expect(200)).body)).toEqual([]);
    const refused = await list('account=globex', acme.key).expect(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('refuses invalid filters, sorts, limits and cursors with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['status=pending', 'status'],
      ['priority=P9', 'priority'],
      ['sort=subject', 'sort'],
      ['order=up', 'order'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['openedFrom=yesterday', 'openedFrom'],
      ['openedFrom=2026-04-06', 'openedFrom'],
      ['openedTo=2026-04-06T08:40', 'openedTo'],
      ['updatedFrom=last week', 'updatedFrom'],
      ['updatedTo=2026-04-06', 'updatedTo'],
      ['contract=nope', 'contract'],
      ['cursor=not*ours', 'cursor'],
      ['cursor=bm90IGpzb24', 'cursor'],
      ['consistentWith=12', 'consistentWith'],
      ['colour=red', 'colour'],
    ];
    for (const [query, field] of cases) {
      const response = await admin().get(`/v1/cases?${query}`);
      expect([query, response.status]).toEqual([query, 400]);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const page = await list('limit=1&sort=openedAt').expect(200);
    const cursor = new URL(page.body.next, 'http://x').searchParams.get('cursor');
    const misused = await admin().get(`/v1/cases?sort=priority&cursor=${cursor}`).expect(400);
    expect(misused.body.errors).toEqual([{ field: 'cursor', message: expect.stringContaining('openedAt:desc') }]);
  });

  it('answers 503 with Retry-After when the read model does not reach consistentWith within the bound', async () => {
    const response = await admin().get('/v1/cases?consistentWith=99999999999-1').set('Prefer', 'wait=1').expect(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.body).toMatchObject({
      type: 'urn:caseledger:problem:read-model-behind',
      projection: 'case_summaries',
    });
  });

  it('is not for anonymous callers', async () => {
    await api.http().get('/v1/cases').expect(401);
  });
});
