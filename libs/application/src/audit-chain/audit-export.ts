/**
 * The audit export: case histories as NDJSON, one event a line, each line the event as the history
 * route shows it plus what its chain hash covers, so anyone can recompute the chain offline
 * (`audit verify --file`). A window (`from`/`to`, on the events' domain instant as in the history)
 * is exported per stream as one contiguous run of revisions, from the first event inside it to the
 * last, and its first line carries the hash it chains from.
 */
import { caseEventInstant, deserializeDomainEvent, type SupportCaseEvent } from '@caseledger/domain';
import {
  formatPosition,
  UpcastingEventStore,
  type EventMetadata,
  type EventStore,
  type RecordedEvent,
} from '@caseledger/event-store';
import { caseHistoryEntry } from '../support-case/get-case-history/get-case-history.handler';
import type { PersonalDataVault } from '../personal-data/personal-data-vault';
import type { CommandContext } from '../write-path/command-context';
import { SUPPORT_CASES } from '../write-path/aggregate-kinds';
import { GENESIS_HASH, storedChainHash, withoutChainHash } from './chain-hash';
import { storedEventsOf } from './verify-store-chains';

/** What an event's chain hash covers, exactly as stored (`revision` as a decimal string). */
export interface HashedContent {
  type: string;
  data: unknown;
  metadata: EventMetadata;
  stream: string;
  revision: string;
}

/** One NDJSON line: the history route's entry plus stream, hashes and the hashed content. */
export interface AuditExportLine {
  eventId: string;
  type: string;
  at: string;
  recordedAt: string;
  actor: { id: string; role: string } | null;
  correlationId: string | null;
  causationId: string | null;
  revision: string;
  position: string;
  schemaVersion: number;
  data: unknown;
  description: string;
  stream: string;
  /** The event's chain hash; null for an event written before the chain existed. */
  hash: string | null;
  /** The hash this event chains from (64 zeros at the start of a chain); null when `hash` is. */
  previousHash: string | null;
  hashed: HashedContent;
}

export interface AuditWindow {
  /** Domain instant at or after (ISO-8601). */
  from?: string;
  /** Domain instant before (ISO-8601, exclusive). */
  to?: string;
}

/** The lines of one case's stream inside the window; throws the case's not-found error like the history. */
export async function caseAuditLines(
  store: EventStore,
  caseId: string,
  context: Pick<CommandContext, 'scope'>,
  personalData: PersonalDataVault,
  window: AuditWindow = {},
): Promise<AuditExportLine[]> {
  const raw = await storedEventsOf(store).readStream(SUPPORT_CASES.streamOf(caseId));
  const upcast = upcasterOf(store);
  // The line shows personal data opened (or "[erased]"); `hashed` keeps it sealed, as stored.
  const shown = await personalData.reveal(raw.map(upcast));
  const decoded = shown.map((record) => deserializeDomainEvent(record.type, record.data) as SupportCaseEvent);
  const opened = decoded[0];
  if (opened?.type !== 'CaseOpened') throw SUPPORT_CASES.notFound(caseId);
  if (context.scope && opened.data.accountId !== context.scope.accountId) throw SUPPORT_CASES.notFound(caseId);
  const from = window.from === undefined ? -Infinity : Date.parse(window.from);
  const to = window.to === undefined ? Infinity : Date.parse(window.to);
  const inside = decoded.map((event) => {
    const at = Date.parse(caseEventInstant(event));
    return at >= from && at < to;
  });
  const first = inside.indexOf(true);
  if (first < 0) return [];
  const last = inside.lastIndexOf(true);
  const lines: AuditExportLine[] = [];
  for (let i = first; i <= last; i++) {
    const record = raw[i];
    const hash = storedChainHash(record.metadata) ?? null;
    const before = i > 0 ? storedChainHash(raw[i - 1].metadata) : undefined;
    const entry = caseHistoryEntry({ record: shown[i], stored: record, event: decoded[i] });
    lines.push({
      ...entry,
      revision: entry.revision.toString(),
      position: formatPosition(entry.position),
      stream: record.streamId,
      hash,
      previousHash: hash === null ? null : (before ?? GENESIS_HASH),
      hashed: {
        type: record.type,
        data: record.data,
        metadata: withoutChainHash(record.metadata),
        stream: record.streamId,
        revision: record.revision.toString(),
      },
    });
  }
  return lines;
}

/**
 * Every case of the account, in the order the cases were opened, as NDJSON lines handed to `write`
 * one case at a time. Finds the cases in one pass over `$all`, remembering only their ids.
 */
export async function exportAccountAudit(
  store: EventStore,
  accountId: string,
  window: AuditWindow,
  personalData: PersonalDataVault,
  write: (ndjson: string) => void | Promise<void>,
): Promise<{ cases: number; events: number }> {
  const raw = storedEventsOf(store);
  const caseIds: string[] = [];
  let after: RecordedEvent['position'] | 'start' = 'start';
  for (;;) {
    const page = await raw.readAll({ fromPosition: after, maxCount: 5000 });
    for (const event of page) {
      if (event.type === 'CaseOpened' && event.revision === 0n && event.streamId.startsWith('case-')) {
        const data = event.data as { accountId?: string; caseId?: string };
        if (data.accountId === accountId) caseIds.push(event.streamId.slice('case-'.length));
      }
    }
    if (page.length < 5000) break;
    after = page[page.length - 1].position;
  }
  let events = 0;
  for (const caseId of caseIds) {
    const lines = await caseAuditLines(store, caseId, { scope: { accountId } }, personalData, window);
    if (lines.length === 0) continue;
    events += lines.length;
    await write(lines.map((line) => JSON.stringify(line) + '\n').join(''));
  }
  return { cases: caseIds.length, events };
}

function upcasterOf(store: EventStore): (record: RecordedEvent) => RecordedEvent {
  return store instanceof UpcastingEventStore ? (record) => store.upcasters.apply(record) : (record) => record;
}
