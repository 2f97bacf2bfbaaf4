/** GET /v1/agents/workload, /v1/agents/{id}/workload and /v1/agents/suggestion over the agent_workload read model. */
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';
import { act, Customer, customerOf, openCase } from '../read-models/http-workload';

describe('agent workload', () => {
  let api: ApiHarness;
  let acme: Customer;
  let globex: Customer;
  let globexIntegration: string;
  let agent: string;
  let position: string;
  const ids: Record<string, string> = {};
  const get = (path: string, key = ADMIN_KEY) =>
    api.as(key).get(`${path}${path.includes('?') ? '&' : '?'}consistentWith=${position}`);

  beforeAll(async () => {
    api = await startApi({ now: '2026-04-08T07:00:00Z' });
    agent = await api.createKey('agent');
    acme = await customerOf(api, 'acme');
    for (const [name, priority] of [
      ['urgent', 'P1'],
      ['asked', 'P2'],
      ['answered', 'P3'],
      ['quiet', 'P3'],
      ['waiting', 'P4'],
    ] as const) {
      ({ caseId: ids[name] } = await openCase(api, acme, { priority }));
    }
    globex = await customerOf(api, 'globex');
    globexIntegration = await api.createKey('integration', { accountId: 'globex' });
    ({ caseId: ids.globex } = await openCase(api, globex, { priority: 'P2' }));
    await act(api, agent, ids.globex, 'assignment', { agentId: 'jones' });
    await act(api, agent, ids.urgent, 'assignment', { agentId: 'smith' });
    await act(api, agent, ids.asked, 'assignment', { agentId: 'smith' });
    await act(api, agent, ids.answered, 'assignment', { agentId: 'smith' });
    await act(api, agent, ids.quiet, 'assignment', { agentId: 'jones' });
    await act(api, agent, ids.asked, 'information-requests', { question: 'Which region?' });
    await act(api, agent, ids.answered, 'responses', { message: 'On it' });
    await act(api, agent, ids.quiet, 'responses', { message: 'On it' });
    position = await act(api, agent, ids.quiet, 'information-requests', { question: 'Logs please?' });
  });
  afterAll(() => api.close());

  it("counts each agent's open cases by priority and criticality and whose move it is", async () => {
    const response = await get('/v1/agents/workload').expect(200);
    expect(response.body.items.map((w: { agentId: string }) => w.agentId)).toEqual(['jones', 'smith']);
    const [jones, smith] = response.body.items;
    expect(smith).toMatchObject({
      openCases: 3,
      openByPriority: { P1: 1, P2: 1, P3: 1, P4: 0 },
      openByCriticality: { critical: 0, nonCritical: 3 },
      openUrgent: 1,
      awaitingAgent: 1,
      awaitingCustomer: 1,
      breachesThisWeek: 0,
      weekStartsAt: '2026-04-06T00:00:00.000Z',
    });
    expect(smith.nextDueAt).toEqual(expect.any(String));
    expect(jones).toMatchObject({ openCases: 2, awaitingAgent: 1, awaitingCustomer: 1 });
  });

  it('charges a breach to the agent holding the case, in the ISO week (UTC) it happened', async () => {
    const clocks = (await api.as(agent).get(`/v1/cases/${ids.urgent}`).expect(200)).body.clocks as {
      clockId: string;
      dueAt: string;
      status: string;
    }[];
    const firstResponse = clocks.find((c) => c.clockId.startsWith('firstResponse') && c.status === 'running')!;
    api.clock.set(new Date(Date.parse(firstResponse.dueAt) + 60_000).toISOString());
    position = await act(api, agent, ids.urgent, 'responses', { message: 'Late, sorry' });
    expect((await get('/v1/agents/smith/workload').expect(200)).body).toMatchObject({
      agentId: 'smith',
      breachesThisWeek: 1,
      awaitingAgent: 0,
    });
    expect((await get('/v1/agents/jones/workload').expect(200)).body.breachesThisWeek).toBe(0);
    api.clock.set('2026-04-20T09:00:00Z');
    expect((await get('/v1/agents/smith/workload').expect(200)).body.breachesThisWeek).toBe(0);
  });

  it('suggests the least-loaded agent with a reason', async () => {
    const response = await get(`/v1/agents/suggestion?caseId=${ids.waiting}`).expect(200);
    expect(response.body).toMatchObject({ caseId: ids.waiting, agentId: 'jones', candidates: 2 });
    expect(response.body.reason).toMatch(/jones.*fewer P1\/critical cases than smith/);
    await get('/v1/agents/suggestion?caseId=0195f3aa-2b3c-7d4e-8f50-61728394a5b6').expect(404);
    expect((await get('/v1/agents/suggestion?caseId=nope').expect(400)).body.errors[0].field).toBe('caseId');
  });

  it('answers 404 for an agent never assigned a case, and refuses customer keys', async () => {
    await get('/v1/agents/nobody/workload').expect(404);
    await get('/v1/agents/workload', acme.key).expect(403);
    await get(`/v1/agents/suggestion?caseId=${ids.waiting}`, acme.key).expect(403);
  });

  describe('an integration key bound to one account', () => {
    it("answers 404 for another account's case as for a missing one, and a suggestion for its own", async () => {
      const foreign = await get(`/v1/agents/suggestion?caseId=${ids.waiting}`, globexIntegration).expect(404);
      const missing = await get(
        '/v1/agents/suggestion?caseId=0195f3aa-2b3c-7d4e-8f50-61728394a5b6',
        globexIntegration,
      ).expect(404);
      expect(foreign.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(foreign.body.detail.replace(ids.waiting, 'ID')).toBe(missing.body.detail.replace(/\S{36}/, 'ID'));
      const own = await get(`/v1/agents/suggestion?caseId=${ids.globex}`, globexIntegration).expect(200);
      expect(own.body).toMatchObject({ caseId: ids.globex, agentId: 'jones', candidates: 1 });
    });

    it("counts only its own account's cases, and knows no agent who has none of them", async () => {
      const all = await get('/v1/agents/workload', globexIntegration).expect(200);
      expect(all.body.items).toEqual([
        expect.objectContaining({ agentId: 'jones', openCases: 1, openByPriority: { P1: 0, P2: 1, P3: 0, P4: 0 } }),
      ]);
      expect((await get('/v1/agents/jones/workload', globexIntegration).expect(200)).body.openCases).toBe(1);
      await get('/v1/agents/smith/workload', globexIntegration).expect(404);
    });
  });

  it('pages the workload list with limit, cursor and a next link', async () => {
    const first = await get('/v1/agents/workload?limit=1').expect(200);
    expect(first.body.items.map((w: { agentId: string }) => w.agentId)).toEqual(['jones']);
    expect(first.headers.link).toBe(`<${first.body.next}>; rel="next"`);
    const second = await api.as(ADMIN_KEY).get(first.body.next).expect(200);
    expect(second.body.items.map((w: { agentId: string }) => w.agentId)).toEqual(['smith']);
    expect(second.body.next).toBeUndefined();
    await get('/v1/agents/workload?cursor=bm90LW91cnM').expect(400);
  });
});
