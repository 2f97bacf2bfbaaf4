/**
 * The EventStoreDB adapter driven through @eventstore/db-client's real classes over a real gRPC
 * connection to an in-process node (test/support/fake-eventstoredb). These tests run everywhere;
 * the contract suite against a real server runs only where EVENTSTORE_URL is set.
 */
import { randomUUID } from 'node:crypto';
import { Metadata, status } from '@grpc/grpc-js';
import {
  EventIdConflict,
  EventStoreDbEventStore,
  InvalidAppend,
  InvalidPosition,
  StoreUnavailable,
  WrongExpectedVersion,
  type GlobalPosition,
  type RecordedEvent,
} from '@caseledger/event-store';
import { anEvent } from './event-store.contract';
import { FakeEventStoreDb } from '../support/fake-eventstoredb/fake-eventstoredb';

/** A follower's answer: the client reconnects to the leader it names (here the same node). */
function notLeader(port: number): Metadata {
  const metadata = new Metadata();
  metadata.set('exception', 'not-leader');
  metadata.set('leader-endpoint-host', '127.0.0.1');
  metadata.set('leader-endpoint-port', String(port));
  return metadata;
}

/** Calls end on the server a moment after the client cancels them: wait for it, then look. */
async function eventually<T>(read: () => T, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('EventStoreDB adapter over the client library and a gRPC node in process', () => {
  let server: FakeEventStoreDb;
  let store: EventStoreDbEventStore;

  beforeEach(async () => {
    server = new FakeEventStoreDb({ maxAppendSize: 64 * 1024 });
    await server.start();
    store = await EventStoreDbEventStore.connect(server.connectionString);
  });

  afterEach(async () => {
    await store.close().catch(() => undefined);
    await server.stop();
  });

  describe('reads are bounded on the server and cancelled when they end early', () => {
    it('1,000 pages of $all and 1,000 pings leave no call open, each page asked with a maxCount', async () => {
      // Enough bytes that a read asking for all of $all outruns HTTP/2 flow control and stays open.
      const padding = 'x'.repeat(200);
      const written: string[] = [];
      for (let i = 0; i < 3_000; i++) {
        written.push(server.writeEvent(`case-${i % 7}`, 'CaseResponded', { i, padding }).eventId);
        if (i % 10 === 0) server.writeSystemEvent('$stats-127.0.0.1:2113', '$statsCollected');
      }

      const seen: string[] = [];
      let after: GlobalPosition | 'start' = 'start';
      for (let page = 0; page < 1_000; page++) {
        const events: RecordedEvent[] = await store.readAll({ fromPosition: after, maxCount: 3 });
        expect(events).toHaveLength(3);
        seen.push(...events.map((event) => event.eventId));
        after = events[events.length - 1].position;
      }
      for (let ping = 0; ping < 1_000; ping++) await store.ping();

      expect(seen).toEqual(written);
      const open = await eventually(
        () => server.openCalls().length,
        (count) => count === 0,
      );
      expect(open).toBe(0);
      const allReads = server.calls.filter((call) => call.target === 'all');
      expect(allReads.length).toBeGreaterThanOrEqual(2_000);
      expect(allReads.filter((call) => call.count === undefined || call.count > 1_001n)).toEqual([]);
    }, 180_000);

    it('a page that ends on system events reads on past them by position instead of stopping short', async () => {
      const first = server.writeEvent('case-a', 'CaseOpened', { n: 1 });
      for (let i = 0; i < 50; i++) server.writeSystemEvent('$stats-node', '$statsCollected');
      const second = server.writeEvent('case-a', 'CaseResponded', { n: 2 });

      const events = await store.readAll({ fromPosition: 'start', maxCount: 2 });

      expect(events.map((event) => event.eventId)).toEqual([first.eventId, second.eventId]);
      expect(server.openCalls()).toEqual([]);
    });
  });

  describe('subscriptions', () => {
    it('resume from the last delivered event after the transport fails mid-stream (unavailable, cancelled, not leader)', async () => {
      const written: string[] = [];
      for (let i = 0; i < 30; i++) {
        written.push(server.writeEvent(`case-${i % 3}`, 'CaseResponded', { i }).eventId);
        if (i % 4 === 0) server.writeSystemEvent('$stats-node', '$statsCollected');
      }
      server.failSubscriptions(
        { afterEvents: 7, code: status.UNAVAILABLE, details: 'connection reset' },
        { afterEvents: 5, code: status.CANCELLED, details: 'node shutting down' },
        { afterEvents: 4, code: status.NOT_FOUND, details: 'Leader info available', metadata: notLeader(server.port) },
      );

      const subscription = store.subscribeToAll({ fromPosition: 'start' });
      const seen: RecordedEvent[] = [];
      for await (const event of subscription) {
        seen.push(event);
        if (seen.length === 30) {
          const live = anEvent('CaseResolved');
          written.push(live.eventId);
          await store.appendToStream('case-live', [live]);
        }
        if (seen.length === 31) await subscription.close();
      }

      expect(seen.map((event) => event.eventId)).toEqual(written);
      const subscribes = server.calls.filter((call) => call.target === 'subscribe-all');
      expect(subscribes.map((call) => call.from)).toEqual([
        'start',
        `${seen[6].position.commit}/${seen[6].position.prepare}`,
        `${seen[11].position.commit}/${seen[11].position.prepare}`,
        `${seen[15].position.commit}/${seen[15].position.prepare}`,
      ]);
      await eventually(
        () => server.openCalls().length,
        (count) => count === 0,
      );
      expect(server.openCalls()).toEqual([]);
    });

    it('break out of the loop unsubscribes on the server', async () => {
      for (let i = 0; i < 5; i++) server.writeEvent('case-b', 'CaseResponded', { i });
      const subscription = store.subscribeToAll();
      let count = 0;
      for await (const _ of subscription) if (++count === 3) break;

      const open = await eventually(
        () => server.openCalls(),
        (calls) => calls.length === 0,
      );
      expect(open).toEqual([]);
      expect(server.calls.filter((call) => call.target === 'subscribe-all').map((call) => call.state)).toEqual([
        'cancelled',
      ]);
    });
  });

  describe('idempotency as the port states it', () => {
    it('a retry answers the first result, with its position, and writes nothing', async () => {
      const events = [anEvent(), anEvent('CaseResponded')];
      const first = await store.appendToStream('case-r', events, { expectedRevision: 'no_stream' });
      const retry = await store.appendToStream('case-r', events, { expectedRevision: 'no_stream' });

      expect(retry).toEqual(first);
      expect(first.position.commit).toBeGreaterThan(0n);
      expect(await store.readStream('case-r')).toHaveLength(2);
    });

    it('a retry with a reused id and other content is an EventIdConflict', async () => {
      const event = anEvent('CaseOpened', { subject: 'Printer on fire' });
      await store.appendToStream('case-c', [event], { expectedRevision: 'no_stream' });

      await expect(
        store.appendToStream('case-c', [{ ...event, data: { subject: 'Printer fine' } }], {
          expectedRevision: 'no_stream',
        }),
      ).rejects.toBeInstanceOf(EventIdConflict);
      await expect(
        store.appendToStream('case-c', [{ ...event, data: { subject: 'Printer fine' } }], { expectedRevision: 'any' }),
      ).rejects.toBeInstanceOf(EventIdConflict);
    });

    it('a retry mixing stored and new ids is refused as a partial retry, not a version conflict', async () => {
      const stored = anEvent();
      await store.appendToStream('case-p', [stored], { expectedRevision: 'no_stream' });

      const error = await store
        .appendToStream('case-p', [stored, anEvent()], { expectedRevision: 'no_stream' })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(InvalidAppend);
      expect((error as InvalidAppend).message).toMatch(/retry must resend exactly the original append/);
      expect(await store.readStream('case-p')).toHaveLength(1);
    });

    it('another writer first is still a WrongExpectedVersion', async () => {
      await store.appendToStream('case-w', [anEvent()], { expectedRevision: 'no_stream' });
      await expect(store.appendToStream('case-w', [anEvent()], { expectedRevision: 'no_stream' })).rejects.toEqual(
        new WrongExpectedVersion('case-w', 'no_stream', 0n),
      );
    });
  });

  describe('consulted streams, checked by a read of each one’s last revision before the append', () => {
    it('appends when the consulted stream is at its revision, asking the server for one event backwards', async () => {
      server.writeEvent('contract-k1', 'ContractSigned', {});
      server.writeEvent('contract-k1', 'AuthorisedContactAdded', {});
      const result = await store.appendToStream('case-k1', [anEvent()], {
        expectedRevision: 'no_stream',
        consulted: [{ streamId: 'contract-k1', revision: 1n }],
      });
      expect(result.nextExpectedRevision).toBe(0n);
      expect(server.calls).toContainEqual(
        expect.objectContaining({ target: 'stream:contract-k1', direction: 'backwards', from: 'end', count: 1n }),
      );
    });

    it('a consulted stream that moved, or was never written, refuses the append and writes nothing', async () => {
      server.writeEvent('contract-k2', 'ContractSigned', {});
      server.writeEvent('contract-k2', 'ContractTerminated', {});
      await expect(
        store.appendToStream('case-k2', [anEvent()], { consulted: [{ streamId: 'contract-k2', revision: 0n }] }),
      ).rejects.toEqual(new WrongExpectedVersion('contract-k2', 0n, 1n));
      await expect(
        store.appendToStream('case-k2', [anEvent()], { consulted: [{ streamId: 'contract-none', revision: 0n }] }),
      ).rejects.toEqual(new WrongExpectedVersion('contract-none', 0n, 'no_stream'));
      expect(await store.readStream('case-k2')).toEqual([]);
    });

    it('re-sending a stored append answers its first result though the consulted stream moved since', async () => {
      server.writeEvent('contract-k3', 'ContractSigned', {});
      const events = [anEvent(), anEvent('CaseResponded')];
      const options = {
        expectedRevision: 'no_stream' as const,
        consulted: [{ streamId: 'contract-k3', revision: 0n }],
      };
      const first = await store.appendToStream('case-k3', events, options);
      server.writeEvent('contract-k3', 'ContractTerminated', {});
      expect(await store.appendToStream('case-k3', events, options)).toEqual(first);
      expect(await store.readStream('case-k3')).toHaveLength(2);
    });
  });

  describe('errors and results', () => {
    it('an append over the server size limit is an InvalidAppend', async () => {
      const big = anEvent('CaseOpened', { text: 'y'.repeat(70 * 1024) });
      await expect(store.appendToStream('case-big', [big])).rejects.toBeInstanceOf(InvalidAppend);
    });

    it('a deleted stream reads as empty and refuses appends as InvalidAppend', async () => {
      await store.appendToStream('case-d', [anEvent()]);
      server.deleteStream('case-d');

      await expect(store.readStream('case-d')).resolves.toEqual([]);
      await expect(store.streamExists('case-d')).resolves.toBe(false);
      await expect(store.appendToStream('case-d', [anEvent()])).rejects.toBeInstanceOf(InvalidAppend);
    });

    it('a position the server does not know is an InvalidPosition', async () => {
      server.writeEvent('case-x', 'CaseOpened', {});
      await expect(store.readAll({ fromPosition: { commit: 1_001n, prepare: 1_001n } })).rejects.toBeInstanceOf(
        InvalidPosition,
      );
    });

    it('a cluster that cannot be discovered is StoreUnavailable', async () => {
      const url = `esdb+discover://127.0.0.1:${server.port}?tls=false&maxDiscoverAttempts=1&discoveryInterval=1&gossipTimeout=1`;
      await expect(EventStoreDbEventStore.connect(url)).rejects.toBeInstanceOf(StoreUnavailable);
    });

    it('throwOnAppendFailure=false does not turn a refused append into a success', async () => {
      await store.appendToStream('case-t', [anEvent()], { expectedRevision: 'no_stream' });
      const lenient = await EventStoreDbEventStore.connect(`${server.connectionString}&throwOnAppendFailure=false`);
      try {
        await expect(lenient.appendToStream('case-t', [anEvent()], { expectedRevision: 'no_stream' })).rejects.toEqual(
          new WrongExpectedVersion('case-t', 'no_stream', 0n),
        );
      } finally {
        await lenient.close();
      }
      expect(await store.readStream('case-t')).toHaveLength(1);
    });

    it('calls after close() fail with StoreUnavailable, as on the other adapters', async () => {
      await store.close();
      await expect(store.appendToStream(`case-${randomUUID()}`, [anEvent()])).rejects.toBeInstanceOf(StoreUnavailable);
      await expect(store.readAll()).rejects.toBeInstanceOf(StoreUnavailable);
      await expect(store.readStream('case-a')).rejects.toBeInstanceOf(StoreUnavailable);
      await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailable);
      expect(server.calls.filter((call) => call.method === 'append')).toEqual([]);
    });
  });
});
