import { MemoryEventStore } from '@caseledger/event-store';
import { runEventStoreContract } from './event-store.contract';

runEventStoreContract('memory', async () => new MemoryEventStore());
