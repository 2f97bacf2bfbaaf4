/**
 * The reactors' lag, beside the projections': on GET /v1/projections (a sibling list, `reactors`)
 * and on /metrics, zero once they have caught up, and growing when one stops while events arrive.
 */
import { comparePositions, GlobalPosition } from '@caseledger/event-store';
import { ReactorHost } from '@caseledger/runtime';
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';
import { customerOf, openCase } from '../read-models/http-workload';

interface ReactorItem {
  name: string;
  version: number;
  checkpoint: string | null;
  lagEvents: number;
  lagMs: number;
  status: string;
  retries: number;
  refused: number;
  restarts: number;
}

describe('reactor status', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ now: '2026-04-08T07:00:00Z', env: { ROLE: 'all' } });
  });
  afterAll(() => api.close());

  const reactors = async (): Promise<ReactorItem[]> =>
    (await api.as(ADMIN_KEY).get('/v1/projections').expect(200)).body.reactors;
  const metric = async (line: string): Promise<number> => {
    const text = (await api.http().get('/metrics').expect(200)).text;
    return Number(
      text
        .split('\n')
        .find((l) => l.startsWith(line))
        ?.split(' ')
        .at(-1),
    );
  };

  async function caughtUp(): Promise<void> {
    const host = api.app.get(ReactorHost);
    const last = (await api.store.readAll()).at(-1)!.position;
    await Promise.all(
      host.reactors.map((reactor) =>
        reactor.until(() => reactor.checkpoint !== undefined && comparePositions(reactor.checkpoint, last) >= 0),
      ),
    );
  }

  it('lists every reactor with lag 0 once caught up, and reports lag in events and on /metrics while one is stopped', async () => {
    await openCase(api, await customerOf(api, 'acme'));
    await caughtUp();
    expect(await reactors()).toEqual([
      expect.objectContaining({ name: 'deadlines', version: 1, lagEvents: 0, lagMs: 0, status: 'live', restarts: 0 }),
      expect.objectContaining({ name: 'sla-breach-escalation', version: 1, lagEvents: 0, status: 'live' }),
      expect.objectContaining({ name: 'webhooks', version: 1, lagEvents: 0, status: 'live' }),
    ]);
    expect((await reactors())[0].checkpoint).toMatch(/^\d+-\d+$/);
    expect(await metric('caseledger_reactor_lag_events{reactor="deadlines"}')).toBe(0);

    const deadlines = api.app.get(ReactorHost).reactors.find((r) => r.name === 'deadlines')!;
    await deadlines.stop();
    await openCase(api, await customerOf(api, 'globex'));
    const stopped = (await reactors()).find((r) => r.name === 'deadlines')!;
    expect(stopped.status).toBe('stopped');
    expect(stopped.lagEvents).toBeGreaterThan(0);
    expect(await metric('caseledger_reactor_lag_events{reactor="deadlines"}')).toBe(stopped.lagEvents);

    deadlines.start();
    const last: GlobalPosition = (await api.store.readAll()).at(-1)!.position;
    await deadlines.until(
      () => deadlines.checkpoint !== undefined && comparePositions(deadlines.checkpoint, last) >= 0,
    );
    expect((await reactors()).find((r) => r.name === 'deadlines')).toMatchObject({ lagEvents: 0, status: 'live' });
  });
});
