import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestSchema, describePostgres } from '@caseledger/testing';
import { StoreUnavailable } from './event-store.errors';
import { createEventStore } from './select-event-store';

describe('createEventStore', () => {
  it('prefers EVENTSTORE_URL over everything and says so', async () => {
    const log: string[] = [];
    const opening = createEventStore(
      { EVENTSTORE_URL: 'esdb://127.0.0.1:1?tls=false', DATABASE_URL: 'postgres://x' },
      (m) => log.push(m),
    );
    await expect(opening).rejects.toBeInstanceOf(StoreUnavailable);
    expect(log).toEqual([expect.stringMatching(/^event store: EventStoreDB at esdb:\/\/127\.0\.0\.1:1/)]);
  });

  it('falls back to the embedded store in DATA_DIR', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'caseledger-select-'));
    const log: string[] = [];
    try {
      const store = await createEventStore({ DATA_DIR: dataDir, DATABASE_URL: ' ' }, (m) => log.push(m));
      expect(store.kind).toBe('embedded');
      await store.close();
      expect(log).toEqual([`event store: embedded PGlite in ${dataDir} (neither EVENTSTORE_URL nor DATABASE_URL set)`]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describePostgres('createEventStore with DATABASE_URL', () => {
  it('uses PostgreSQL and keeps the password out of the log', async () => {
    const schema = await createTestSchema('es_sel');
    const log: string[] = [];
    try {
      const url = new URL(schema.connectionString);
      url.password = 'secret';
      const store = await createEventStore({ DATABASE_URL: url.toString() }, (m) => log.push(m));
      expect(store.kind).toBe('postgres');
      await store.close();
      expect(log[0]).toMatch(/^event store: PostgreSQL at postgres:\/\/postgres:\*\*\*@/);
      expect(log[0]).not.toContain('secret');
    } finally {
      await schema.drop();
    }
  });
});
