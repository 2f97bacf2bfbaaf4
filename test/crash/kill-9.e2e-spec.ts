/**
 * kill -9 of the API under load, then a restart on the same PostgreSQL: every write acknowledged
 * before the kill is in the store, and every breach due by then is recorded exactly once (with one
 * escalation per breach of a P1 case), whether the first process or the restarted one wrote it.
 *
 * Cases are opened with `receivedAt` two days back, so their clocks are overdue the moment they
 * start and the deadline watcher writes breaches during the load, racing the kill.
 *
 * Then every read model the two processes built between them equals a rebuild from position 0 into
 * an empty schema: a batch cut off by the kill was rolled back with its checkpoint and applied once.
 */
import { alertInstants, caseStream, deserializeDomainEvent, SupportCase, SupportCaseEvent } from '@caseledger/domain';
import { createEventStore, EventStore, PgSqlClient, RecordedEvent, SqlQueryable } from '@caseledger/event-store';
import { allProjections, ProjectionRunner, readCheckpoint } from '@caseledger/read-models';
import { createTestSchema, describePostgres, TestSchema } from '@caseledger/testing';
import { Pool } from 'pg';
import { rebuildProjections } from '../../apps/cli/src/rebuild-projections';
import { snapshot } from '../read-models/table-snapshot';
import { ApiProcess, sparePort } from './api-process';

const NINE_TO_FIVE = [{ from: '09:00', to: '17:00' }];
const WEEKDAYS = {
  mon: NINE_TO_FIVE,
  tue: NINE_TO_FIVE,
  wed: NINE_TO_FIVE,
  thu: NINE_TO_FIVE,
  fri: NINE_TO_FIVE,
  sat: [],
  sun: [],
};
const ADMIN_KEY = 'kill-9-admin-key-0123456789abcdef';
const COMMANDS = 2000;
const CONCURRENCY = 32;
/** Kill once this many commands were acknowledged, with many more in flight or still to send. */
const KILL_AFTER_ACKS = 900;

interface Ack {
  streamId: string;
  revision: bigint;
  events: string[];
}

const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;

async function checkpoints(sql: SqlQueryable): Promise<Record<string, string | undefined>> {
  const positions: Record<string, string | undefined> = {};
  for (const { name } of allProjections()) {
    const position = (await readCheckpoint(sql, name))?.position;
    positions[name] = position && `${position.commit}-${position.prepare}`;
  }
  return positions;
}

/** Breaches the domain says are due by `nowMs` for this case's clocks, by clock id. */
function expectedBreaches(events: RecordedEvent[], nowMs: number): Map<string, string> {
  const supportCase = SupportCase.fromHistory(
    events.map((e) => deserializeDomainEvent(e.type, e.data) as SupportCaseEvent),
  );
  const due = new Map<string, string>();
  for (const clock of supportCase.clocks) {
    const { breachAt } = alertInstants(clock);
    if (breachAt !== null && Date.parse(breachAt) < nowMs) due.set(clock.clockId, breachAt);
  }
  return due;
}

describePostgres('kill -9 under load', () => {
  let schema: TestSchema;
  let api: ApiProcess;
  let store: EventStore;

  beforeAll(async () => {
    schema = await createTestSchema('kill9');
    api = new ApiProcess(await sparePort(), { DATABASE_URL: schema.connectionString, ADMIN_API_KEY: ADMIN_KEY });
    store = await createEventStore({ DATABASE_URL: schema.connectionString }, () => undefined);
  });
  afterAll(async () => {
    await api?.kill9();
    await store?.close();
    await schema?.drop();
  });

  it('loses no acknowledged write, and records every due breach and its escalation exactly once across the restart', async () => {
    await api.start();
    const now = Date.now();
    const day = 86_400_000;
    const contract = await api.expect(201, 'POST', '/v1/contracts', ADMIN_KEY, {
      accountId: 'kill9-acme',
      planId: 'bird-email-enterprise',
      serviceTimeZone: 'uk',
      startsAt: new Date(now - 30 * day).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
    const contractId = contract.id as string;
    await api.expect(201, 'POST', `/v1/contracts/${contractId}/contacts`, ADMIN_KEY, {
      contactId: 'olga',
      name: 'Olga',
      email: 'olga@acme.example',
    });
    await api.expect(201, 'POST', '/v1/accounts/kill9-acme/tam-assignment', ADMIN_KEY, {
      tam: {
        id: 'ravi',
        name: 'Ravi',
        phone: '+44 20 7946 0001',
        email: 'ravi@vendor.example',
        workingHours: { timeZone: 'Europe/London', weekly: WEEKDAYS },
      },
    });
    const customer = (
      await api.expect(201, 'POST', '/v1/api-keys', ADMIN_KEY, {
        name: 'customer',
        role: 'customer',
        accountId: 'kill9-acme',
        contactId: 'olga',
      })
    ).secret as string;
    const agent = (await api.expect(201, 'POST', '/v1/api-keys', ADMIN_KEY, { name: 'agent', role: 'agent' }))
      .secret as string;
    const receivedAt = new Date(now - 2 * day).toISOString().replace(/\.\d{3}Z$/, 'Z');

    const acks: Ack[] = [];
    const openCases: string[] = [];
    let sent = 0;
    // Assigned inside the clients' callbacks, which the compiler's flow analysis does not follow.
    let killed = null as Promise<void> | null;
    const command = async (i: number): Promise<void> => {
      // Two opens for every response, so the responses always have cases to land on.
      const respond = i % 3 === 2 && openCases.length > 0;
      const caseId = respond ? openCases[i % openCases.length] : undefined;
      try {
        const response = respond
          ? await api.request('POST', `/v1/cases/${caseId}/responses`, agent, { message: `update ${i}` })
          : await api.request('POST', '/v1/cases', customer, {
              contractId,
              channel: 'portal',
              subject: `outage ${i}`,
              description: 'sends fail',
              category: 'incident',
              priority: i % 2 === 0 ? 'P1' : 'P3',
              criticality: 'nonCritical',
              receivedAt,
            });
        if (response.status < 200 || response.status >= 300) return;
        const id = (caseId ?? response.body.id) as string;
        if (caseId === undefined) openCases.push(id);
        acks.push({
          streamId: caseStream(id),
          revision: BigInt(response.body.revision as string),
          events: response.body.events as string[],
        });
        if (acks.length >= KILL_AFTER_ACKS && killed === null) killed = api.kill9();
      } catch {
        // The connection died with the process: not acknowledged, so nothing is promised.
      }
    };
    const load = (keepGoing: () => boolean) =>
      Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (sent < COMMANDS && keepGoing()) await command(sent++);
        }),
      );
    await load(() => killed === null);
    await killed;
    expect(killed).not.toBeNull();
    expect(acks.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    const acksBeforeKill = acks.length;

    // Every write acknowledged before the kill is in the store, at the revision it was acknowledged with.
    const streams = new Map<string, RecordedEvent[]>();
    for (const streamId of new Set(acks.map((a) => a.streamId)))
      streams.set(streamId, await store.readStream(streamId));
    for (const ack of acks) {
      const events = streams.get(ack.streamId) as RecordedEvent[];
      const written = events.filter(
        (e) => e.revision > ack.revision - BigInt(ack.events.length) && e.revision <= ack.revision,
      );
      expect(written.map((e) => e.type)).toEqual(ack.events);
    }

    await api.start();
    // The rest of the 2,000 against the restarted process, whose watcher is catching up meanwhile.
    await load(() => true);
    expect(sent).toBe(COMMANDS);
    expect(acks.length).toBeGreaterThan(acksBeforeKill);
    const loadEndedAt = Date.now();
    // The restarted watcher catches up and the saga replays: wait until every due breach and escalation is there.
    const caseIds = [...new Set(acks.map((a) => a.streamId.slice('case-'.length)))];
    const histories = new Map<string, RecordedEvent[]>();
    const readAll = async (ids: string[]) => {
      for (let i = 0; i < ids.length; i += 20) {
        await Promise.all(
          ids.slice(i, i + 20).map(async (id) => histories.set(id, await store.readStream(caseStream(id)))),
        );
      }
    };
    const settled = (caseId: string): boolean => {
      const events = histories.get(caseId) as RecordedEvent[];
      const breaches = events.filter((e) => e.type === 'SlaBreached').length;
      const p1 = (events[0].data as { priority: string }).priority === 'P1';
      return (
        breaches >= expectedBreaches(events, loadEndedAt).size &&
        (!p1 || events.filter((e) => e.type === 'CaseEscalated').length >= breaches)
      );
    };
    let pending = caseIds;
    for (const until = Date.now() + 25_000; pending.length > 0 && Date.now() < until;) {
      await readAll(pending);
      pending = pending.filter((id) => !settled(id));
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(pending).toEqual([]);
    // A last look at everything, after the watcher and the saga had time to double anything they would.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await readAll(caseIds);

    let breachCount = 0;
    for (const [, events] of histories) {
      const due = expectedBreaches(events, loadEndedAt);
      const breaches = events
        .filter((e) => e.type === 'SlaBreached')
        .map((e) => e.data as { clockId: string; at: string });
      // Exactly one per clock due by the end of the load, at the clock's own due instant; none for anything else.
      const dueBeforeRestart = breaches.filter((b) => due.has(b.clockId));
      expect(new Map(dueBeforeRestart.map((b) => [b.clockId, b.at]))).toEqual(due);
      expect(new Set(breaches.map((b) => b.clockId)).size).toBe(breaches.length);
      breachCount += breaches.length;
      const escalations = events
        .filter((e) => e.type === 'CaseEscalated')
        .map((e) => (e.data as { causedBy: string }).causedBy);
      expect(new Set(escalations).size).toBe(escalations.length);
      const p1 = (events[0].data as { priority: string }).priority === 'P1';
      expect(escalations.length).toBe(p1 ? breaches.length : 0);
    }
    expect(breachCount).toBeGreaterThan(0);

    // Every read model equals a rebuild from scratch, once the restarted runners report no lag.
    interface Status {
      name: string;
      lagEvents: number;
      status: string;
    }
    let statuses: Status[] = [];
    // Generous: the advisory lock keys name the projection, not the schema, so another test file's
    // API in the same suite database can keep these runners on standby until it closes.
    for (const until = Date.now() + 30_000; Date.now() < until;) {
      statuses = (await api.expect(200, 'GET', '/v1/projections', ADMIN_KEY)).items as Status[];
      if (statuses.every((p) => p.lagEvents === 0 && p.status === 'live')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(statuses.map((p) => [p.name, p.lagEvents, p.status])).toEqual(
      allProjections().map((p) => [p.name, 0, 'live']),
    );
    // Stopped so that the rows hold still while they are read; a kill again, since a batch it cuts off rolls back
    // whole.
    await api.kill9();

    const liveSql = new PgSqlClient(new Pool({ connectionString: schema.connectionString, max: 4 }));
    const empty = await createTestSchema('kill9_rebuild');
    const rebuiltSql = new PgSqlClient(new Pool({ connectionString: empty.connectionString, max: 4 }));
    try {
      // The watcher or saga may have appended after the lag-0 answer; the next start would apply
      // that from the checkpoint, so do the same here (nothing, usually) to hold both sides at the store's end.
      for (const projection of allProjections()) await new ProjectionRunner(projection, store, liveSql).catchUp();
      const live = await Promise.all(allProjections().map((p) => snapshot(liveSql, p)));
      expect(live.map((tables) => Object.values(tables).every((rows) => rows.length > 0))).toEqual(
        allProjections().map(() => true),
      );

      // The rebuild command's code, reading the same store and writing into a schema with no tables yet.
      await rebuildProjections(store, rebuiltSql, { out: quiet });
      expect(await Promise.all(allProjections().map((p) => snapshot(rebuiltSql, p)))).toEqual(live);
      expect(await checkpoints(rebuiltSql)).toEqual(await checkpoints(liveSql));
    } finally {
      await liveSql.close();
      await rebuiltSql.close();
      await empty.drop();
    }
  }, 240_000);
});
