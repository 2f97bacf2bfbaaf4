/**
 * The behaviour every EventStore adapter promises, run against each of them by the
 * `*.contract-spec.ts` files beside this one. One store per file; each test writes to streams
 * under its own random prefix, so tests never see each other's events except in `$all`, where
 * they filter by prefix.
 */
import { randomUUID } from 'node:crypto';
import {
  comparePositions,
  EventIdConflict,
  InvalidAppend,
  WrongExpectedVersion,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type GlobalPosition,
  type RecordedEvent,
} from '@caseledger/event-store';

export interface ContractOptions {
  /** EventStoreDB deduplicates ids but never compares content; the SQL and memory stores do. */
  detectsEventIdConflict?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function anEvent(type = 'CaseOpened', data: unknown = { subject: 'Printer on fire' }): EventToAppend {
  return {
    eventId: randomUUID(),
    type,
    data,
    metadata: {
      schemaVersion: 1,
      correlationId: randomUUID(),
      actor: { id: 'agent-1', role: 'agent' },
      tenantId: 'acme',
    },
  };
}

const events = (count: number, type = 'CaseResponded'): EventToAppend[] =>
  Array.from({ length: count }, (_, index) => anEvent(type, { index }));

/** The last position in `$all` right now, so a test can read only what it wrote after it. */
async function headPosition(store: EventStore): Promise<GlobalPosition | 'start'> {
  const all = await store.readAll();
  return all.length === 0 ? 'start' : all[all.length - 1].position;
}

/**
 * `$all` shows an event once every older transaction in the cluster has finished (see the postgres
 * adapter), so a read right after an append may lag while other sessions are busy: poll briefly.
 */
export async function readAllUntil(
  store: EventStore,
  options: Parameters<EventStore['readAll']>[0],
  done: (events: RecordedEvent[]) => boolean,
): Promise<RecordedEvent[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const events = await store.readAll(options);
    if (done(events) || Date.now() > deadline) return events;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function expectStrictlyIncreasing(positions: GlobalPosition[]): void {
  for (let i = 1; i < positions.length; i++) {
    if (comparePositions(positions[i - 1], positions[i]) >= 0) {
      throw new Error(
        `position ${i} (${positions[i].commit}-${positions[i].prepare}) does not follow ${positions[i - 1].commit}-${positions[i - 1].prepare}`,
      );
    }
  }
}

export function runEventStoreContract(
  name: string,
  factory: () => Promise<EventStore>,
  options: ContractOptions = {},
): void {
  describe(`${name} event store contract`, () => {
    let store: EventStore;
    let prefix: string;
    const stream = (suffix = 'a'): string => `${prefix}-${suffix}`;

    beforeAll(async () => {
      store = await factory();
    });
    afterAll(async () => {
      await store?.close();
    });
    beforeEach(() => {
      prefix = `case-${randomUUID().slice(0, 8)}`;
    });

    describe('append and read', () => {
      it('round-trips every envelope field', async () => {
        const written = [
          anEvent('CaseOpened', { subject: 'Disk full', tags: ['p1'], nested: { n: 1.5, ok: true, none: null } }),
          anEvent('CaseResponded'),
        ];
        const before = Date.now();
        const result = await store.appendToStream(stream(), written, { expectedRevision: 'no_stream' });
        const read = await store.readStream(stream());

        expect(result.nextExpectedRevision).toBe(1n);
        expect(read).toHaveLength(2);
        read.forEach((event, index) => {
          expect(event).toEqual({
            eventId: written[index].eventId,
            type: written[index].type,
            data: written[index].data,
            metadata: written[index].metadata,
            streamId: stream(),
            revision: BigInt(index),
            position: { commit: expect.any(BigInt), prepare: expect.any(BigInt) },
            recordedAt: expect.stringMatching(ISO_UTC_MILLIS),
          });
          expect(Math.abs(Date.parse(event.recordedAt) - before)).toBeLessThan(60_000);
        });
        expectStrictlyIncreasing(read.map((event) => event.position));
        expect(result.position).toEqual(read[1].position);
      });

      it('reads a stream that does not exist as empty', async () => {
        expect(await store.readStream(stream('missing'))).toEqual([]);
      });

      it('reads forwards from a revision, backwards, and at most maxCount', async () => {
        await store.appendToStream(stream(), events(5));
        const revisions = (read: RecordedEvent[]): bigint[] => read.map((event) => event.revision);

        expect(revisions(await store.readStream(stream(), { fromRevision: 2n }))).toEqual([2n, 3n, 4n]);
        expect(revisions(await store.readStream(stream(), { maxCount: 2 }))).toEqual([0n, 1n]);
        expect(revisions(await store.readStream(stream(), { direction: 'backwards' }))).toEqual([4n, 3n, 2n, 1n, 0n]);
        expect(
          revisions(await store.readStream(stream(), { direction: 'backwards', fromRevision: 'end', maxCount: 2 })),
        ).toEqual([4n, 3n]);
        expect(revisions(await store.readStream(stream(), { direction: 'backwards', fromRevision: 2n }))).toEqual([
          2n,
          1n,
          0n,
        ]);
        expect(revisions(await store.readStream(stream(), { fromRevision: 7n }))).toEqual([]);
        expect(revisions(await store.readStream(stream(), { fromRevision: 'end' }))).toEqual([]);
      });

      it('tells whether a stream exists', async () => {
        expect(await store.streamExists(stream())).toBe(false);
        await store.appendToStream(stream(), events(1));
        expect(await store.streamExists(stream())).toBe(true);
      });

      it('answers ping while open', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });
    });

    describe('expected revision', () => {
      const appendWith = (streamId: string, expectedRevision: ExpectedRevision) =>
        store.appendToStream(streamId, events(1), { expectedRevision });
      const rejection = async (promise: Promise<unknown>): Promise<WrongExpectedVersion> => {
        const error = await promise.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(WrongExpectedVersion);
        return error as WrongExpectedVersion;
      };

      it('any: appends to a new and to an existing stream', async () => {
        expect((await appendWith(stream(), 'any')).nextExpectedRevision).toBe(0n);
        expect((await appendWith(stream(), 'any')).nextExpectedRevision).toBe(1n);
      });

      it('is any when not given', async () => {
        await store.appendToStream(stream(), events(1));
        expect((await store.appendToStream(stream(), events(1))).nextExpectedRevision).toBe(1n);
      });

      it('no_stream: appends to a new stream, refuses an existing one', async () => {
        expect((await appendWith(stream(), 'no_stream')).nextExpectedRevision).toBe(0n);
        const error = await rejection(appendWith(stream(), 'no_stream'));
        expect(error).toMatchObject({ streamId: stream(), expected: 'no_stream', actual: 0n });
        expect(await store.readStream(stream())).toHaveLength(1);
      });

      it('stream_exists: refuses a new stream, appends to an existing one', async () => {
        const error = await rejection(appendWith(stream(), 'stream_exists'));
        expect(error).toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
        expect(await store.streamExists(stream())).toBe(false);
        await appendWith(stream(), 'any');
        expect((await appendWith(stream(), 'stream_exists')).nextExpectedRevision).toBe(1n);
      });

      it('an exact revision: appends when it is the current one, refuses any other', async () => {
        await store.appendToStream(stream(), events(3));
        expect((await appendWith(stream(), 2n)).nextExpectedRevision).toBe(3n);
        const stale = await rejection(appendWith(stream(), 2n));
        expect(stale).toMatchObject({ expected: 2n, actual: 3n });
        const ahead = await rejection(appendWith(stream(), 9n));
        expect(ahead).toMatchObject({ expected: 9n, actual: 3n });
        expect(await store.readStream(stream())).toHaveLength(4);
      });

      it('an exact revision on a stream that does not exist is refused', async () => {
        const error = await rejection(appendWith(stream(), 0n));
        expect(error).toMatchObject({ expected: 0n, actual: 'no_stream' });
      });

      it('concurrent writers expecting the same revision: exactly one wins', async () => {
        await store.appendToStream(stream(), events(1));
        const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => appendWith(stream(), 0n)));
        const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
        expect(won).toHaveLength(1);
        lost.forEach((outcome) => expect(outcome.reason).toBeInstanceOf(WrongExpectedVersion));
        expect(await store.readStream(stream())).toHaveLength(2);
      });

      it('concurrent writers creating the same stream: exactly one wins', async () => {
        const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => appendWith(stream(), 'no_stream')));
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(stream())).toHaveLength(1);
      });

      it('concurrent writers with any: all win, revisions without gaps', async () => {
        await Promise.all(Array.from({ length: 8 }, () => appendWith(stream(), 'any')));
        const read = await store.readStream(stream());
        expect(read.map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n]);
      });
    });

    describe('consulted streams', () => {
      // A case stream appended on the decision of a contract stream read at some revision.
      const contract = (): string => `${prefix.replace('case-', 'contract-')}-k`;
      const refusal = async (promise: Promise<unknown>): Promise<WrongExpectedVersion> => {
        const error = await promise.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(WrongExpectedVersion);
        return error as WrongExpectedVersion;
      };

      it('appends when every consulted stream is still at the revision the decision read', async () => {
        await store.appendToStream(contract(), events(2));
        await store.appendToStream(stream('other'), events(1));
        const result = await store.appendToStream(stream(), events(1), {
          expectedRevision: 'no_stream',
          consulted: [
            { streamId: contract(), revision: 1n },
            { streamId: stream('other'), revision: 0n },
          ],
        });
        expect(result.nextExpectedRevision).toBe(0n);
        expect(await store.readStream(stream())).toHaveLength(1);
      });

      it('refuses, naming the consulted stream, and writes nothing when that stream has moved', async () => {
        await store.appendToStream(contract(), events(2));
        const error = await refusal(
          store.appendToStream(stream(), events(1), {
            expectedRevision: 'no_stream',
            consulted: [{ streamId: contract(), revision: 0n }],
          }),
        );
        expect(error).toMatchObject({ streamId: contract(), expected: 0n, actual: 1n });
        expect(await store.streamExists(stream())).toBe(false);
      });

      it('a consulted stream that does not exist is refused as no_stream', async () => {
        const error = await refusal(
          store.appendToStream(stream(), events(1), { consulted: [{ streamId: contract(), revision: 0n }] }),
        );
        expect(error).toMatchObject({ streamId: contract(), expected: 0n, actual: 'no_stream' });
        expect(await store.streamExists(stream())).toBe(false);
      });

      it('the appended stream at another revision is refused for that stream', async () => {
        await store.appendToStream(contract(), events(1));
        await store.appendToStream(stream(), events(1));
        const error = await refusal(
          store.appendToStream(stream(), events(1), {
            expectedRevision: 'no_stream',
            consulted: [{ streamId: contract(), revision: 0n }],
          }),
        );
        expect(error).toMatchObject({ streamId: stream(), expected: 'no_stream', actual: 0n });
      });

      it('re-sending a stored append answers its first result though the consulted stream moved since', async () => {
        await store.appendToStream(contract(), events(1));
        const batch = events(2);
        const options = { expectedRevision: 'no_stream' as const, consulted: [{ streamId: contract(), revision: 0n }] };
        const first = await store.appendToStream(stream(), batch, options);
        await store.appendToStream(contract(), events(1));
        const again = await store.appendToStream(stream(), batch, options);
        expect(again).toEqual(first);
        expect(await store.readStream(stream())).toHaveLength(2);
      });

      it('refuses malformed consulted streams as InvalidAppend and writes nothing', async () => {
        const malformed: unknown[] = [
          [{ streamId: stream(), revision: 0n }],
          [{ streamId: '', revision: 0n }],
          [{ streamId: '$all', revision: 0n }],
          [{ streamId: contract(), revision: -1n }],
          [{ streamId: contract(), revision: 0 }],
          [
            { streamId: contract(), revision: 0n },
            { streamId: contract(), revision: 0n },
          ],
          { streamId: contract(), revision: 0n },
        ];
        await store.appendToStream(contract(), events(1));
        for (const consulted of malformed) {
          await expect(
            store.appendToStream(stream(), events(1), { consulted } as unknown as { consulted: [] }),
          ).rejects.toBeInstanceOf(InvalidAppend);
        }
        expect(await store.streamExists(stream())).toBe(false);
      });
    });

    describe('idempotency by event id', () => {
      it('re-sending the same events succeeds, writes nothing and answers the first result', async () => {
        const batch = events(3);
        const first = await store.appendToStream(stream(), batch, { expectedRevision: 'no_stream' });
        await store.appendToStream(stream(), events(1));
        const again = await store.appendToStream(stream(), batch, { expectedRevision: 'no_stream' });
        const anyAgain = await store.appendToStream(stream(), batch);

        expect(again).toEqual(first);
        expect(anyAgain).toEqual(first);
        expect(await store.readStream(stream())).toHaveLength(4);
      });

      it('treats key order as the same content', async () => {
        const event = anEvent('CaseOpened', { a: 1, b: { c: 2, d: 3 } });
        const first = await store.appendToStream(stream(), [event]);
        const reordered = { ...event, data: { b: { d: 3, c: 2 }, a: 1 } };
        expect(await store.appendToStream(stream(), [reordered])).toEqual(first);
      });

      if (options.detectsEventIdConflict !== false) {
        it('a reused id with different content is an EventIdConflict and writes nothing', async () => {
          const event = anEvent('CaseOpened', { subject: 'first' });
          await store.appendToStream(stream(), [event]);
          const changed = { ...event, data: { subject: 'second' } };
          await expect(store.appendToStream(stream(), [changed])).rejects.toBeInstanceOf(EventIdConflict);
          await expect(store.appendToStream(stream('b'), [event])).rejects.toBeInstanceOf(EventIdConflict);
          await expect(store.appendToStream(stream(), [{ ...event, type: 'CaseClosed' }])).rejects.toBeInstanceOf(
            EventIdConflict,
          );
          expect(await store.readStream(stream())).toHaveLength(1);
          expect(await store.streamExists(stream('b'))).toBe(false);
        });

        it('an append mixing stored and new ids is refused and writes nothing', async () => {
          const [stored, fresh] = events(2);
          await store.appendToStream(stream(), [stored]);
          await expect(store.appendToStream(stream(), [stored, fresh])).rejects.toBeInstanceOf(InvalidAppend);
          expect(await store.readStream(stream())).toHaveLength(1);
        });
      }
    });

    describe('bad input is refused and writes nothing', () => {
      const cycle: Record<string, unknown> = { name: 'loop' };
      cycle.self = cycle;
      const good = (): EventToAppend => anEvent();
      const cases: Array<[string, () => [string, EventToAppend[]]]> = [
        ['an empty stream name', () => ['', [good()]]],
        ['a blank stream name', () => ['   ', [good()]]],
        ['a stream name over 200 characters', () => [`${prefix}-${'x'.repeat(200)}`, [good()]]],
        ['zero events', () => [stream(), []]],
        ['an event id that is not a uuid', () => [stream(), [{ ...good(), eventId: 'not-a-uuid' }]]],
        ['an empty type', () => [stream(), [{ ...good(), type: '' }]]],
        [
          'a type starting with "$", reserved for system events',
          () => [stream(), [{ ...good(), type: '$CaseOpened' }]],
        ],
        ['a function in data', () => [stream(), [{ ...good(), data: { run: () => 1 } }]]],
        ['a bigint in data', () => [stream(), [{ ...good(), data: { amount: 10n } }]]],
        ['a cycle in data', () => [stream(), [{ ...good(), data: cycle }]]],
        ['undefined data', () => [stream(), [{ ...good(), data: undefined }]]],
        ['NaN in data', () => [stream(), [{ ...good(), data: { ratio: NaN } }]]],
        ['Infinity in data', () => [stream(), [{ ...good(), data: [Infinity] }]]],
        ['a NUL character in data', () => [stream(), [{ ...good(), data: { text: 'a\u0000b' } }]]],
        ['a bigint in metadata', () => [stream(), [{ ...good(), metadata: { schemaVersion: 1, big: 1n } }]]],
        [
          'metadata without schemaVersion',
          () => [stream(), [{ ...good(), metadata: {} as EventToAppend['metadata'] }]],
        ],
        [
          'the same id twice in one append',
          () => {
            const e = good();
            return [stream(), [e, { ...e }]];
          },
        ],
        [
          'one bad event among good ones (all or nothing)',
          () => [stream(), [good(), good(), { ...good(), data: { f: Symbol('x') } }]],
        ],
      ];

      it.each(cases)('%s', async (_name, build) => {
        const [streamId, batch] = build();
        await expect(store.appendToStream(streamId, batch)).rejects.toBeInstanceOf(InvalidAppend);
        expect(await store.readStream(stream())).toEqual([]);
        // Had any event been written, appending other content under its id would now be refused.
        const ids = new Set(
          batch.map((event) => event?.eventId).filter((id): id is string => typeof id === 'string' && UUID.test(id)),
        );
        for (const eventId of ids) {
          await expect(store.appendToStream(stream('probe'), [{ ...anEvent(), eventId }])).resolves.toBeDefined();
        }
      });

      it('refuses a negative expected revision', async () => {
        await expect(store.appendToStream(stream(), events(1), { expectedRevision: -1n })).rejects.toBeInstanceOf(
          InvalidAppend,
        );
        expect(await store.streamExists(stream())).toBe(false);
      });
    });

    describe('$all', () => {
      it('tells, where the store does, the position of the last append as soon as it is acknowledged', async () => {
        // A store whose $all shows every commit at once has nothing to tell (see the port).
        if (store.lastCommittedPosition === undefined) return;
        await store.appendToStream(stream('a'), events(2));
        const last = await store.appendToStream(stream('b'), events(1));
        expect(await store.lastCommittedPosition()).toEqual(last.position);
      });

      it('reads in append order, strictly after fromPosition, at most maxCount', async () => {
        const start = await headPosition(store);
        const a = events(2);
        const b = events(2);
        await store.appendToStream(stream('a'), a);
        await store.appendToStream(stream('b'), b);
        await store.appendToStream(stream('a'), events(1));

        const ours = (events: RecordedEvent[]) => events.filter((event) => event.streamId.startsWith(prefix));
        const mine = ours(await readAllUntil(store, { fromPosition: start }, (events) => ours(events).length >= 5));
        expect(mine.map((event) => `${event.streamId}@${event.revision}`)).toEqual([
          `${stream('a')}@0`,
          `${stream('a')}@1`,
          `${stream('b')}@0`,
          `${stream('b')}@1`,
          `${stream('a')}@2`,
        ]);
        expectStrictlyIncreasing(mine.map((event) => event.position));

        const afterFirst = await store.readAll({ fromPosition: mine[0].position });
        expect(afterFirst[0].eventId).toBe(mine[1].eventId);
        expect(afterFirst.some((event) => event.eventId === mine[0].eventId)).toBe(false);

        const two = await store.readAll({ fromPosition: mine[0].position, maxCount: 2 });
        expect(two.map((event) => event.eventId)).toEqual([mine[1].eventId, mine[2].eventId]);
      });

      it('a read longer than the adapters’ pages returns every event once, in order, and stops at maxCount', async () => {
        // 5,500 events: more than one page of every adapter (the SQL stores read 5,000 at a time).
        const start = await headPosition(store);
        for (let i = 0; i < 11; i++) await store.appendToStream(stream(String(i)), events(500));
        const ours = (events: RecordedEvent[]) => events.filter((event) => event.streamId.startsWith(prefix));

        const all = ours(await readAllUntil(store, { fromPosition: start }, (events) => ours(events).length >= 5500));
        expect(all).toHaveLength(5500);
        expect(all.map((event) => `${event.streamId}@${event.revision}`)).toEqual(
          Array.from({ length: 5500 }, (_, n) => `${stream(String(Math.floor(n / 500)))}@${n % 500}`),
        );
        expectStrictlyIncreasing(all.map((event) => event.position));

        const fromStart = await store.readAll({ fromPosition: start, maxCount: 5001 });
        expect(fromStart.map((event) => event.eventId)).toEqual(all.slice(0, 5001).map((event) => event.eventId));
        const rest = await store.readAll({ fromPosition: all[4999].position, maxCount: 10_000 });
        expect(rest.map((event) => event.eventId)).toEqual(all.slice(5000).map((event) => event.eventId));
        const exactlyOnePage = await store.readAll({ fromPosition: all[99].position, maxCount: 5000 });
        expect(exactlyOnePage.map((event) => event.eventId)).toEqual(
          all.slice(100, 5100).map((event) => event.eventId),
        );
      });

      it('a subscription catches up, then goes live, and ends when closed', async () => {
        const start = await headPosition(store);
        await store.appendToStream(stream(), events(3));
        const subscription = store.subscribeToAll({ fromPosition: start });
        const seen: RecordedEvent[] = [];
        const done = (async () => {
          for await (const event of subscription) {
            if (!event.streamId.startsWith(prefix)) continue;
            seen.push(event);
            if (seen.length === 3) await store.appendToStream(stream(), events(2));
            if (seen.length === 5) await subscription.close();
          }
        })();
        await done;
        expect(seen.map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
      });

      it('close() ends an iteration that is waiting for events', async () => {
        const subscription = store.subscribeToAll({ fromPosition: await headPosition(store) });
        const iterator = subscription[Symbol.asyncIterator]();
        const next = iterator.next();
        await new Promise((resolve) => setTimeout(resolve, 50));
        await subscription.close();
        await expect(next).resolves.toEqual({ done: true, value: undefined });
      });

      it('8 concurrent writers x 500 events to overlapping streams: a subscriber from the start sees each exactly once, in strictly increasing positions', async () => {
        const writers = 8;
        const perWriter = 500;
        const total = writers * perWriter;
        const subscription = store.subscribeToAll({ fromPosition: 'start' });
        const positions: GlobalPosition[] = [];
        const seenIds = new Set<string>();
        let duplicates = 0;
        let mine = 0;
        const tail = (async () => {
          for await (const event of subscription) {
            positions.push(event.position);
            if (seenIds.has(event.eventId)) duplicates++;
            seenIds.add(event.eventId);
            if (event.streamId.startsWith(prefix) && ++mine === total) break;
          }
        })();

        const written: string[] = [];
        await Promise.all(
          Array.from({ length: writers }, async (_, writer) => {
            for (let i = 0; i < perWriter; i++) {
              const event = anEvent('CaseResponded', { writer, i });
              written.push(event.eventId);
              await store.appendToStream(stream(String((writer * 7 + i) % 16)), [event]);
            }
          }),
        );
        const timeout = setTimeout(() => void subscription.close(), 30_000);
        await tail;
        clearTimeout(timeout);
        await subscription.close();

        expect(duplicates).toBe(0);
        expect(mine).toBe(total);
        expect(written.filter((id) => !seenIds.has(id))).toEqual([]);
        expectStrictlyIncreasing(positions);
        for (let s = 0; s < 16; s++) {
          const read = await store.readStream(stream(String(s)));
          expect(read.map((event) => event.revision)).toEqual(read.map((_e, index) => BigInt(index)));
        }
      });
    });
  });
}
