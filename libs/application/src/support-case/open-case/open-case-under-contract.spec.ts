import { ContactNotAuthorised, ContractNotActive } from '@caseledger/domain';
import { MemoryEventStore, type ReadStreamOptions, type RecordedEvent } from '@caseledger/event-store';
import { ManualClock } from '../../clock/clock';
import { AddAuthorisedContact } from '../../contract/add-authorised-contact/add-authorised-contact.command';
import { AddAuthorisedContactHandler } from '../../contract/add-authorised-contact/add-authorised-contact.handler';
import { RevokeAuthorisedContact } from '../../contract/revoke-authorised-contact/revoke-authorised-contact.command';
import { RevokeAuthorisedContactHandler } from '../../contract/revoke-authorised-contact/revoke-authorised-contact.handler';
import { SignContract } from '../../contract/sign-contract/sign-contract.command';
import { SignContractHandler } from '../../contract/sign-contract/sign-contract.handler';
import { TerminateContract } from '../../contract/terminate-contract/terminate-contract.command';
import { TerminateContractHandler } from '../../contract/terminate-contract/terminate-contract.handler';
import { UuidV7Generator } from '../../ids/uuid-v7';
import { MemoryPersonalDataKeys } from '../../personal-data/personal-data-keys';
import { PersonalDataVault } from '../../personal-data/personal-data-vault';
import { AggregateRepository } from '../../write-path/aggregate-repository';
import type { CommandContext } from '../../write-path/command-context';
import { DomainEventCodec } from '../../write-path/domain-event-codec';
import { verifyStreamChain } from '../../audit-chain/chain-verifier';
import { OpenCase } from './open-case.command';
import { OpenCaseHandler } from './open-case.handler';

/** The memory store, counting the stream reads each contract stream costs. */
class CountingStore extends MemoryEventStore {
  readonly reads: string[] = [];

  override readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.reads.push(streamId);
    return super.readStream(streamId, options);
  }
}

/** Keys kept in memory, counting the lookups (each one a query on the SQL key store). */
class CountingKeys extends MemoryPersonalDataKeys {
  lookups = 0;

  override find(keyIds: readonly string[]): Promise<Map<string, Buffer>> {
    this.lookups++;
    return super.find(keyIds);
  }
}

const admin: CommandContext = { actor: { id: 'admin-key', role: 'admin' }, correlationId: 'c-admin' };
const agent: CommandContext = { actor: { id: 'agent-7', role: 'agent' }, correlationId: 'c-agent' };

/** Two processes on one store: each has its own repository, so its own stream cache. */
function twoProcesses() {
  const clock = new ManualClock('2026-04-02T13:30:00Z');
  const store = new CountingStore();
  const ids = new UuidV7Generator(clock);
  const keys = new CountingKeys();
  const process = () => {
    const repository = new AggregateRepository(store, new DomainEventCodec(), ids, new PersonalDataVault(keys), {
      streamCacheSize: 100,
    });
    return {
      sign: new SignContractHandler(repository, clock, ids),
      addContact: new AddAuthorisedContactHandler(repository, clock),
      revokeContact: new RevokeAuthorisedContactHandler(repository, clock),
      terminate: new TerminateContractHandler(repository, clock),
      open: new OpenCaseHandler(repository, clock, ids),
    };
  };
  return { clock, store, keys, here: process(), elsewhere: process() };
}

const openFor = (contractId: string, contactId: string) =>
  new OpenCase(
    {
      contractId,
      contactId,
      channel: 'portal',
      subject: 'Chats are not created',
      description: '1. open the widget 2. no chat',
      category: 'incident',
      priority: 'P2',
      criticality: 'nonCritical',
    },
    agent,
  );

async function contractWithOlga(elsewhere: ReturnType<typeof twoProcesses>['elsewhere']): Promise<string> {
  const { contractId } = await elsewhere.sign.execute(
    new SignContract({ accountId: 'acme', planId: 'beesender-business', startsAt: clockStart() }, admin),
  );
  await elsewhere.addContact.execute(
    new AddAuthorisedContact(contractId, { contactId: 'olga', name: 'Olga', email: 'olga@acme.example' }, admin),
  );
  return contractId;
}

const clockStart = () => new ManualClock('2026-03-01T00:00:00Z').now();

describe('opening a case under a contract the write path has cached', () => {
  it('a second case under the same contract opens without reading the contract or its contacts’ keys', async () => {
    const { store, keys, here, elsewhere } = twoProcesses();
    const contractId = await contractWithOlga(elsewhere);
    await here.open.execute(openFor(contractId, 'olga'));
    store.reads.length = 0;
    keys.lookups = 0;

    await here.open.execute(openFor(contractId, 'olga'));
    await here.open.execute(openFor(contractId, 'olga'));

    expect(store.reads.filter((stream) => stream === `contract-${contractId}`)).toEqual([]);
    // The decision reads the terms (contact ids), never a contact's name: nothing is unsealed for it.
    expect(keys.lookups).toBe(0);
  });

  it('cases opened under one contract, their terms shared in the cache, store the terms and a chain that verifies', async () => {
    const { clock, store, here, elsewhere } = twoProcesses();
    const contractId = await contractWithOlga(elsewhere);
    const first = await here.open.execute(openFor(contractId, 'olga'));
    clock.advance({ minutes: 1 });
    const second = await here.open.execute(openFor(contractId, 'olga'));
    const [one, two] = await Promise.all([first, second].map((c) => store.readStream(`case-${c.caseId}`)));
    expect(verifyStreamChain(one)).toMatchObject({ verified: true, broken: [] });
    expect(verifyStreamChain(two)).toMatchObject({ verified: true, broken: [] });
    const termsOf = (events: RecordedEvent[]) => (events[0].data as { terms: unknown }).terms;
    expect(termsOf(two)).toEqual(termsOf(one));
    expect(termsOf(one)).toMatchObject({ contractId, planId: 'beesender-business' });
    // Every later event of a case chains on from the hash of its opening, here from the cache.
    clock.advance({ minutes: 1 });
    await here.open.execute(openFor(contractId, 'olga'));
    expect(verifyStreamChain(await store.readStream(`case-${second.caseId}`)).verified).toBe(true);
  });

  it('a contact revoked by another process since is refused, at the cost of one read of the contract', async () => {
    const { clock, store, here, elsewhere } = twoProcesses();
    const contractId = await contractWithOlga(elsewhere);
    await here.open.execute(openFor(contractId, 'olga'));
    clock.advance({ minutes: 5 });
    await elsewhere.revokeContact.execute(new RevokeAuthorisedContact(contractId, { contactId: 'olga' }, admin));
    clock.advance({ minutes: 5 });
    const casesBefore = (await store.readAll()).filter((e) => e.type === 'CaseOpened').length;
    store.reads.length = 0;

    await expect(here.open.execute(openFor(contractId, 'olga'))).rejects.toBeInstanceOf(ContactNotAuthorised);

    expect(store.reads.filter((stream) => stream === `contract-${contractId}`)).toHaveLength(1);
    expect((await store.readAll()).filter((e) => e.type === 'CaseOpened')).toHaveLength(casesBefore);
  });

  it('a contact authorised by another process since opens a case on the new terms', async () => {
    const { clock, here, elsewhere } = twoProcesses();
    const contractId = await contractWithOlga(elsewhere);
    await here.open.execute(openFor(contractId, 'olga'));
    clock.advance({ minutes: 5 });
    await elsewhere.addContact.execute(
      new AddAuthorisedContact(contractId, { contactId: 'piet', name: 'Piet', email: 'piet@acme.example' }, admin),
    );

    // The cached contract knows no Piet: a refusal decided on it is checked on a fresh read.
    const opened = await here.open.execute(openFor(contractId, 'piet'));
    expect(opened.eventTypes[0]).toBe('CaseOpened');
  });

  it('a contract terminated by another process since opens no case', async () => {
    const { clock, here, elsewhere } = twoProcesses();
    const contractId = await contractWithOlga(elsewhere);
    await here.open.execute(openFor(contractId, 'olga'));
    clock.advance({ minutes: 5 });
    await elsewhere.terminate.execute(new TerminateContract(contractId, { reason: 'account closed' }, admin));
    clock.advance({ minutes: 5 });

    await expect(here.open.execute(openFor(contractId, 'olga'))).rejects.toBeInstanceOf(ContractNotActive);
  });
});
