/**
 * GET /v1/cases/{id}/history through HTTP on a real lifecycle: every event of the stream in order,
 * with its actor, ids, revision, position, data and description; pages, filters and refusals.
 */
import { ApiHarness, ADMIN_KEY, startApi } from '../support/api-harness';
import { openTwoAccountCase } from '../support/two-account-case';

interface HistoryJson {
  eventId: string;
  type: string;
  at: string;
  recordedAt: string;
  actor: { id: string; role: string } | null;
  correlationId: string | null;
  causationId: string | null;
  revision: string;
  position: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  description: string;
}

describe('GET /v1/cases/{id}/history', () => {
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
    await step('2026-04-02T14:00:00Z', agent, 'resolution-proposals', { summary: 'Webhook re-registered' });
    await step('2026-04-02T14:30:00Z', customer, 'resolution-proposals/rejection', { reason: 'Still no chats' });
    await step('2026-04-02T15:00:00Z', agent, 'resolution-proposals', { summary: 'Bot token rotated' });
    await step('2026-04-02T15:30:00Z', customer, 'resolution-proposals/acceptance', {});
  });
  afterAll(() => api.close());

  const history = async (key: string, query = ''): Promise<HistoryJson[]> =>
    (await api.as(key).get(`/v1/cases/${caseId}/history${query}`).expect(200)).body.items as HistoryJson[];

  it('answers every event of the stream in order, with its revision, position, actor and upcast data', async () => {
    const items = await history(auditor, '?limit=200');
    const stored = await api.store.readStream(`case-${caseId}`);
    expect(items.map((e) => e.type)).toEqual(stored.map((e) => e.type));
    expect(items.map((e) => e.revision)).toEqual(stored.map((e) => e.revision.toString()));
    expect(items.map((e) => e.eventId)).toEqual(stored.map((e) => e.eventId));
    expect(items.map((e) => e.data)).toEqual(stored.map((e) => e.data));
    expect(items.map((e) => e.recordedAt)).toEqual(stored.map((e) => e.recordedAt));
    expect(items.map((e) => e.position)).toEqual(
      stored.map((e) => `${e.position.commit.toString()}-${e.position.prepare.toString()}`),
    );
    expect(items.map((e) => e.type)).toEqual([
      'CaseOpened',
      'SlaClockStarted',
      'SlaClockStarted',
      'CaseResponded',
      'SlaClockStopped',
      'InformationRequested',
      'SlaClockPaused',
      'InformationProvided',
      'SlaClockResumed',
      'ProgressUpdateGiven',
      'ResolutionProposed',
      'ResolutionRejected',
      'ResolutionProposed',
      'CaseMutuallyResolved',
      'SlaClockStopped',
    ]);
  });

  it('gives each event its domain instant, actor, correlation id and a one-line description', async () => {
    const items = await history(auditor, '?limit=200');
    const first = (type: string) => items.find((e) => e.type === type)!;
    const agentId = String(first('CaseResponded').data.agentId);
    expect(first('CaseOpened')).toMatchObject({
      at: '2026-04-02T09:00:00.000Z',
      actor: { id: 'olga', role: 'customer' },
      revision: '0',
      schemaVersion: 1,
      description: 'Case opened by contact olga via portal: P2 nonCritical incident "Chats are not created"',
    });
    expect(first('CaseResponded')).toMatchObject({
      at: '2026-04-02T10:00:00.000Z',
      actor: { id: agentId, role: 'agent' },
      description: `Agent ${agentId} responded`,
      data: { caseId, agentId, message: 'Looking into it', at: '2026-04-02T10:00:00.000Z' },
    });
    expect(first('InformationRequested').description).toBe(`Agent ${agentId} requested information`);
    expect(first('SlaClockPaused').description).toBe('Clock resolution-1 paused: awaiting the customer');
    expect(first('InformationProvided')).toMatchObject({
      at: '2026-04-02T12:00:00.000Z',
      actor: { id: 'olga', role: 'customer' },
      description: 'Contact olga provided information',
    });
    expect(first('ResolutionRejected').description).toBe('Customer olga rejected the resolution: Still no chats');
    expect(first('CaseMutuallyResolved').description).toBe('Customer olga accepted the resolution; case resolved');
    for (const item of items) {
      expect(typeof item.correlationId).toBe('string');
      expect(item.description).not.toBe('');
    }
    // One command's events share the request's correlation id.
    const responded = items.findIndex((e) => e.type === 'CaseResponded');
    expect(items[responded + 1].correlationId).toBe(items[responded].correlationId);
  });

  it('pages with a cursor, a next link and a Link header, and the pages join to the whole history', async () => {
    const whole = await history(auditor, '?limit=200');
    const seen: HistoryJson[] = [];
    let url: string | undefined = `/v1/cases/${caseId}/history?limit=4`;
    let pages = 0;
    while (url) {
      const response = await api.as(auditor).get(url).expect(200);
      pages += 1;
      seen.push(...(response.body.items as HistoryJson[]));
      const next = response.body.next as string | undefined;
      if (next) expect(response.headers.link).toBe(`<${next}>; rel="next"`);
      else expect(response.headers.link).toBeUndefined();
      url = next;
    }
    expect(pages).toBe(Math.ceil(whole.length / 4));
    expect(seen).toEqual(whole);
  });

  it('filters by one or several event types, and by a window of domain instants', async () => {
    const responses = await history(agent, '?type=CaseResponded');
    expect(responses.map((e) => e.type)).toEqual(['CaseResponded']);
    const thread = await history(agent, '?type=ResolutionProposed,ResolutionRejected&type=CaseMutuallyResolved');
    expect(thread.map((e) => e.type)).toEqual([
      'ResolutionProposed',
      'ResolutionRejected',
      'ResolutionProposed',
      'CaseMutuallyResolved',
    ]);
    const window = await history(agent, '?from=2026-04-02T11:00:00Z&to=2026-04-02T13:00:00Z');
    expect(window.map((e) => e.type)).toEqual([
      'InformationRequested',
      'SlaClockPaused',
      'InformationProvided',
      'SlaClockResumed',
    ]);
    expect(window.every((e) => e.at >= '2026-04-02T11:00:00.000Z' && e.at < '2026-04-02T13:00:00.000Z')).toBe(true);
    const paged = await api.as(agent).get(`/v1/cases/${caseId}/history?type=SlaClockStopped&limit=1`).expect(200);
    expect(paged.body.items).toHaveLength(1);
    const rest = await api
      .as(agent)
      .get(paged.body.next as string)
      .expect(200);
    expect((rest.body.items as HistoryJson[]).map((e) => e.type)).toEqual(['SlaClockStopped']);
    expect(rest.body.next).toBeUndefined();
  });

  it('lets its own customer, agents, TAMs, admins and auditors read it', async () => {
    const tam = await api.createKey('tam');
    for (const key of [customer, agent, tam, auditor, ADMIN_KEY]) {
      expect((await history(key)).length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['cursor', '?cursor=bm90LW91cnM'],
    ['cursor', `?cursor=${Buffer.from(JSON.stringify(['revision:asc', 'x'])).toString('base64url')}`],
    ['cursor', `?cursor=${Buffer.from(JSON.stringify(['openedAt:desc', '1'])).toString('base64url')}`],
    ['type', '?type=CaseResponded,CaseDeleted'],
    ['from', '?from=yesterday'],
    ['to', '?to=2026-04-02T11:00:00%2B03:00'],
    ['limit', '?limit=0'],
  ])('refuses a bad %s with a 400 problem naming it, and writes nothing', async (field, query) => {
    const before = await api.eventCount();
    const response = await api.as(auditor).get(`/v1/cases/${caseId}/history${query}`).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 400, title: expect.any(String), detail: expect.any(String) });
    expect(new Set((response.body.errors as { field: string }[]).map((e) => e.field))).toEqual(new Set([field]));
    expect(await api.eventCount()).toBe(before);
  });

  it("answers 404 to another account's customer and to an unknown case, and writes nothing", async () => {
    const before = await api.eventCount();
    const foreign = await api.as(foreigner).get(`/v1/cases/${caseId}/history`).expect(404);
    expect(foreign.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(foreign.body)).not.toContain('Chats are not created');
    await api.as(auditor).get('/v1/cases/0195f3aa-2b3c-7d4e-8f50-61728394a5b6/history').expect(404);
    expect(await api.eventCount()).toBe(before);
  });
});
