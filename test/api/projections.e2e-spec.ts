/**
 * GET /v1/projections, and rebuild equals live: after a scripted workload through HTTP, rebuilding
 * every projection from position 0 (the rebuild command's code) gives the same rows.
 */
import { STATE_DB } from '@caseledger/runtime';
import { allProjections, ProjectionHost } from '@caseledger/read-models';
import { rebuildProjections } from '../../apps/cli/src/rebuild-projections';
import type { SqlClient } from '@caseledger/event-store';
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';
import { act, customerOf, openCase } from '../read-models/http-workload';
import { snapshot } from '../read-models/table-snapshot';

describe('projections', () => {
  let api: ApiHarness;
  let position: string;

  beforeAll(async () => {
    api = await startApi({ now: '2026-04-08T07:00:00Z' });
    const agent = await api.createKey('agent');
    const acme = await customerOf(api, 'acme');
    const globex = await customerOf(api, 'globex', 'bird-email-enterprise', 'uk');
    for (let i = 0; i < 6; i++) {
      const customer = i % 2 ? acme : globex;
      const { caseId } = await openCase(api, customer, {
        priority: `P${(i % 4) + 1}`,
        criticality: i === 0 ? 'critical' : 'nonCritical',
      });
      api.clock.advance({ minutes: 7 });
      position = await act(api, agent, caseId, 'assignment', { agentId: `agent-${i % 3}` });
      if (i % 3 === 0) position = await act(api, agent, caseId, 'responses', { message: 'On it' });
      if (i % 3 === 1) {
        await act(api, agent, caseId, 'information-requests', { question: 'Logs?' });
        api.clock.advance({ hours: 3 });
        position = await act(api, customer.key, caseId, 'information', { answer: 'Attached' });
      }
      if (i === 4) {
        await act(api, agent, caseId, 'resolution-proposals', { summary: 'Fixed' });
        position = await act(api, customer.key, caseId, 'resolution-proposals/acceptance');
      }
    }
    await api.as(ADMIN_KEY).get(`/v1/cases?consistentWith=${position}`).expect(200);
  });
  afterAll(() => api.close());

  it('lists every projection with its checkpoint and no lag once caught up; staff and integrators only', async () => {
    const paths: Record<string, string> = {
      case_summaries: '/v1/cases',
      sla_clocks: '/v1/sla/breaches',
      agent_workload: '/v1/agents/workload',
      reports: '/v1/reports/backlog',
      account_directory: '/v1/contracts',
    };
    for (const path of Object.values(paths))
      await api.as(ADMIN_KEY).get(`${path}?consistentWith=${position}`).expect(200);
    const response = await api.as(ADMIN_KEY).get('/v1/projections').expect(200);
    // Each projection answers the version its code declares (a bumped version is a rebuild).
    const versions = new Map(allProjections().map((p) => [p.name, p.version]));
    expect(response.body.items).toEqual(
      Object.keys(paths).map((name) =>
        expect.objectContaining({
          name,
          version: versions.get(name),
          checkpoint: expect.stringMatching(/^\d+-\d+$/),
          lagEvents: 0,
          lagMs: 0,
          status: 'live',
        }),
      ),
    );
    await api
      .as(await api.createKey('auditor'))
      .get('/v1/projections')
      .expect(200);
    await api
      .as(await api.createKey('agent'))
      .get('/v1/projections')
      .expect(403);
  });

  it('exposes projection lag and live SLA clocks on /metrics', async () => {
    await api.as(ADMIN_KEY).get(`/v1/sla/breaches?consistentWith=${position}`).expect(200);
    const text = (await api.http().get('/metrics').expect(200)).text;
    const gauge = (line: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(line))
          ?.split(' ')
          .at(-1),
      );
    for (const name of ['case_summaries', 'sla_clocks', 'agent_workload', 'reports', 'account_directory'])
      expect(gauge(`caseledger_projection_lag_events{projection="${name}"}`)).toBe(0);
    const sql = api.app.get<SqlClient>(STATE_DB);
    const [live] = await sql.query<{ running: string; paused: string }>(
      "select count(*) filter (where phase = 'running')::text as running, count(*) filter (where phase = " +
        "'paused')::text as paused from sla_clocks",
    );
    expect(gauge('caseledger_sla_clocks{state="running"}')).toBe(Number(live.running));
    expect(gauge('caseledger_sla_clocks{state="paused"}')).toBe(Number(live.paused));
    expect(Number(live.running)).toBeGreaterThan(0);
    expect(gauge('caseledger_sla_clocks{state="breached"}')).toBeGreaterThanOrEqual(0);
  });

  it('reports lag in events while a projection is behind', async () => {
    const host = api.app.get(ProjectionHost);
    await host.runner('sla_clocks')!.stop();
    const acme = await customerOf(api, 'lagging');
    await openCase(api, acme);
    const item = (await api.as(ADMIN_KEY).get('/v1/projections').expect(200)).body.items.find(
      (p: { name: string }) => p.name === 'sla_clocks',
    );
    expect(item.lagEvents).toBeGreaterThan(0);
    expect(item.status).toBe('stopped');
    const notReady = await api.http().get('/ready').expect(503);
    expect(notReady.body.detail).toContain('sla_clocks (stopped)');
    host.runner('sla_clocks')!.start();
    await api.http().get('/ready').expect(200);
  });

  it('rebuilding every projection from position 0 gives the rows the live runners wrote', async () => {
    const host = api.app.get(ProjectionHost);
    const sql = api.app.get<SqlClient>(STATE_DB);
    const last = (await api.store.readAll()).at(-1)!.position;
    await api.as(ADMIN_KEY).get(`/v1/sla/breaches?consistentWith=${last.commit}-${last.prepare}`).expect(200);
    await api.as(ADMIN_KEY).get(`/v1/cases?consistentWith=${last.commit}-${last.prepare}`).expect(200);
    await api.as(ADMIN_KEY).get(`/v1/agents/workload?consistentWith=${last.commit}-${last.prepare}`).expect(200);
    await Promise.all(host.runners.map((runner) => runner.stop()));
    const live = await Promise.all(allProjections().map((p) => snapshot(sql, p)));
    expect(live.every((tables) => Object.values(tables).some((rows) => rows.length > 0))).toBe(true);
    const progress: string[] = [];
    await rebuildProjections(api.store, sql, {
      out: { write: (line: string) => progress.push(line), isTTY: false } as unknown as NodeJS.WriteStream,
    });
    expect(progress.at(-1)).toMatch(/100% .* events/);
    expect(await Promise.all(allProjections().map((p) => snapshot(sql, p)))).toEqual(live);
  });
});
