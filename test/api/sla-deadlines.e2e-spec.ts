/**
 * SLA deadlines with a moved clock, through HTTP: the deadline watcher records warnings and breaches
 * at their true instants, the breach board shows a breached clock and leaves a paused one off, the
 * saga escalates a breached critical case to the TAM once, a paused clock does not breach, and a
 * breach that fell due while the service was down is recorded after the restart with its true
 * instant.
 */
import { DeadlineWatcher, SlaBreachEscalation, slaAlertEventId, verifyStreamChain } from '@caseledger/application';
import { comparePositions, formatPosition, RecordedEvent } from '@caseledger/event-store';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiHarness, ADMIN_KEY, startApi } from '../support/api-harness';

const vital = {
  company: 'Acme Ltd',
  contactName: 'Olga Petrova',
  phone: '+44 20 7946 0000',
  email: 'olga@acme.example',
  description: 'All sends fail with 503',
};
const tam = (id: string) => ({
  id,
  name: id,
  phone: '+44 20 7946 0001',
  email: `${id}@vendor.example`,
  workingHours: { timeZone: 'Europe/London', weekly: { mon: [{ from: '09:00', to: '17:00' }] } },
});

interface AlertData {
  clockId: string;
  at: string;
  detectedAt: string;
}

async function caseEvents(api: ApiHarness, caseId: string): Promise<RecordedEvent[]> {
  return api.store.readStream(`case-${caseId}`);
}

interface BoardEntry {
  caseId: string;
  clockId: string;
  metric: string;
  dueAt: string;
  phase: string;
}

/**
 * The breach board once the sla_clocks projection has applied `position` (a write's answer, or the
 * position of an event the watcher appended), so the rows cannot be stale.
 */
async function breachBoard(api: ApiHarness, key: string, accountId: string, position: string): Promise<BoardEntry[]> {
  const response = await api
    .as(key)
    .get(`/v1/sla/breaches?account=${accountId}&consistentWith=${position}`)
    .expect(200);
  return response.body.items;
}

const ofType = (events: RecordedEvent[], type: string) => events.filter((e) => e.type === type);
const alertsOf = (events: RecordedEvent[], type: string, clockId: string) =>
  ofType(events, type).filter((e) => (e.data as AlertData).clockId === clockId);

/** The saga runs from the store's subscription, after the watcher's append: poll the stream, bounded. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Resolves once the escalation saga has handed every event the store holds now to its reaction and
 * the reaction returned: an escalation it did not append by then is one it will not append for them.
 */
async function sagaPassedHead(api: ApiHarness): Promise<void> {
  const head = (await api.store.readAll()).at(-1)!.position;
  const saga = api.app.get(SlaBreachEscalation).reactor;
  await saga.until(() => saga.position !== undefined && comparePositions(saga.position, head) >= 0);
}

/** A contract of `planId` with the contact olga, a customer key acting as her, and the account's TAM. */
async function setUpAccount(
  api: ApiHarness,
  accountId: string,
  contract: Record<string, unknown>,
  tamId?: string,
): Promise<{ contractId: string; customer: string }> {
  const admin = api.as(ADMIN_KEY);
  const signed = await admin
    .post('/v1/contracts')
    .send({ accountId, startsAt: '2026-01-01T00:00:00Z', ...contract })
    .expect(201);
  const contractId: string = signed.body.id;
  await api
    .as(ADMIN_KEY)
    .post(`/v1/contracts/${contractId}/contacts`)
    .send({ contactId: 'olga', name: 'Olga Petrova', email: 'olga@acme.example' })
    .expect(201);
  if (tamId !== undefined)
    await api
      .as(ADMIN_KEY)
      .post(`/v1/accounts/${accountId}/tam-assignment`)
      .send({ tam: tam(tamId) })
      .expect(201);
  return { contractId, customer: await api.createKey('customer', { accountId, contactId: 'olga' }) };
}

async function openCriticalWithHotlineCall(
  api: ApiHarness,
  agent: string,
  contractId: string,
  customer: string,
  callAt: string,
): Promise<string> {
  const opened = await api
    .as(customer)
    .post('/v1/cases')
    .send({
      contractId,
      channel: 'portal',
      subject: 'Sending API unavailable',
      description: '503 on every send',
      category: 'incident',
      priority: 'P1',
      criticality: 'critical',
    })
    .expect(201);
  api.clock.set(callAt);
  await api.as(agent).post(`/v1/cases/${opened.body.id}/hotline-calls`).send({ vitalInformation: vital }).expect(200);
  return opened.body.id;
}

describe('SLA deadlines with a moved clock', () => {
  let api: ApiHarness;
  let agent: string;
  let watcher: DeadlineWatcher;

  beforeAll(async () => {
    api = await startApi({ now: '2026-04-01T08:00:00Z', env: { ROLE: 'all' } });
    agent = await api.createKey('agent');
    watcher = api.app.get(DeadlineWatcher);
  });
  afterAll(() => api.close());

  it('a Bird critical case whose callback is not logged in 15 minutes warns at +11:15, breaches at +15:00, shows on the breach board, and is escalated to the TAM once', async () => {
    api.clock.set('2026-04-07T13:00:00Z');
    const { contractId, customer } = await setUpAccount(
      api,
      'bird-acme',
      { planId: 'bird-email-enterprise', serviceTimeZone: 'uk' },
      'ravi',
    );
    api.clock.set('2026-04-07T14:00:00Z');
    const caseId = await openCriticalWithHotlineCall(api, agent, contractId, customer, '2026-04-07T14:05:00Z');

    api.clock.set('2026-04-07T14:16:14.999Z');
    await watcher.tick();
    expect(alertsOf(await caseEvents(api, caseId), 'SlaWarningReached', 'callback-1')).toHaveLength(0);

    api.clock.set('2026-04-07T14:16:15.000Z');
    await watcher.tick();
    expect(alertsOf(await caseEvents(api, caseId), 'SlaWarningReached', 'callback-1').map((e) => e.data)).toEqual([
      {
        caseId,
        clockId: 'callback-1',
        metric: 'callback',
        at: '2026-04-07T14:16:15.000Z',
        detectedAt: '2026-04-07T14:16:15.000Z',
      },
    ]);

    // At the due instant itself a callback still meets the target, so nothing is breached yet.
    api.clock.set('2026-04-07T14:20:00.000Z');
    await watcher.tick();
    expect(alertsOf(await caseEvents(api, caseId), 'SlaBreached', 'callback-1')).toHaveLength(0);

    api.clock.set('2026-04-07T14:20:00.200Z');
    await watcher.tick();
    const breaches = alertsOf(await caseEvents(api, caseId), 'SlaBreached', 'callback-1');
    expect(breaches.map((e) => e.data)).toEqual([
      {
        caseId,
        clockId: 'callback-1',
        metric: 'callback',
        at: '2026-04-07T14:20:00.000Z',
        detectedAt: '2026-04-07T14:20:00.200Z',
      },
    ]);
    expect(breaches[0].eventId).toBe(
      slaAlertEventId({ caseId, clockId: 'callback-1', kind: 'breach', at: '2026-04-07T14:20:00.000Z' }),
    );
    expect(breaches[0].metadata.actor).toEqual({ id: 'deadline-watcher', role: 'system' });

    // The board is read at the breach's own position: the watcher's append, not a write of ours, is what it must reflect.
    const board = await breachBoard(api, agent, 'bird-acme', formatPosition(breaches[0].position));
    expect(board.filter((e) => e.caseId === caseId)).toEqual([
      expect.objectContaining({
        caseId,
        clockId: 'callback-1',
        metric: 'callback',
        dueAt: '2026-04-07T14:20:00.000Z',
        accountId: 'bird-acme',
        contractId,
        planId: 'bird-email-enterprise',
        priority: 'P1',
        criticality: 'critical',
        status: 'breached',
        phase: 'running',
        breachedAt: '2026-04-07T14:20:00.000Z',
        breachRecorded: true,
        timeLeftMs: null,
        overdueByMs: 200,
        overdueBy: 'PT0.2S',
      }),
    ]);

    const escalated = await eventually(
      async () => ofType(await caseEvents(api, caseId), 'CaseEscalated'),
      (events) => events.length > 0,
    );
    expect(escalated.map((e) => e.data)).toEqual([
      expect.objectContaining({
        caseId,
        to: 'tam',
        tamId: 'ravi',
        causedBy: breaches[0].eventId,
        at: '2026-04-07T14:20:00.200Z',
      }),
    ]);

    // The watcher's warning and breach and the saga's escalation are chained like every command's events.
    const chained = await caseEvents(api, caseId);
    expect(chained.every((e) => typeof e.metadata.chainHash === 'string')).toBe(true);
    expect(verifyStreamChain(chained)).toEqual({ verified: true, hashedFrom: 0n, broken: [] });

    const read = await api.as(agent).get(`/v1/cases/${caseId}`).expect(200);
    expect(read.body.escalations).toEqual([
      expect.objectContaining({ to: 'tam', tamId: 'ravi', causedBy: breaches[0].eventId }),
    ]);

    // Later ticks and a late callback change nothing about what was recorded.
    api.clock.set('2026-04-07T14:30:00Z');
    await watcher.tick();
    await api.as(agent).post(`/v1/cases/${caseId}/callbacks`).send({}).expect(200);
    await watcher.tick();
    await sagaPassedHead(api);
    const after = await caseEvents(api, caseId);
    expect(alertsOf(after, 'SlaWarningReached', 'callback-1')).toHaveLength(1);
    expect(alertsOf(after, 'SlaBreached', 'callback-1')).toHaveLength(1);
    expect(ofType(after, 'CaseEscalated')).toHaveLength(1);
  });

  it('a breached critical case on an account without a TAM records, once, that the escalation could not be made, and the case, its history and the breach board show it', async () => {
    api.clock.set('2026-04-14T13:00:00Z');
    const { contractId, customer } = await setUpAccount(api, 'bird-no-tam', {
      planId: 'bird-email-enterprise',
      serviceTimeZone: 'uk',
    });
    api.clock.set('2026-04-14T14:00:00Z');
    const caseId = await openCriticalWithHotlineCall(api, agent, contractId, customer, '2026-04-14T14:05:00Z');

    api.clock.set('2026-04-14T14:20:00.200Z');
    await watcher.tick();
    const breaches = alertsOf(await caseEvents(api, caseId), 'SlaBreached', 'callback-1');
    expect(breaches).toHaveLength(1);

    const unmade = await eventually(
      async () => ofType(await caseEvents(api, caseId), 'EscalationNotPossible'),
      (events) => events.length > 0,
    );
    expect(unmade.map((e) => e.data)).toEqual([
      {
        caseId,
        to: 'tam',
        reason: 'no TAM assigned to the account',
        clockId: 'callback-1',
        breachedAt: '2026-04-14T14:20:00.000Z',
        causedBy: breaches[0].eventId,
        at: '2026-04-14T14:20:00.200Z',
      },
    ]);
    expect(unmade[0].metadata.actor).toEqual({ id: 'sla-breach-saga', role: 'system' });

    const read = await api.as(agent).get(`/v1/cases/${caseId}`).expect(200);
    expect(read.body.escalations).toEqual([]);
    expect(read.body.escalationsNotPossible).toEqual([
      {
        to: 'tam',
        reason: 'no TAM assigned to the account',
        clockId: 'callback-1',
        breachedAt: '2026-04-14T14:20:00.000Z',
        causedBy: breaches[0].eventId,
        at: '2026-04-14T14:20:00.200Z',
      },
    ]);

    const history = await api.as(agent).get(`/v1/cases/${caseId}/history?type=EscalationNotPossible`).expect(200);
    expect(history.body.items.map((e: { description: string; at: string }) => [e.at, e.description])).toEqual([
      [
        '2026-04-14T14:20:00.200Z',
        'Escalation to tam not possible after clock callback-1 breached at 2026-04-14T14:20:00.000Z: no TAM assigned to the account',
      ],
    ]);

    const board = await breachBoard(api, agent, 'bird-no-tam', formatPosition(unmade[0].position));
    expect(board.filter((e) => e.caseId === caseId)).toEqual([
      expect.objectContaining({
        clockId: 'callback-1',
        status: 'breached',
        escalationNotPossible: 'no TAM assigned to the account',
      }),
    ]);

    // Later ticks and redeliveries record nothing more.
    api.clock.set('2026-04-14T14:30:00Z');
    await watcher.tick();
    await sagaPassedHead(api);
    const after = await caseEvents(api, caseId);
    expect(ofType(after, 'EscalationNotPossible')).toHaveLength(1);
    expect(ofType(after, 'CaseEscalated')).toHaveLength(0);
  });

  it('a Beesender P2 case paused for customer information does not breach (nor show on the breach board) while paused, and breaches at the shifted due instant after resuming', async () => {
    api.clock.set('2026-04-02T08:00:00Z');
    const { contractId, customer } = await setUpAccount(
      api,
      'beesender-acme',
      {
        planId: 'beesender-business',
        serviceTimeZone: 'gmt+3',
        targetOverrides: [{ metric: 'resolution', minutes: 960, unit: 'business' }],
      },
      'ada',
    );
    // Desk 09:00-18:00 GMT+3: resolution-1 is due 2026-04-04T11:30Z (16 business hours), warning at 12 h.
    api.clock.set('2026-04-02T13:30:00Z');
    const opened = await api
      .as(customer)
      .post('/v1/cases')
      .send({
        contractId,
        channel: 'portal',
        subject: 'Chats are not created',
        description: 'no chat appears',
        category: 'incident',
        priority: 'P2',
        criticality: 'nonCritical',
      })
      .expect(201);
    const caseId: string = opened.body.id;
    api.clock.set('2026-04-03T07:00:00Z');
    await api.as(agent).post(`/v1/cases/${caseId}/responses`).send({ message: 'Looking into it' }).expect(200);
    api.clock.set('2026-04-03T08:00:00Z');
    const paused = await api
      .as(agent)
      .post(`/v1/cases/${caseId}/information-requests`)
      .send({ question: 'Which channel?' })
      .expect(200);

    for (const instant of ['2026-04-04T07:30:00Z', '2026-04-04T11:30:01Z', '2026-04-04T11:59:00Z']) {
      api.clock.set(instant);
      await watcher.tick();
    }
    let events = await caseEvents(api, caseId);
    expect(alertsOf(events, 'SlaWarningReached', 'resolution-1')).toHaveLength(0);
    expect(alertsOf(events, 'SlaBreached', 'resolution-1')).toHaveLength(0);
    // Half an hour past the original due instant, the paused clock is owed nothing yet, so the board leaves the case off.
    expect(
      (await breachBoard(api, agent, 'beesender-acme', paused.body.position)).filter((e) => e.caseId === caseId),
    ).toEqual([]);

    // Answered 15:00 local on the 4th: 12.5 business hours left → due 2026-04-06T06:30Z, warning 2026-04-05T11:30Z.
    api.clock.set('2026-04-04T12:00:00Z');
    await api.as(customer).post(`/v1/cases/${caseId}/information`).send({ answer: 'Telegram' }).expect(200);
    api.clock.set('2026-04-05T11:30:00Z');
    await watcher.tick();
    api.clock.set('2026-04-06T06:30:00Z');
    await watcher.tick();
    events = await caseEvents(api, caseId);
    expect(alertsOf(events, 'SlaWarningReached', 'resolution-1').map((e) => (e.data as AlertData).at)).toEqual([
      '2026-04-05T11:30:00.000Z',
    ]);
    expect(alertsOf(events, 'SlaBreached', 'resolution-1')).toHaveLength(0);

    api.clock.set('2026-04-06T06:30:00.100Z');
    await watcher.tick();
    events = await caseEvents(api, caseId);
    expect(alertsOf(events, 'SlaBreached', 'resolution-1').map((e) => e.data)).toEqual([
      {
        caseId,
        clockId: 'resolution-1',
        metric: 'resolution',
        at: '2026-04-06T06:30:00.000Z',
        detectedAt: '2026-04-06T06:30:00.100Z',
      },
    ]);
    // The same query that left it off while paused finds it once breached, at the shifted due instant.
    const breach = alertsOf(events, 'SlaBreached', 'resolution-1')[0];
    expect(
      (await breachBoard(api, agent, 'beesender-acme', formatPosition(breach.position))).filter(
        (e) => e.caseId === caseId,
      ),
    ).toEqual([
      expect.objectContaining({
        clockId: 'resolution-1',
        metric: 'resolution',
        dueAt: '2026-04-06T06:30:00.000Z',
        phase: 'running',
        priority: 'P2',
        overdueByMs: 100,
      }),
    ]);
    // P2 and not critical: the saga leaves it to people.
    await sagaPassedHead(api);
    expect(ofType(await caseEvents(api, caseId), 'CaseEscalated')).toHaveLength(0);
  });
});

describe('SLA deadlines across downtime', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'caseledger-deadlines-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('a breach whose instant passed while the service was down is recorded after restart with its true instant and a later detectedAt, exactly once', async () => {
    const env = { ROLE: 'all', DATA_DIR: dataDir };
    const first = await startApi({ now: '2026-04-07T13:00:00Z', env });
    const agent = await first.createKey('agent');
    const { contractId, customer } = await setUpAccount(
      first,
      'bird-down',
      { planId: 'bird-email-enterprise', serviceTimeZone: 'uk' },
      'ravi',
    );
    first.clock.set('2026-04-07T14:00:00Z');
    const caseId = await openCriticalWithHotlineCall(first, agent, contractId, customer, '2026-04-07T14:05:00Z');
    await first.app.get(DeadlineWatcher).tick();
    expect(ofType(await caseEvents(first, caseId), 'SlaBreached')).toHaveLength(0);
    await first.close();

    // Down from 14:05 to 15:00: both the warning (14:16:15) and the due instant (14:20) pass unseen.
    const second = await startApi({ now: '2026-04-07T15:00:00Z', env });
    await second.app.get(DeadlineWatcher).tick();
    const events = await eventually(
      () => caseEvents(second, caseId),
      (all) => ofType(all, 'CaseEscalated').length > 0,
    );
    expect(alertsOf(events, 'SlaWarningReached', 'callback-1').map((e) => e.data)).toEqual([
      expect.objectContaining({ at: '2026-04-07T14:16:15.000Z', detectedAt: '2026-04-07T15:00:00.000Z' }),
    ]);
    const breaches = alertsOf(events, 'SlaBreached', 'callback-1');
    expect(breaches.map((e) => e.data)).toEqual([
      expect.objectContaining({ at: '2026-04-07T14:20:00.000Z', detectedAt: '2026-04-07T15:00:00.000Z' }),
    ]);
    expect(ofType(events, 'CaseEscalated').map((e) => e.data)).toEqual([
      expect.objectContaining({ tamId: 'ravi', causedBy: breaches[0].eventId }),
    ]);
    await second.close();

    // A third start replays the same history (and the saga sees the breach again): nothing is doubled.
    const third = await startApi({ now: '2026-04-07T15:30:00Z', env });
    await third.app.get(DeadlineWatcher).tick();
    await sagaPassedHead(third);
    const replayed = await caseEvents(third, caseId);
    expect(alertsOf(replayed, 'SlaWarningReached', 'callback-1')).toHaveLength(1);
    expect(alertsOf(replayed, 'SlaBreached', 'callback-1')).toHaveLength(1);
    expect(ofType(replayed, 'CaseEscalated')).toHaveLength(1);
    await third.close();
  });
});
