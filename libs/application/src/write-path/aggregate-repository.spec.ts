import { DateTime } from 'luxon';
import { MemoryEventStore } from '@caseledger/event-store';
import type { Contract } from '@caseledger/domain';
import { ManualClock } from '../clock/clock';
import { UuidV7Generator } from '../ids/uuid-v7';
import { CONTRACTS } from './aggregate-kinds';
import { AggregateRepository, RevisionMismatch } from './aggregate-repository';
import type { CommandContext } from './command-context';
import { DomainEventCodec } from './domain-event-codec';
import { cachedEvent } from './stream-cache';
import { MemoryPersonalDataKeys } from '../personal-data/personal-data-keys';
import { PersonalDataVault } from '../personal-data/personal-data-vault';

const context = { actor: { id: 'admin-1', role: 'admin' }, correlationId: 'c-1' };
const clock = new ManualClock('2026-04-01T10:00:00Z');

function repositoryOn(
  store: MemoryEventStore,
  vault = new PersonalDataVault(new MemoryPersonalDataKeys()),
): AggregateRepository {
  return new AggregateRepository(store, new DomainEventCodec(), new UuidV7Generator(clock), vault, {
    streamCacheSize: 100,
  });
}

async function signed(repository: AggregateRepository, id: string): Promise<void> {
  await repository.create(
    CONTRACTS,
    id,
    (c) =>
      c.sign({
        contractId: id,
        accountId: 'acme',
        planId: 'beesender-basic',
        serviceTimeZone: 'gmt+3',
        startsAt: DateTime.fromISO('2026-01-01T00:00:00Z'),
        now: clock.now(),
      }),
    context,
  );
}

const addContact = (contactId: string) => (c: import('@caseledger/domain').Contract) =>
  c.addAuthorisedContact({ contactId, name: contactId, email: `${contactId}@acme.example`, at: clock.now() });

describe('the write path with its stream cache', () => {
  it('decides again on fresh state when another writer changed the stream behind the cache', async () => {
    const store = new MemoryEventStore();
    const here = repositoryOn(store);
    const elsewhere = repositoryOn(store);
    await signed(here, 'k1');
    await here.update(CONTRACTS, 'k1', addContact('ann'), context);
    // Another process fills the plan's last seat (Basic: 2 contacts); this one's cache still says 1.
    await elsewhere.update(CONTRACTS, 'k1', addContact('bob'), context);
    await expect(here.update(CONTRACTS, 'k1', addContact('cat'), context)).rejects.toMatchObject({
      code: 'contact-limit-reached',
    });
    expect((await store.readStream('contract-k1')).map((e) => e.type)).toEqual([
      'ContractSigned',
      'AuthorisedContactAdded',
      'AuthorisedContactAdded',
    ]);
  });

  it('checks a refusal decided on a stale cache against a fresh read before answering it', async () => {
    const store = new MemoryEventStore();
    const here = repositoryOn(store);
    await signed(here, 'k5');
    await here.update(CONTRACTS, 'k5', addContact('ann'), context);
    await here.update(CONTRACTS, 'k5', addContact('bob'), context);
    // Another process frees a seat (Basic: 2 contacts); this one's cache still says the plan is full.
    await repositoryOn(store).update(
      CONTRACTS,
      'k5',
      (c) => c.revokeAuthorisedContact({ contactId: 'ann', at: clock.now() }),
      context,
    );
    await here.update(CONTRACTS, 'k5', addContact('cat'), context);
    const fresh = await repositoryOn(store).get(CONTRACTS, 'k5');
    expect(fresh.aggregate.authorisedContacts.map((c) => c.contactId)).toEqual(['bob', 'cat']);
  });

  it('continues the revisions from the cache and agrees with a fresh read', async () => {
    const store = new MemoryEventStore();
    const repository = repositoryOn(store);
    await signed(repository, 'k2');
    const first = await repository.update(CONTRACTS, 'k2', addContact('ann'), context);
    const second = await repository.update(CONTRACTS, 'k2', addContact('bob'), context);
    expect([first.revision, second.revision]).toEqual([1n, 2n]);
    const fresh = await repositoryOn(store).get(CONTRACTS, 'k2');
    expect(fresh.revision).toBe(2n);
    expect(fresh.aggregate.authorisedContacts.map((c) => c.contactId)).toEqual(['ann', 'bob']);
  });

  it('checks If-Match against the stream, not against a stale cache', async () => {
    const store = new MemoryEventStore();
    const here = repositoryOn(store);
    await signed(here, 'k3');
    await here.update(CONTRACTS, 'k3', addContact('ann'), context);
    await repositoryOn(store).update(CONTRACTS, 'k3', addContact('bob'), context);
    // The caller read revision 2 elsewhere: correct, though this process's cache says 1.
    await here.update(
      CONTRACTS,
      'k3',
      (c) => c.revokeAuthorisedContact({ contactId: 'ann', at: clock.now() }),
      context,
      { expectedRevision: 2n },
    );
    await expect(
      here.update(CONTRACTS, 'k3', addContact('cat'), context, { expectedRevision: 2n }),
    ).rejects.toBeInstanceOf(RevisionMismatch);
  });

  it('never lets one fold change the events another fold reads', async () => {
    const store = new MemoryEventStore();
    const repository = repositoryOn(store);
    await signed(repository, 'k4');
    await repository.update(CONTRACTS, 'k4', addContact('ann'), context);
    await repository.update(
      CONTRACTS,
      'k4',
      (c) => c.revokeAuthorisedContact({ contactId: 'ann', at: clock.now() }),
      context,
    );
    await repository.update(CONTRACTS, 'k4', addContact('ann'), context);
    const fresh = await repositoryOn(store).get(CONTRACTS, 'k4');
    expect(fresh.aggregate.authorisedContacts.map((c) => c.contactId)).toEqual(['ann']);
  });
});

describe('the stream cache', () => {
  it('keeps a deeply frozen copy of each event, so a fold that writes to one fails instead of changing it', () => {
    const data = { contact: { contactId: 'ann', tags: ['a'] } };
    const cached = cachedEvent('AuthorisedContactAdded', data);
    expect(cached.data).toEqual(data);
    expect(Object.isFrozen(data) || Object.isFrozen(data.contact)).toBe(false);
    const copy = cached.data as typeof data;
    expect(() => (copy.contact.contactId = 'bob')).toThrow(TypeError);
    expect(() => copy.contact.tags.push('b')).toThrow(TypeError);
    data.contact.contactId = 'cat';
    expect(copy.contact.contactId).toBe('ann');
  });

  it('folds every kind of contract event from the cache to the state a fresh read gives', async () => {
    const store = new MemoryEventStore();
    const vault = new PersonalDataVault(new MemoryPersonalDataKeys());
    const repository = repositoryOn(store, vault);
    await signed(repository, 'k5');
    const at = clock.now();
    for (const step of [
      addContact('ann'),
      addContact('bob'),
      (c: Contract) => c.revokeAuthorisedContact({ contactId: 'bob', at }),
      (c: Contract) => c.erasePersonalData({ contactId: 'bob', at }),
      (c: Contract) => c.changePlan({ planId: 'beesender-premium', effectiveAt: at.plus({ days: 1 }) }),
      (c: Contract) => c.changeCalendar({ calendar: { timeZone: 'Europe/London', alwaysOpen: true }, now: at }),
      (c: Contract) => c.requestApplicationUpdate({ description: 'd', at: at.plus({ days: 2 }) }),
    ])
      await repository.update(CONTRACTS, 'k5', step, context);
    const fresh = (await repositoryOn(store, vault).get(CONTRACTS, 'k5')).aggregate;
    const later = at.plus({ days: 2 });
    await repository.update(
      CONTRACTS,
      'k5',
      (cached) => {
        expect(cached.authorisedContacts).toEqual(fresh.authorisedContacts);
        expect(cached.termsAt(later)).toEqual(fresh.termsAt(later));
        expect(cached.hasKnownContact('bob')).toBe(true);
        cached.terminate({ reason: 'r', at });
      },
      context,
    );
  });
});

describe('the write path under an Idempotency-Key', () => {
  const keyed = (seed: string): CommandContext => ({ ...context, idempotency: { seed } });

  it('a second execution, later and in another process, answers the first one’s write as a replay without deciding again', async () => {
    const store = new MemoryEventStore();
    await signed(repositoryOn(store), 'i1');
    const firstContext = keyed('seed-1');
    const first = await repositoryOn(store).update(CONTRACTS, 'i1', addContact('ann'), firstContext);
    clock.advance({ minutes: 5 });
    await repositoryOn(store).update(CONTRACTS, 'i1', addContact('bob'), context);

    // Deciding again would be refused (ann is already a contact) or write a second copy at a later instant.
    const retryContext = keyed('seed-1');
    const retry = await repositoryOn(store).update(CONTRACTS, 'i1', addContact('ann'), retryContext);
    expect(retry).toEqual(first);
    expect([firstContext.idempotency?.replayed, retryContext.idempotency?.replayed]).toEqual([undefined, true]);
    expect((await store.readStream('contract-i1')).map((e) => e.type)).toEqual([
      'ContractSigned',
      'AuthorisedContactAdded',
      'AuthorisedContactAdded',
    ]);
  });

  it('two executions at once in two processes store the write once and both answer it', async () => {
    const store = new MemoryEventStore();
    await signed(repositoryOn(store), 'i2');
    const [one, two] = await Promise.all([
      repositoryOn(store).update(CONTRACTS, 'i2', addContact('ann'), keyed('seed-2')),
      repositoryOn(store).update(CONTRACTS, 'i2', addContact('ann'), keyed('seed-2')),
    ]);
    expect(one).toEqual(two);
    expect((await store.readStream('contract-i2')).map((e) => e.type)).toEqual([
      'ContractSigned',
      'AuthorisedContactAdded',
    ]);
  });

  it('a second creation of the same aggregate under the same key answers the first; under another key it is refused', async () => {
    const store = new MemoryEventStore();
    const create = (seed: string) =>
      repositoryOn(store).create(
        CONTRACTS,
        'i3',
        (c) =>
          c.sign({
            contractId: 'i3',
            accountId: 'acme',
            planId: 'beesender-basic',
            serviceTimeZone: 'gmt+3',
            startsAt: DateTime.fromISO('2026-01-01T00:00:00Z'),
            now: clock.advance({ seconds: 1 }),
          }),
        keyed(seed),
      );
    const first = await create('seed-3');
    expect(await create('seed-3')).toEqual(first);
    await expect(create('seed-4')).rejects.toMatchObject({ name: 'AggregateAlreadyExists' });
    expect(await store.readStream('contract-i3')).toHaveLength(1);
  });
});
