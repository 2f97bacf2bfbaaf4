/**
 * GET /v1/cases/{id}/conversation through HTTP on a real lifecycle: the human thread in order, each
 * entry with its kind, author, role, instant and text; refusals for other accounts.
 */
import { ApiHarness, ADMIN_KEY, startApi } from '../support/api-harness';
import { openTwoAccountCase } from '../support/two-account-case';

describe('GET /v1/cases/{id}/conversation', () => {
  let api: ApiHarness;
  let agent: string;
  let auditor: string;
  let customer: string;
  let foreigner: string;
  let caseId: string;
  beforeAll(async () => {
    api = await startApi({ now: '2026-04-02T08:00:00Z' });
    const opened = await openTwoAccountCase(api);
    ({ agent, auditor, customer, foreigner, caseId } = opened);
    const step = opened.step;
    await step('2026-04-02T10:00:00Z', agent, 'responses', { message: 'Looking into it' });
    await step('2026-04-02T11:00:00Z', agent, 'information-requests', { question: 'Which channel?' });
    await step('2026-04-02T12:00:00Z', customer, 'information', { answer: 'Telegram only' });
    await step('2026-04-02T13:00:00Z', agent, 'progress-updates', { message: 'Webhook found broken' });
    await step('2026-04-02T13:30:00Z', agent, 'workaround', { description: 'Use the web channel meanwhile' });
    await step('2026-04-02T14:00:00Z', agent, 'resolution-proposals', { summary: 'Webhook re-registered' });
    await step('2026-04-02T14:30:00Z', customer, 'resolution-proposals/rejection', { reason: 'Still no chats' });
    await step('2026-04-02T15:00:00Z', agent, 'resolution-proposals', { summary: 'Bot token rotated' });
    await step('2026-04-02T15:30:00Z', customer, 'resolution-proposals/acceptance', {});
  });
  afterAll(() => api.close());

  it('answers the human thread in order, each entry with its kind, author, role, instant and text', async () => {
    const response = await api.as(customer).get(`/v1/cases/${caseId}/conversation`).expect(200);
    const agentId = String(
      (await api.store.readStream(`case-${caseId}`)).find((e) => e.type === 'CaseResponded')!.metadata.actor!.id,
    );
    expect(response.body.items).toEqual([
      {
        kind: 'description',
        authorId: 'olga',
        role: 'customer',
        at: '2026-04-02T09:00:00.000Z',
        text: 'No chat appears after a message',
      },
      { kind: 'response', authorId: agentId, role: 'agent', at: '2026-04-02T10:00:00.000Z', text: 'Looking into it' },
      {
        kind: 'informationRequest',
        authorId: agentId,
        role: 'agent',
        at: '2026-04-02T11:00:00.000Z',
        text: 'Which channel?',
      },
      {
        kind: 'informationProvided',
        authorId: 'olga',
        role: 'customer',
        at: '2026-04-02T12:00:00.000Z',
        text: 'Telegram only',
      },
      {
        kind: 'progressUpdate',
        authorId: agentId,
        role: 'agent',
        at: '2026-04-02T13:00:00.000Z',
        text: 'Webhook found broken',
      },
      {
        kind: 'workaround',
        authorId: agentId,
        role: 'agent',
        at: '2026-04-02T13:30:00.000Z',
        text: 'Use the web channel meanwhile',
      },
      {
        kind: 'resolutionProposal',
        authorId: agentId,
        role: 'agent',
        at: '2026-04-02T14:00:00.000Z',
        text: 'Webhook re-registered',
      },
      {
        kind: 'resolutionRejection',
        authorId: 'olga',
        role: 'customer',
        at: '2026-04-02T14:30:00.000Z',
        text: 'Still no chats',
      },
      {
        kind: 'resolutionProposal',
        authorId: agentId,
        role: 'agent',
        at: '2026-04-02T15:00:00.000Z',
        text: 'Bot token rotated',
      },
      {
        kind: 'resolutionAcceptance',
        authorId: 'olga',
        role: 'customer',
        at: '2026-04-02T15:30:00.000Z',
        text: 'Bot token rotated',
      },
    ]);
  });

  it('lets agents, TAMs, admins and auditors read the same thread', async () => {
    const tam = await api.createKey('tam');
    const own = (await api.as(customer).get(`/v1/cases/${caseId}/conversation`).expect(200)).body;
    for (const key of [agent, tam, auditor, ADMIN_KEY]) {
      expect((await api.as(key).get(`/v1/cases/${caseId}/conversation`).expect(200)).body).toEqual(own);
    }
  });

  it("answers 404 to another account's customer, to an unknown case, and 400 to a malformed id; writes nothing", async () => {
    const before = await api.eventCount();
    const foreign = await api.as(foreigner).get(`/v1/cases/${caseId}/conversation`).expect(404);
    expect(foreign.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(foreign.body)).not.toContain('Telegram');
    await api.as(auditor).get('/v1/cases/0195f3aa-2b3c-7d4e-8f50-61728394a5b6/conversation').expect(404);
    const malformed = await api.as(auditor).get('/v1/cases/not-a-case/conversation').expect(400);
    expect(malformed.body.errors).toEqual([{ field: 'caseId', message: expect.any(String) }]);
    expect(await api.eventCount()).toBe(before);
  });
});
