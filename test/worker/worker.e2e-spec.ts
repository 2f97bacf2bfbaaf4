/**
 * The worker process on its own (no HTTP, as a split deployment runs it beside `ROLE=api`): commands
 * sent through its CommandBus reach the read models through its own projection runners, and its
 * deadline watcher records a breach once the injected clock passes the due instant, which the
 * runners and the saga then pick up in turn.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import {
  AddAuthorisedContact,
  AssignTam,
  CommandContext,
  DeadlineWatcher,
  EVENT_STORE,
  LogHotlineCall,
  ManualClock,
  OpenCase,
  SignContract,
  WriteResult,
} from '@caseledger/application';
import { comparePositions, EventStore, GlobalPosition, RecordedEvent, SqlClient } from '@caseledger/event-store';
import { listBreaches, listCaseSummaries, readCheckpoint } from '@caseledger/read-models';
import { DateTime } from 'luxon';
import { loadConfig, STATE_DB } from '@caseledger/runtime';
import { WorkerModule } from '../../apps/worker/src/worker.module';

const admin: CommandContext = { actor: { id: 'admin-key', role: 'admin' }, correlationId: 'c-admin' };
const agent: CommandContext = { actor: { id: 'agent-7', role: 'agent' }, correlationId: 'c-agent' };
const olga: CommandContext = {
  actor: { id: 'olga', role: 'customer' },
  correlationId: 'c-olga',
  scope: { accountId: 'bird-acme', contactId: 'olga' },
};
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

describe('the worker process', () => {
  let worker: INestApplicationContext;
  let clock: ManualClock;
  let commands: CommandBus;
  let store: EventStore;
  let sql: SqlClient;

  beforeAll(async () => {
    clock = new ManualClock('2026-04-07T13:00:00Z');
    const config = loadConfig({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent', ROLE: 'worker' });
    worker = await NestFactory.createApplicationContext(WorkerModule.register(config, { clock }), {
      logger: false,
      abortOnError: false,
    });
    await worker.init();
    commands = worker.get(CommandBus);
    store = worker.get<EventStore>(EVENT_STORE);
    sql = worker.get<SqlClient>(STATE_DB);
  });
  afterAll(() => worker?.close());

  it('registers no HTTP controller: it has no adapter to serve one', () => {
    const controllers = [...worker.get(ModulesContainer).values()].flatMap((module) =>
      [...module.controllers.values()].map((controller) => `${module.name}: ${controller.name}`),
    );
    expect(controllers).toEqual([]);
  });

  const caughtUp = async (projection: string, position: GlobalPosition): Promise<boolean> => {
    const stored = await readCheckpoint(sql, projection);
    return stored !== undefined && comparePositions(stored.position, position) >= 0;
  };

  it('projects commands into the case list and records a due breach, which the board and the saga then follow', async () => {
    const { contractId } = await commands.execute<SignContract, WriteResult & { contractId: string }>(
      new SignContract(
        {
          accountId: 'bird-acme',
          planId: 'bird-email-enterprise',
          serviceTimeZone: 'uk',
          startsAt: DateTime.fromISO('2026-01-01T00:00:00Z'),
        },
        admin,
      ),
    );
    await commands.execute(
      new AddAuthorisedContact(
        contractId,
        { contactId: 'olga', name: 'Olga Petrova', email: 'olga@acme.example' },
        admin,
      ),
    );
    await commands.execute(new AssignTam('bird-acme', { tam: ravi }, admin));
    clock.set('2026-04-07T14:00:00Z');
    const opened = await commands.execute<OpenCase, WriteResult & { caseId: string }>(
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
        olga,
      ),
    );
    const caseId = opened.caseId;
    clock.set('2026-04-07T14:05:00Z');
    const called = await commands.execute<LogHotlineCall, WriteResult>(
      new LogHotlineCall(caseId, { vitalInformation: vital }, agent),
    );

    // Nothing but this process runs the projections, so their catching up is the runners' doing here.
    expect(await eventually(() => caughtUp('case_summaries', called.position), Boolean)).toBe(true);
    const cases = await listCaseSummaries(
      sql,
      { accountId: 'bird-acme' },
      { sort: 'openedAt', order: 'asc', limit: 10 },
    );
    expect(cases.items).toEqual([
      expect.objectContaining({ caseId, contractId, accountId: 'bird-acme', priority: 'P1', criticality: 'critical' }),
    ]);

    clock.set('2026-04-07T14:20:01Z');
    await worker.get(DeadlineWatcher).tick();
    const breaches = (await store.readStream(`case-${caseId}`)).filter(
      (e) => e.type === 'SlaBreached' && (e.data as { clockId: string }).clockId === 'callback-1',
    );
    expect(breaches.map((e) => e.data)).toEqual([
      {
        caseId,
        clockId: 'callback-1',
        metric: 'callback',
        at: '2026-04-07T14:20:00.000Z',
        detectedAt: '2026-04-07T14:20:01.000Z',
      },
    ]);

    // The breach the watcher appended travels back through the store's subscription to the runners.
    expect(await eventually(() => caughtUp('sla_clocks', breaches[0].position), Boolean)).toBe(true);
    const board = await listBreaches(
      sql,
      clock.now().toJSDate(),
      86_400_000,
      { accountId: 'bird-acme' },
      { limit: 10 },
    );
    expect(board.items).toEqual([
      expect.objectContaining({
        caseId,
        clockId: 'callback-1',
        dueAt: '2026-04-07T14:20:00.000Z',
        breachedAt: '2026-04-07T14:20:00.000Z',
        breachRecorded: true,
        overdueByMs: 1000,
      }),
    ]);

    const escalations = await eventually(
      async () => (await store.readStream(`case-${caseId}`)).filter((e: RecordedEvent) => e.type === 'CaseEscalated'),
      (events) => events.length > 0,
    );
    expect(escalations.map((e) => e.data)).toEqual([
      expect.objectContaining({ caseId, to: 'tam', tamId: 'ravi', causedBy: breaches[0].eventId }),
    ]);
  });
});
