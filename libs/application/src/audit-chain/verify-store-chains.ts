/**
 * Verifies the chains held by an event store: every stream in one pass over `$all` (or one stream),
 * below any upcasting, since hashes cover what was stored. The next page is read while the current
 * one is hashed, so the walk costs about what the slower of the two costs, not their sum.
 */
import { UpcastingEventStore, type EventStore, type RecordedEvent } from '@caseledger/event-store';
import { ChainVerifier, type ChainVerifierListener } from './chain-verifier';

export interface VerifyStoreChainsOptions extends ChainVerifierListener {
  /** Only this stream. */
  streamId?: string;
  /** Only the streams of this account (events whose `tenantId` is it). */
  accountId?: string;
  /** Called after each page with the number of events read so far. */
  onProgress?(eventsRead: number): void;
  pageSize?: number;
}

/** The store as written: below the upcasting layer, if there is one. */
export function storedEventsOf(store: EventStore): EventStore {
  return store instanceof UpcastingEventStore ? store.inner : store;
}

export async function verifyStoreChains(
  store: EventStore,
  options: VerifyStoreChainsOptions = {},
): Promise<ChainVerifier> {
  const raw = storedEventsOf(store);
  const verifier = new ChainVerifier(options);
  if (options.streamId !== undefined) {
    const events = await raw.readStream(options.streamId);
    for (const event of events) verifier.check(event);
    options.onProgress?.(events.length);
    return verifier;
  }
  const pageSize = options.pageSize ?? 5000;
  const account = options.accountId;
  let read = 0;
  let next: Promise<RecordedEvent[]> | undefined = raw.readAll({ fromPosition: 'start', maxCount: pageSize });
  while (next) {
    const page: RecordedEvent[] = await next;
    next =
      page.length === pageSize
        ? raw.readAll({ fromPosition: page[page.length - 1].position, maxCount: pageSize })
        : undefined;
    for (const event of page) {
      if (account === undefined || event.metadata.tenantId === account) verifier.check(event);
    }
    read += page.length;
    options.onProgress?.(read);
  }
  return verifier;
}
