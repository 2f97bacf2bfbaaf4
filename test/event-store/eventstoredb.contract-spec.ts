import { EventStoreDbEventStore } from '@caseledger/event-store';
import { runEventStoreContract } from './event-store.contract';

const url = process.env.EVENTSTORE_URL;

if (url) {
  runEventStoreContract('eventstoredb', () => EventStoreDbEventStore.connect(url), { detectsEventIdConflict: false });
} else {
  console.warn('!!! SKIPPED eventstoredb contract suite: EVENTSTORE_URL not set');
  describe.skip('eventstoredb event store contract (EVENTSTORE_URL not set)', () => {
    it('runs when EVENTSTORE_URL points at an EventStoreDB node', () => undefined);
  });
}
