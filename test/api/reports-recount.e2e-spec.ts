/**
 * Property: for random case histories played through the API, the SLA compliance report's counts per
 * day equal a brute-force recount from the cases' own events (read from the store, folded here with
 * nothing of the read side): started, met, breached, superseded, ended, running.
 */
import fc from 'fast-check';
import type { RecordedEvent } from '@caseledger/event-store';
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';

type Step =
  | { kind: 'wait'; minutes: number }
  | { kind: 'respond' | 'ask' | 'answer' | 'resolve' }
  | { kind: 'reclassify'; priority: string };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 4 * 24 * 60 }) }),
  fc.record({ kind: fc.constantFrom('respond' as const, 'ask' as const, 'answer' as const, 'resolve' as const) }),
  fc.record({ kind: fc.constant('reclassify' as const), priority: fc.constantFrom('P1', 'P2', 'P3', 'P4') }),
);

/** Each case: its opening offset in minutes and its steps; the steps of all cases interleave in time order. */
const history = fc.array(
  fc.record({
    openAfter: fc.integer({ min: 0, max: 3 * 24 * 60 }),
    priority: fc.constantFrom('P2', 'P3', 'P4'),
    steps: fc.array(step, { maxLength: 7 }),
  }),
  { minLength: 1, maxLength: 3 },
);

const BASE = Date.parse('2026-03-02T00:00:00Z');
const DAY = 86_400_000;

interface Recount {
  started: number;
  met: number;
  breached: number;
  superseded: number;
  ended: number;
  running: number;
}

/** The clocks' outcomes from the events alone. */
function recount(events: readonly RecordedEvent[], nowMs: number, days: number): Recount[] {
  interface Clock {
    startedMs: number;
    dueMs: number;
    paused: boolean;
    breachedBeforePauseMs: number | null;
    stop: { ms: number; outcome: string } | null;
  }
  const clocks = new Map<string, Clock>();
  for (const e of events) {
    const d = e.data as {
      caseId: string;
      clockId: string;
      at: string;
      dueAt: string;
      startedAt: string;
      outcome: string;
    };
    const key = `${d.caseId}/${d.clockId}`;
    const clock = clocks.get(key);
    if (e.type === 'SlaClockStarted')
      clocks.set(key, {
        startedMs: Date.parse(d.startedAt),
        dueMs: Date.parse(d.dueAt),
        paused: false,
        breachedBeforePauseMs: null,
        stop: null,
      });
    else if (clock && e.type === 'SlaClockPaused') {
      clock.paused = true;
      if (clock.dueMs < Date.parse(d.at)) clock.breachedBeforePauseMs ??= clock.dueMs;
    } else if (clock && e.type === 'SlaClockResumed') {
      clock.paused = false;
      clock.dueMs = Date.parse(d.dueAt);
    } else if (clock && e.type === 'SlaClockStopped') clock.stop = { ms: Date.parse(d.at), outcome: d.outcome };
  }
  const decided = [...clocks.values()].map((c): { startedMs: number; outcome: string; atMs: number | null } => {
    const breachMs = c.breachedBeforePauseMs ?? c.dueMs;
    if (c.stop) {
      if (c.stop.outcome === 'met') return { startedMs: c.startedMs, outcome: 'met', atMs: c.stop.ms };
      const breached =
        c.stop.outcome === 'breached' || c.breachedBeforePauseMs !== null || (!c.paused && c.dueMs < c.stop.ms);
      if (breached) return { startedMs: c.startedMs, outcome: 'breached', atMs: breachMs };
      return {
        startedMs: c.startedMs,
        outcome: c.stop.outcome === 'reclassified' ? 'superseded' : 'ended',
        atMs: c.stop.ms,
      };
    }
    if (c.breachedBeforePauseMs !== null || (!c.paused && c.dueMs < nowMs))
      return { startedMs: c.startedMs, outcome: 'breached', atMs: breachMs };
    return { startedMs: c.startedMs, outcome: 'running', atMs: null };
  });
  return Array.from({ length: days }, (_, i) => {
    const [s, e] = [BASE + i * DAY, BASE + (i + 1) * DAY];
    const within = (ms: number | null) => ms !== null && ms >= s && ms < e;
    const count = (outcome: string) => decided.filter((c) => c.outcome === outcome && within(c.atMs)).length;
    return {
      started: decided.filter((c) => within(c.startedMs)).length,
      met: count('met'),
      breached: count('breached'),
      superseded: count('superseded'),
      ended: count('ended'),
      running: decided.filter((c) => c.startedMs < e && (c.atMs === null || c.atMs >= e)).length,
    };
  });
}

describe('SLA compliance equals a recount from the events', () => {
  let api: ApiHarness;
  let agent: string;
  let run = 0;
  beforeAll(async () => {
    api = await startApi();
    agent = await api.createKey('agent');
  });
  afterAll(() => api.close());

  it('for random histories of responses, pauses, reclassifications and resolutions', async () => {
    await fc.assert(
      fc.asyncProperty(history, async (cases) => {
        const accountId = `recount-${++run}`;
        api.clock.set(new Date(BASE).toISOString());
        const contract = await api
          .as(ADMIN_KEY)
          .post('/v1/contracts')
          .send({
            accountId,
            planId: 'bird-email-enterprise',
            serviceTimeZone: 'us-eastern',
            targetOverrides: [{ metric: 'resolution', minutes: 960, unit: 'business' }],
            startsAt: '2026-01-01T00:00:00Z',
          })
          .expect(201);
        await api
          .as(ADMIN_KEY)
          .post(`/v1/contracts/${contract.body.id}/contacts`)
          .send({ contactId: 'olga', name: 'Olga', email: 'olga@example.com' })
          .expect(201);
        const customer = await api.createKey('customer', { accountId, contactId: 'olga' });
        // Every command at its own instant: the opening, then each step after the waits before it.
        const timeline: { atMs: number; index: number; action: Step | 'open' }[] = [];
        cases.forEach((c, index) => {
          let t = BASE + c.openAfter * 60_000;
          timeline.push({ atMs: t, index, action: 'open' });
          for (const s of c.steps) {
            if (s.kind === 'wait') t += s.minutes * 60_000;
            else timeline.push({ atMs: (t += 60_000), index, action: s });
          }
        });
        timeline.sort((a, b) => a.atMs - b.atMs || a.index - b.index);
        const ids: string[] = [];
        let position = '';
        for (const { atMs, index, action } of timeline) {
          api.clock.set(new Date(atMs).toISOString());
          const on = (key: string, route: string, body: object = {}) =>
            api.as(key).post(`/v1/cases/${ids[index]}/${route}`).send(body);
          let response;
          if (action === 'open') {
            response = await api.as(customer).post('/v1/cases').send({
              contractId: contract.body.id,
              channel: 'portal',
              subject: 'Random',
              description: 'Random',
              category: 'incident',
              priority: cases[index].priority,
              criticality: 'nonCritical',
            });
            ids[index] = response.body.id;
          } else if (action.kind === 'respond') response = await on(agent, 'responses', { message: 'Hi' });
          else if (action.kind === 'ask') response = await on(agent, 'information-requests', { question: 'Logs?' });
          else if (action.kind === 'answer') response = await on(customer, 'information', { answer: 'Here' });
          else if (action.kind === 'reclassify')
            response = await on(agent, 'reclassifications', { priority: action.priority, reason: 'Reassessed' });
          else if (action.kind === 'resolve') {
            response = await on(agent, 'resolution-proposals', { summary: 'Done' });
            if (response.status === 201 || response.status === 200)
              response = await on(customer, 'resolution-proposals/acceptance');
          } else continue;
          // Commands the case's state refuses (an answer nobody asked for) are part of random histories.
          if (response.status === 200 || response.status === 201) position = response.body.position;
          else expect([409, 422]).toContain(response.status);
        }
        const last = Math.max(...timeline.map((t) => t.atMs));
        api.clock.set(new Date(last + 60_000).toISOString());
        const days = Math.ceil((last + 60_000 - BASE) / DAY) + 1;
        const to = new Date(BASE + days * DAY).toISOString();
        const report = await api
          .as(ADMIN_KEY)
          .get(
            `/v1/reports/sla-compliance?account=${accountId}&from=2026-03-02T00:00:00Z&to=${to}&granularity=day` +
              `&timeZone=UTC&consistentWith=${position}`,
          )
          .expect(200);
        const events = (await Promise.all(ids.map((id) => api.store.readStream(`case-${id}`)))).flat();
        const expected = recount(events, last + 60_000, days);
        const actual = (report.body.rows as (Recount & Record<string, unknown>)[]).map((r) => ({
          started: r.started,
          met: r.met,
          breached: r.breached,
          superseded: r.superseded,
          ended: r.ended,
          running: r.running,
        }));
        expect(actual).toEqual(expected);
      }),
      {
        numRuns: 20,
        seed: 20261130,
        // Asked for information after the resolution clock's due instant: paused, and breached before it paused.
        examples: [[[{ openAfter: 0, priority: 'P3', steps: [{ kind: 'wait', minutes: 5760 }, { kind: 'ask' }] }]]],
      },
    );
  });
});
