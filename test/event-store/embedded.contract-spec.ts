import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedEventStore, type EventStore } from '@caseledger/event-store';
import { anEvent, runEventStoreContract } from './event-store.contract';

runEventStoreContract('embedded', () => EmbeddedEventStore.open({ dataDir: 'memory://' }));

describe('embedded event store on disk', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'caseledger-embedded-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a store reopened on the same directory finds everything and continues the revisions', async () => {
    const streamId = `case-${randomUUID()}`;
    const written = [anEvent(), anEvent()];
    let store: EventStore = await EmbeddedEventStore.open({ dataDir });
    const first = await store.appendToStream(streamId, written, { expectedRevision: 'no_stream' });
    await store.close();

    store = await EmbeddedEventStore.open({ dataDir });
    try {
      expect((await store.readStream(streamId)).map((e) => e.eventId)).toEqual(written.map((e) => e.eventId));
      expect(await store.appendToStream(streamId, written)).toEqual(first);
      const next = await store.appendToStream(streamId, [anEvent()], { expectedRevision: 1n });
      expect(next.nextExpectedRevision).toBe(2n);
      const all = await store.readAll();
      expect(all.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      expect(all[2].position.commit > first.position.commit).toBe(true);
    } finally {
      await store.close();
    }
  });
});
