/** GET /v1/sla/breaches and /v1/sla/at-risk over the sla_clocks read model, evaluated at the injected clock. */
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';
import { act, Customer, customerOf, openCase } from '../read-models/http-workload';

interface Entry {
  caseId: string;
  clockId: string;
  metric: string;
  status: string;
  phase: string;
  dueAt: string;
  warningAt: string;
  breachedAt: string | null;
  breachRecorded: boolean;
  timeLeftMs: number | null;
  overdueByMs: number | null;
  overdueBy: string | null;
  accountId: string;
  assigneeId: string | null;
}

describe('the SLA board', () => {
  let api: ApiHarness;
  let acme: Customer;
  let globex: Customer;
  let agent: string;
  let acmeCase: string;
  let globexCase: string;
  let position: string;
  const admin = () => api.as(ADMIN_KEY);
  const board = async (path: string, key = ADMIN_KEY): Promise<Entry[]> =>
    (
      await api
        .as(key)
        .get(`/v1/sla/${path}${path.includes('?') ? '&' : '?'}consistentWith=${position}`)
        .expect(200)
    ).body.items;

  beforeAll(async () => {
    api = await startApi({ now: '2026-04-07T07:00:00Z' });
    agent = await api.createKey('agent');
    acme = await customerOf(api, 'acme');
    globex = await customerOf(api, 'globex');
    ({ caseId: acmeCase } = await openCase(api, acme, { priority: 'P2' }));
    ({ caseId: globexCase, position } = await openCase(api, globex, { priority: 'P3' }));
    position = await act(api, agent, acmeCase, 'assignment', { agentId: 'agent.smith' });
  });
  afterAll(() => api.close());

  it('lists running clocks at risk within a horizon, sorted by due instant, with the time left from the injected clock', async () => {
    expect(await board('at-risk')).toEqual([]);
    const soon = await board('at-risk?within=P30D');
    expect(new Set(soon.map((e) => e.caseId))).toEqual(new Set([acmeCase, globexCase]));
    expect(soon.map((e) => e.dueAt)).toEqual([...soon.map((e) => e.dueAt)].sort());
    const now = Date.parse('2026-04-07T07:00:00Z');
    for (const entry of soon) expect(entry.timeLeftMs).toBe(Date.parse(entry.dueAt) - now);
    expect(soon.find((e) => e.caseId === acmeCase && e.metric === 'firstResponse')).toMatchObject({
      status: 'running',
      assigneeId: 'agent.smith',
      accountId: 'acme',
    });
  });

  it('filters by priority, assignee and metric', async () => {
    const all = await board('at-risk?within=P365D');
    expect(new Set(all.map((e) => e.caseId))).toEqual(new Set([acmeCase, globexCase]));
    expect(new Set((await board('at-risk?within=P365D&priority=P3')).map((e) => e.caseId))).toEqual(
      new Set([globexCase]),
    );
    expect(new Set((await board('at-risk?within=P365D&assignee=agent.smith')).map((e) => e.caseId))).toEqual(
      new Set([acmeCase]),
    );
    expect((await board('at-risk?within=P365D&metric=resolution')).every((e) => e.metric === 'resolution')).toBe(true);
  });

  it('pages by due instant with a cursor', async () => {
    const all = await board('at-risk?within=P365D');
    const first = await admin().get(`/v1/sla/at-risk?within=P365D&limit=1`).expect(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.headers.link).toBe(`<${first.body.next}>; rel="next"`);
    const second = await admin().get(first.body.next).expect(200);
    expect([...first.body.items, ...second.body.items].map((e: Entry) => `${e.caseId}/${e.clockId}`)).toEqual(
      all.slice(0, 2).map((e) => `${e.caseId}/${e.clockId}`),
    );
  });

  it('confines a customer key to its own account', async () => {
    const mine = await board('at-risk?within=P365D', globex.key);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.accountId === 'globex')).toBe(true);
    await api.as(globex.key).get('/v1/sla/breaches?account=acme').expect(403);
  });

  it('refuses bad durations, states, metrics and cursors with 400 naming the field', async () => {
    for (const [query, field] of [
      ['at-risk?within=1h', 'within'],
      ['breaches?since=P1M', 'since'],
      ['breaches?state=late', 'state'],
      ['at-risk?metric=speed', 'metric'],
      ['breaches?cursor=WyJ4Il0', 'cursor'],
      ['at-risk?consistentWith=abc', 'consistentWith'],
    ]) {
      const response = await admin().get(`/v1/sla/${query}`).expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });
  it('shows a clock at risk once its warning instant passes, and on the breach board once it is due, before the watcher records it', async () => {
    const first = (await board(`at-risk?within=P30D&account=acme&metric=firstResponse`))[0];
    api.clock.set(new Date(Date.parse(first.warningAt) + 1000).toISOString());
    expect((await board('at-risk?account=acme&metric=firstResponse')).map((e) => e.clockId)).toEqual([first.clockId]);
    expect(await board('breaches?account=acme')).toEqual([]);

    api.clock.set(new Date(Date.parse(first.dueAt) + 600_000).toISOString());
    const breaches = await board('breaches?account=acme');
    expect(breaches).toEqual([
      expect.objectContaining({
        caseId: acmeCase,
        clockId: first.clockId,
        breachRecorded: false,
        overdueByMs: 600_000,
        overdueBy: 'PT10M',
      }),
    ]);
    expect(await board('at-risk?account=acme&metric=firstResponse')).toEqual([]);
  });

  it('keeps a clock stopped as breached on the board within `since`, with its due instant as the breach instant', async () => {
    position = await act(api, agent, acmeCase, 'responses', { message: 'Looking into it' });
    const stopped = (await board('breaches?account=acme&state=stopped')).find((e) => e.metric === 'firstResponse')!;
    expect(stopped).toMatchObject({
      status: 'breached',
      phase: 'stopped',
      breachRecorded: true,
      breachedAt: stopped.dueAt,
      overdueByMs: 600_000,
    });
    expect((await board('breaches?account=acme&state=running')).filter((e) => e.metric === 'firstResponse')).toEqual(
      [],
    );
    expect((await board('breaches?account=acme&since=PT1M')).filter((e) => e.metric === 'firstResponse')).toEqual([]);
  });
});
