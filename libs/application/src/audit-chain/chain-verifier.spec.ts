import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { MemoryEventStore, type RecordedEvent } from '@caseledger/event-store';
import type { Contract } from '@caseledger/domain';
import { ManualClock } from '../clock/clock';
import { UuidV7Generator } from '../ids/uuid-v7';
import { CONTRACTS } from '../write-path/aggregate-kinds';
import { AggregateRepository } from '../write-path/aggregate-repository';
import { DomainEventCodec } from '../write-path/domain-event-codec';
import { SharedParts } from '../write-path/stream-cache';
import { MemoryPersonalDataKeys } from '../personal-data/personal-data-keys';
import { PersonalDataVault } from '../personal-data/personal-data-vault';
import { canonicalJson, chainHash, CHAIN_HASH_KEY, GENESIS_HASH, withoutChainHash } from './chain-hash';
import { ChainVerifier, verifyStreamChain } from './chain-verifier';

const context = { actor: { id: 'admin-1', role: 'admin' }, correlationId: 'c-1' };
const clock = new ManualClock('2026-04-01T10:00:00Z');

const repositoryOn = (store: MemoryEventStore, streamCacheSize = 100) =>
  new AggregateRepository(
    store,
    new DomainEventCodec(),
    new UuidV7Generator(clock),
    new PersonalDataVault(new MemoryPersonalDataKeys()),
    { streamCacheSize },
  );

const addContact = (contactId: string) => (c: Contract) =>
  c.addAuthorisedContact({ contactId, name: contactId, email: `${contactId}@acme.example`, at: clock.now() });

async function contractWithContacts(store: MemoryEventStore, id: string, cacheSize = 100): Promise<RecordedEvent[]> {
  const repository = repositoryOn(store, cacheSize);
  await repository.create(
    CONTRACTS,
    id,
    (c) =>
      c.sign({
        contractId: id,
        accountId: 'acme',
        planId: 'beesender-premium',
        serviceTimeZone: 'gmt+3',
        startsAt: DateTime.fromISO('2026-01-01T00:00:00Z'),
        now: clock.now(),
      }),
    context,
  );
  for (const contact of ['ann', 'bob', 'cat']) await repository.update(CONTRACTS, id, addContact(contact), context);
  return store.readStream(`contract-${id}`);
}

describe('canonical JSON', () => {
  it('sorts keys at every depth, drops undefined properties and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: null }], e: undefined, f: 10n })).toBe(
      '{"a":[{"c":null,"d":"x"}],"b":1,"f":10}',
    );
  });

  it('of a copy the stream cache shares, is the text of the value it copies, each time it is asked', () => {
    const parts = new SharedParts();
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const shared = parts.share(value);
        expect(canonicalJson(shared)).toBe(canonicalJson(value));
        expect(canonicalJson({ terms: shared })).toBe(canonicalJson({ terms: value }));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same text for the same value whatever order its keys were written in', () => {
    expect(canonicalJson({ x: { q: 1, p: 2 }, y: 'é' })).toBe(canonicalJson({ y: 'é', x: { p: 2, q: 1 } }));
  });
});

describe('the chain hash', () => {
  it('is SHA-256 of the previous hash followed by the canonical JSON of type, data, metadata, stream and revision', () => {
    const metadata = { schemaVersion: 1, tenantId: 'acme', actor: { role: 'agent', id: 'kim' }, chainHash: 'ignored' };
    const content = { type: 'CaseResponded', data: { message: 'Hi "there"', at: 'x' }, stream: 'case-1', revision: 7n };
    const expected = createHash('sha256')
      .update(GENESIS_HASH)
      .update(
        '{"data":{"at":"x","message":"Hi \\"there\\""},"metadata":{"actor":{"id":"kim","role":"agent"},"schemaVersion":1,' +
          '"tenantId":"acme"},"revision":7,"stream":"case-1","type":"CaseResponded"}',
      )
      .digest('hex');
    expect(chainHash(GENESIS_HASH, { ...content, metadata })).toBe(expected);
    expect(chainHash(GENESIS_HASH, { ...content, metadata: withoutChainHash(metadata) })).toBe(expected);
  });
});

describe('the chain the write path writes', () => {
  it('links every event to the previous one in its stream, through the stream cache and through fresh reads', async () => {
    for (const cacheSize of [0, 100]) {
      const store = new MemoryEventStore();
      const events = await contractWithContacts(store, `k${cacheSize}`, cacheSize);
      let previous = GENESIS_HASH;
      for (const event of events) {
        const expected = chainHash(previous, {
          type: event.type,
          data: event.data,
          metadata: withoutChainHash(event.metadata),
          stream: event.streamId,
          revision: event.revision,
        });
        expect(event.metadata[CHAIN_HASH_KEY]).toBe(expected);
        previous = expected;
      }
      expect(verifyStreamChain(events)).toEqual({ verified: true, hashedFrom: 0n, broken: [] });
    }
  });

  it('chains from the true last event when another writer moved the stream behind a cached one', async () => {
    const store = new MemoryEventStore();
    await contractWithContacts(store, 'w1');
    const here = repositoryOn(store);
    const elsewhere = repositoryOn(store);
    const revoke = (contactId: string) => (c: Contract) => c.revokeAuthorisedContact({ contactId, at: clock.now() });
    await here.update(CONTRACTS, 'w1', revoke('ann'), context);
    await elsewhere.update(CONTRACTS, 'w1', revoke('bob'), context);
    // `here` still caches the stream one event short: its append is refused, re-read, and chained again.
    await here.update(CONTRACTS, 'w1', revoke('cat'), context);
    await elsewhere.update(CONTRACTS, 'w1', addContact('dan'), context);
    const events = await store.readStream('contract-w1');
    expect(events).toHaveLength(8);
    expect(verifyStreamChain(events)).toEqual({ verified: true, hashedFrom: 0n, broken: [] });
  });

  it('names exactly the event whose data was changed, and only it', async () => {
    const events = await contractWithContacts(new MemoryEventStore(), 't1');
    const edited = events.map((e) =>
      e.revision === 2n ? { ...e, data: { ...(e.data as object), email: 'mallory@evil.example' } } : e,
    );
    const verdict = verifyStreamChain(edited);
    expect(verdict.verified).toBe(false);
    expect(verdict.broken.map((b) => [b.stream, b.revision])).toEqual([['contract-t1', 2n]]);
  });

  it('names a removed event by the revision that went missing', async () => {
    const events = await contractWithContacts(new MemoryEventStore(), 't2');
    const verdict = verifyStreamChain(events.filter((e) => e.revision !== 1n));
    expect(verdict.broken.map((b) => b.revision)).toEqual([2n]);
    expect(verdict.broken[0].reason).toMatch(/revision 1 is missing/);
  });

  it('starts the chain at the first hashed event of a stream written partly before the chain existed', async () => {
    const store = new MemoryEventStore();
    const events = await contractWithContacts(store, 'legacy');
    // The first two events as an older version wrote them: no hash. The write path chained the
    // third from the hash it found, so re-hash the rest as a writer finding no hash would have.
    const legacy = events.map((e) => (e.revision < 2n ? { ...e, metadata: withoutChainHash(e.metadata) } : e));
    let previous = GENESIS_HASH;
    const rewritten = legacy.map((e) => {
      if (e.revision < 2n) return e;
      const metadata = withoutChainHash(e.metadata);
      const hash = chainHash(previous, { ...e, metadata, stream: e.streamId });
      previous = hash;
      return { ...e, metadata: { ...metadata, [CHAIN_HASH_KEY]: hash } };
    });
    const starts: bigint[] = [];
    const verifier = new ChainVerifier({ onChainStart: (s) => starts.push(s.hashedFrom) });
    rewritten.forEach((e) => verifier.check(e));
    expect(verifier.broken).toEqual([]);
    expect(starts).toEqual([2n]);
    expect(verifyStreamChain(rewritten)).toEqual({ verified: true, hashedFrom: 2n, broken: [] });
  });

  it('continues a legacy stream from genesis when the write path finds no hash on its last event', async () => {
    const store = new MemoryEventStore();
    const repository = repositoryOn(store, 0);
    await contractWithContacts(store, 'old', 0);
    // An older process writes one more event without a hash.
    const [last] = await store.readStream('contract-old', { direction: 'backwards', maxCount: 1 });
    await store.appendToStream(
      'contract-old',
      [
        {
          eventId: '01900000-0000-7000-8000-000000000001',
          type: 'AuthorisedContactRevoked',
          data: { contractId: 'old', contactId: 'ann', at: clock.now().toISO() },
          metadata: { schemaVersion: 1, tenantId: 'acme' },
        },
      ],
      { expectedRevision: last.revision },
    );
    await repository.update(CONTRACTS, 'old', addContact('dan'), context);
    const verdict = verifyStreamChain(await store.readStream('contract-old'));
    // The unhashed event after hashed ones is itself the break; the write path carries on from genesis.
    expect(verdict.broken.map((b) => b.revision)).toEqual([4n]);
  });
});
