import type { IEvent } from '@nestjs/cqrs';
import { deserializeDomainEvent } from '@caseledger/domain';
import type { RecordedEvent } from '@caseledger/event-store';
import type { EventCodec } from './aggregate-repository';

interface StorableEvent {
  type: string;
  data: unknown;
  constructor: { schemaVersion?: number };
}

/** Domain events are `{ type, data }` instances; the store keeps `data` as JSON under `type`. */
export class DomainEventCodec implements EventCodec {
  encode(event: IEvent): { type: string; data: unknown; schemaVersion: number } {
    const storable = event as StorableEvent;
    return { type: storable.type, data: storable.data, schemaVersion: storable.constructor.schemaVersion ?? 1 };
  }

  decode(record: RecordedEvent): IEvent {
    return deserializeDomainEvent(record.type, record.data);
  }
}
