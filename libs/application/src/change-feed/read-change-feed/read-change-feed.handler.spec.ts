import { MemoryPersonalDataKeys } from '../../personal-data/personal-data-keys';
import { PersonalDataVault } from '../../personal-data/personal-data-vault';
import { formatPosition, MemoryEventStore } from '@caseledger/event-store';
import { CHANGE_FEED_SCAN_BUDGET, ReadChangeFeedHandler } from './read-change-feed.handler';
import { ChangeFeedRequest, ReadChangeFeed } from './read-change-feed.query';

const at = '2026-04-02T10:00:00Z';
let seq = 0;
const id = () => `0195f3aa-0000-7000-8000-${String(++seq).padStart(12, '0')}`;
const event = (type: string, data: Record<string, unknown>, tenantId?: string) => ({
  eventId: id(),
  type,
  data,
  metadata: { schemaVersion: 1, ...(tenantId !== undefined && { tenantId }) },
});

async function storeOfTwoAccounts(): Promise<MemoryEventStore> {
  const store = new MemoryEventStore();
  await store.appendToStream('contract-c1', [event('ContractSigned', { contractId: 'c1', signedAt: at }, 'acme')]);
  await store.appendToStream('case-k1', [event('CaseOpened', { caseId: 'k1', openedAt: at }, 'acme')]);
  await store.appendToStream('case-k2', [event('CaseOpened', { caseId: 'k2', openedAt: at }, 'globex')]);
  await store.appendToStream('case-k1', [
    event('SlaBreached', { caseId: 'k1', at: '2026-04-02T12:00:00.000Z' }, 'acme'),
  ]);
  // Not a domain event, and an event of no account: neither may reach an account-scoped reader.
  await store.appendToStream('system-x', [event('SomethingInternal', {}, 'acme')]);
  await store.appendToStream('case-k3', [event('CaseOpened', { caseId: 'k3', openedAt: at })]);
  return store;
}

const read = (store: MemoryEventStore, request: Partial<ChangeFeedRequest>, accountId?: string) =>
  new ReadChangeFeedHandler(store, new PersonalDataVault(new MemoryPersonalDataKeys())).execute(
    new ReadChangeFeed(accountId ? { scope: { accountId } } : {}, { limit: 100, ...request }),
  );

describe('reading the change feed', () => {
  it('answers every domain event in $all order under its public name, with subject, account and instants', async () => {
    const page = await read(await storeOfTwoAccounts(), {});
    expect(page.entries.map((e) => [e.type, e.subject, e.accountId])).toEqual([
      ['contract.signed', 'c1', 'acme'],
      ['case.opened', 'k1', 'acme'],
      ['case.opened', 'k2', 'globex'],
      ['sla.breached', 'k1', 'acme'],
      ['case.opened', 'k3', null],
    ]);
    expect(page.entries[0]).toMatchObject({
      subjectKind: 'contract',
      streamId: 'contract-c1',
      at: '2026-04-02T10:00:00.000Z',
    });
    expect(page.entries[3]).toMatchObject({ subjectKind: 'case', at: '2026-04-02T12:00:00.000Z', schemaVersion: 1 });
    expect(page.caughtUp).toBe(true);
  });

  it("an account-scoped reader sees its account's events only, never those of no account", async () => {
    const page = await read(await storeOfTwoAccounts(), {}, 'acme');
    expect(page.entries.map((e) => [e.type, e.subject])).toEqual([
      ['contract.signed', 'c1'],
      ['case.opened', 'k1'],
      ['sla.breached', 'k1'],
    ]);
    expect((await read(await storeOfTwoAccounts(), {}, 'globex')).entries.map((e) => e.subject)).toEqual(['k2']);
  });

  it('filters by exact types and family wildcards', async () => {
    const store = await storeOfTwoAccounts();
    expect((await read(store, { types: ['sla.*', 'contract.signed'] })).entries.map((e) => e.type)).toEqual([
      'contract.signed',
      'sla.breached',
    ]);
    expect((await read(store, { types: ['case.closed'] })).entries).toEqual([]);
  });

  it('pages by the cursor without a gap or a repeat; the cursor moves past events the reader does not see', async () => {
    const store = await storeOfTwoAccounts();
    const first = await read(store, { limit: 2 }, 'acme');
    expect(first.entries.map((e) => e.type)).toEqual(['contract.signed', 'case.opened']);
    expect(first.caughtUp).toBe(false);
    const second = await read(store, { limit: 2, after: first.cursor }, 'acme');
    expect(second.entries.map((e) => e.type)).toEqual(['sla.breached']);
    expect(second.caughtUp).toBe(true);
    const all = await store.readAll();
    expect(formatPosition(second.cursor!)).toBe(formatPosition(all[all.length - 1].position));
    const third = await read(store, { limit: 2, after: second.cursor }, 'acme');
    expect(third).toEqual({ entries: [], cursor: second.cursor, caughtUp: true });
  });

  it('stops after its scan budget with an advanced cursor when the reader sees nothing there', async () => {
    const store = new MemoryEventStore();
    const others = Array.from({ length: CHANGE_FEED_SCAN_BUDGET + 10 }, (_, i) =>
      event('CaseOpened', { caseId: `g${i}`, openedAt: at }, 'globex'),
    );
    for (let i = 0; i < others.length; i += 1000) await store.appendToStream(`case-g${i}`, others.slice(i, i + 1000));
    await store.appendToStream('case-k1', [event('CaseOpened', { caseId: 'k1', openedAt: at }, 'acme')]);
    const first = await read(store, {}, 'acme');
    expect(first.entries).toEqual([]);
    expect(first.caughtUp).toBe(false);
    expect(first.cursor).toBeDefined();
    const second = await read(store, { after: first.cursor }, 'acme');
    expect(second.entries.map((e) => e.subject)).toEqual(['k1']);
    expect(second.caughtUp).toBe(true);
  });
});
