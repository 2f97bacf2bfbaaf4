/**
 * A case's recorded events, decoded to the domain's classes, for the reads that show the record
 * itself (history, conversation) rather than the folded state. Upcasting happens in the store;
 * contacts' personal data is opened here (or reads "[erased]"), so every such read shows the same.
 */
import { deserializeDomainEvent, SupportCaseEvent } from '@caseledger/domain';
import type { EventStore, RecordedEvent } from '@caseledger/event-store';
import type { PersonalDataVault } from '../../personal-data/personal-data-vault';
import type { CommandContext } from '../../write-path/command-context';
import { SUPPORT_CASES } from '../../write-path/aggregate-kinds';

export interface CaseRecord {
  /** The event as read, its personal data opened (or "[erased]"). */
  record: RecordedEvent;
  /** The event exactly as the store returned it, personal data sealed: what its chain hash covers. */
  stored: RecordedEvent;
  event: SupportCaseEvent;
}

/** Throws the case's not-found error when the stream is empty or belongs to another account than the scope's. */
export async function readCaseStream(
  store: EventStore,
  caseId: string,
  context: Pick<CommandContext, 'scope'>,
  personalData: PersonalDataVault,
): Promise<CaseRecord[]> {
  const stored = await store.readStream(SUPPORT_CASES.streamOf(caseId));
  const records = await personalData.reveal(stored);
  const decoded = records.map((record, index) => ({
    record,
    stored: stored[index],
    event: deserializeDomainEvent(record.type, record.data) as SupportCaseEvent,
  }));
  const opened = decoded[0]?.event;
  if (opened?.type !== 'CaseOpened') throw SUPPORT_CASES.notFound(caseId);
  // Another account's case answers as absent, so case ids do not leak.
  if (context.scope && opened.data.accountId !== context.scope.accountId) throw SUPPORT_CASES.notFound(caseId);
  return decoded;
}
