import { MemoryEventStore, withUpcasters } from '@caseledger/event-store';
import { CaseNotFound } from '@caseledger/domain';
import { GetCaseHistoryHandler } from './get-case-history.handler';
import { MemoryPersonalDataKeys } from '../../personal-data/personal-data-keys';
import { PersonalDataVault } from '../../personal-data/personal-data-vault';
import { GetCaseHistory } from './get-case-history.query';

const caseId = '0195f3aa-2b3c-7d4e-8f50-61728394a5b6';
const at = '2026-04-02T10:00:00.000Z';
const meta = (schemaVersion: number) => ({
  schemaVersion,
  correlationId: 'req-1',
  actor: { id: 'kim', role: 'agent' },
  tenantId: 'acme',
});

async function storeWithOldResponse(): Promise<MemoryEventStore> {
  const store = new MemoryEventStore();
  await store.appendToStream(`case-${caseId}`, [
    {
      eventId: '0195f3aa-0000-7000-8000-000000000001',
      type: 'CaseOpened',
      data: { caseId, accountId: 'acme', contactId: 'olga', channel: 'portal', openedAt: at, subject: 's' },
      metadata: meta(1),
    },
    {
      eventId: '0195f3aa-0000-7000-8000-000000000002',
      type: 'CaseResponded',
      // Version 1 as an imagined earlier shape that called the message `text`; version 2 calls it `message`.
      data: { caseId, agentId: 'kim', text: 'Looking into it', at },
      metadata: meta(1),
    },
  ]);
  return store;
}

describe('case history from the stream', () => {
  it("answers each event's data in the current schema, as the store's upcasters lift it", async () => {
    const store = withUpcasters(await storeWithOldResponse(), [
      {
        type: 'CaseResponded',
        fromVersion: 1,
        upcast: ({ text, ...rest }: { text: string }, metadata) => ({
          data: { ...rest, message: text },
          metadata: { ...metadata, schemaVersion: 2 },
        }),
      },
    ]);
    const page = await new GetCaseHistoryHandler(store, new PersonalDataVault(new MemoryPersonalDataKeys())).execute(
      new GetCaseHistory(caseId, {}, {}, { limit: 10 }),
    );
    expect(page.entries[1]).toMatchObject({
      type: 'CaseResponded',
      schemaVersion: 2,
      data: { caseId, agentId: 'kim', message: 'Looking into it', at },
      description: 'Agent kim responded',
      actor: { id: 'kim', role: 'agent' },
      correlationId: 'req-1',
      causationId: null,
      revision: 1n,
    });
    expect(page.lastRevision).toBeUndefined();
  });

  it("treats another account's case as absent for an account-scoped reader", async () => {
    const handler = new GetCaseHistoryHandler(
      await storeWithOldResponse(),
      new PersonalDataVault(new MemoryPersonalDataKeys()),
    );
    await expect(
      handler.execute(new GetCaseHistory(caseId, { scope: { accountId: 'globex' } }, {}, { limit: 10 })),
    ).rejects.toBeInstanceOf(CaseNotFound);
  });
});
