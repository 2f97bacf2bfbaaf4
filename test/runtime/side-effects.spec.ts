/**
 * Deadlines and the breach escalation on the reactor, in a background process built from the real
 * modules over a store that fails on purpose (a test double of the port around the memory store)
 * and an embedded state database: a failing escalation is retried until it is made, once; a dropped
 * subscription is followed again; a restart resumes from the checkpoints and still records what
 * fell due while it was down, at its true instant.
 */
import { DynamicModule, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Test, TestingModule } from '@nestjs/testing';
import { PGlite } from '@electric-sql/pglite';
import {
  AddAuthorisedContact,
  ApplicationModule,
  AssignTam,
  CommandContext,
  DeadlinesModule,
  DeadlineWatcher,
  LogHotlineCall,
  ManualClock,
  OpenCase,
  SagasModule,
  SignContract,
  WriteResult,
} from '@caseledger/application';
import {
  comparePositions,
  GlobalPosition,
  MemoryEventStore,
  PgliteSqlClient,
  RecordedEvent,
  SqlClient,
} from '@caseledger/event-store';
import { EVENT_STORE, readCheckpoint, ReactorsModule, STATE_DB } from '@caseledger/runtime';
import { DateTime } from 'luxon';
import { FaultyEventStore } from '../support/faulty-event-store';

const admin: CommandContext = { actor: { id: 'admin-key', role: 'admin' }, correlationId: 'c-admin' };
const agent: CommandContext = { actor: { id: 'agent-7', role: 'agent' }, correlationId: 'c-agent' };
const vital = {
  company: 'Acme Ltd',
  contactName: 'Olga Petrova',
  phone: '+44 20 7946 0000',
  email: 'olga@acme.example',
  description: 'All sends fail with 503',
};
const ravi = {
  id: 'ravi',
  name: 'Ravi',
  phone: '+44 20 7946 0001',
  email: 'ravi@vendor.example',
  workingHours: { timeZone: 'Europe/London', weekly: { mon: [{ from: '09:00', to: '17:00' }] } },
};

/** Background work lands on its own schedule: poll, bounded, and let the assertion after it judge. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A promise, or a rejection naming what never finished. */
function bounded<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not finish`)), ms))),
  ]);
}

function stores(store: FaultyEventStore, sql: SqlClient): DynamicModule {
  class TestStores {}
  return {
    module: TestStores,
    global: true,
    providers: [
      { provide: EVENT_STORE, useValue: store },
      { provide: STATE_DB, useValue: sql },
    ],
    exports: [EVENT_STORE, STATE_DB],
  };
}

/** The background half of a process (as apps/worker wires it), with short backoffs. */
async function startBackground(store: FaultyEventStore, sql: SqlClient, clock: ManualClock): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      stores(store, sql),
      ApplicationModule.register({ clock }),
      ReactorsModule.register({
        reactor: { retry: { initialMs: 5, maxMs: 40 }, reconnect: { initialMs: 5, maxMs: 40 }, standbyMs: 20 },
      }),
      DeadlinesModule,
      SagasModule,
    ],
  }).compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  return moduleRef;
}

describe('side effects on the reactor', () => {
  let inner: MemoryEventStore;
  let store: FaultyEventStore;
  let sql: SqlClient;
  let clock: ManualClock;
  let background: TestingModule;
  let contractId: string;

  const commands = () => background.get(CommandBus);
  const caseEvents = (caseId: string) => inner.readStream(`case-${caseId}`);
  const ofType = (events: RecordedEvent[], type: string) => events.filter((e) => e.type === type);
  const checkpointOf = async (reactor: string) =>
    (await readCheckpoint(sql, `reactor:${reactor}`).catch(() => undefined))?.position;
  const passed = async (reactor: string, position: GlobalPosition) => {
    const stored = await checkpointOf(reactor);
    return stored !== undefined && comparePositions(stored, position) >= 0;
  };

  /** A P1 critical case with the hotline call logged at `callAt`: its callback clock is due 15 minutes later. */
  async function openCallbackCase(callAt: string): Promise<{ caseId: string; called: WriteResult }> {
    clock.set(DateTime.fromISO(callAt).minus({ minutes: 5 }).toUTC().toISO() as string);
    const opened = await commands().execute<OpenCase, WriteResult & { caseId: string }>(
      new OpenCase(
        {
          contractId,
          channel: 'portal',
          subject: 'Sending API unavailable',
          description: '503 on every send',
          category: 'incident',
          priority: 'P1',
          criticality: 'critical',
        },
        {
          actor: { id: 'olga', role: 'customer' },
          correlationId: 'c-olga',
          scope: { accountId: 'bird-acme', contactId: 'olga' },
        },
      ),
    );
    clock.set(callAt);
    const called = await commands().execute<LogHotlineCall, WriteResult>(
      new LogHotlineCall(opened.caseId, { vitalInformation: vital }, agent),
    );
    return { caseId: opened.caseId, called };
  }

  beforeAll(async () => {
    Logger.overrideLogger(false);
    inner = new MemoryEventStore();
    store = new FaultyEventStore(inner);
    sql = new PgliteSqlClient(await PGlite.create());
    clock = new ManualClock('2026-04-06T09:00:00Z');
    background = await startBackground(store, sql, clock);
    ({ contractId } = await commands().execute<SignContract, WriteResult & { contractId: string }>(
      new SignContract(
        {
          accountId: 'bird-acme',
          planId: 'bird-email-enterprise',
          serviceTimeZone: 'uk',
          startsAt: DateTime.fromISO('2026-01-01T00:00:00Z'),
        },
        admin,
      ),
    ));
    await commands().execute(
      new AddAuthorisedContact(
        contractId,
        { contactId: 'olga', name: 'Olga Petrova', email: 'olga@acme.example' },
        admin,
      ),
    );
    await commands().execute(new AssignTam('bird-acme', { tam: ravi }, admin));
  });
  afterAll(async () => {
    await background?.close();
    await sql?.close();
    Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose', 'fatal']);
  });

  it('an escalation whose append fails three times (twice unwritten, once written but unacknowledged) is retried until made, and is stored once', async () => {
    const { caseId } = await openCallbackCase('2026-04-07T14:05:00Z');
    store.failAppends({
      matches: (_stream, events) => events.some((e) => e.type === 'CaseEscalated'),
      when: ['before', 'before', 'after'],
    });
    clock.set('2026-04-07T14:20:01Z');
    await bounded(background.get(DeadlineWatcher).tick(), 'the tick');
    const [breach] = ofType(await caseEvents(caseId), 'SlaBreached');
    expect(breach.data).toMatchObject({ clockId: 'callback-1', at: '2026-04-07T14:20:00.000Z' });

    await eventually(() => passed('sla-breach-escalation', breach.position), Boolean);
    expect(store.failedAppends.map((f) => f.when)).toEqual(['before', 'before', 'after']);
    expect(ofType(await caseEvents(caseId), 'CaseEscalated').map((e) => e.data)).toEqual([
      expect.objectContaining({ caseId, to: 'tam', tamId: 'ravi', causedBy: breach.eventId }),
    ]);
  });

  it.each(['throw', 'end'] as const)(
    'after every subscription %ss mid-stream, a clock started afterwards still breaches and is escalated once',
    async (how) => {
      const subscriptionsBefore = store.subscriptionsStarted;
      store.dropLiveSubscriptions(how);
      // Its events are the first each open subscription sees after the drop, and so the ones it loses.
      const { caseId, called } = await openCallbackCase(
        how === 'throw' ? '2026-04-08T10:05:00Z' : '2026-04-09T10:05:00Z',
      );
      await eventually(() => passed('deadlines', called.position), Boolean);
      expect(store.subscriptionsStarted).toBeGreaterThan(subscriptionsBefore);

      clock.set(how === 'throw' ? '2026-04-08T10:20:00.500Z' : '2026-04-09T10:20:00.500Z');
      await bounded(background.get(DeadlineWatcher).tick(), 'the tick after the drop');
      const breaches = ofType(await caseEvents(caseId), 'SlaBreached');
      expect(breaches.map((e) => e.data)).toEqual([expect.objectContaining({ clockId: 'callback-1' })]);
      await eventually(() => passed('sla-breach-escalation', breaches[0].position), Boolean);
      expect(ofType(await caseEvents(caseId), 'CaseEscalated').map((e) => e.data)).toEqual([
        expect.objectContaining({ causedBy: breaches[0].eventId }),
      ]);
    },
  );

  it('a restart resumes each reactor from its checkpoint, not from position 0, and records a breach that fell due while down at its true instant', async () => {
    const { caseId, called } = await openCallbackCase('2026-04-10T10:05:00Z');
    await bounded(background.get(DeadlineWatcher).tick(), 'the tick before the restart');
    await eventually(() => passed('deadlines', called.position), Boolean);
    await eventually(() => passed('sla-breach-escalation', called.position), Boolean);
    await background.close();

    const stored = { deadlines: await checkpointOf('deadlines'), saga: await checkpointOf('sla-breach-escalation') };
    expect(stored.deadlines).toBeDefined();
    store.reads.length = 0;
    clock.set('2026-04-10T11:00:00Z');
    background = await startBackground(store, sql, clock);
    await bounded(background.get(DeadlineWatcher).tick(), 'the tick after the restart');

    // Every read of $all after the restart starts at a stored checkpoint, none at the beginning.
    expect(store.reads.length).toBeGreaterThan(0);
    expect(store.reads.filter((read) => read.from === 'start')).toEqual([]);
    const firstFrom = store.reads[0].from as GlobalPosition;
    expect([stored.deadlines, stored.saga]).toContainEqual(firstFrom);

    const events = await caseEvents(caseId);
    expect(ofType(events, 'SlaWarningReached').map((e) => e.data)).toEqual([
      expect.objectContaining({ at: '2026-04-10T10:16:15.000Z', detectedAt: '2026-04-10T11:00:00.000Z' }),
    ]);
    const breaches = ofType(events, 'SlaBreached');
    expect(breaches.map((e) => e.data)).toEqual([
      expect.objectContaining({ at: '2026-04-10T10:20:00.000Z', detectedAt: '2026-04-10T11:00:00.000Z' }),
    ]);
    await eventually(() => passed('sla-breach-escalation', breaches[0].position), Boolean);
    expect(ofType(await caseEvents(caseId), 'CaseEscalated')).toHaveLength(1);
  });
});
