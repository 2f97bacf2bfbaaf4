/**
 * The envelope on the wire. Revisions and positions are bigints in the code; JSON has no bigint,
 * and a JS number silently loses precision past 2^53, so they travel as decimal strings.
 */
import type { EventMetadata, EventToAppend, RecordedEvent } from './event-store.port';
import { formatPosition, parsePosition } from './event-store.port';

export interface RecordedEventJson<Data = unknown> {
  eventId: string;
  type: string;
  data: Data;
  metadata: EventMetadata;
  streamId: string;
  revision: string;
  position: string;
  recordedAt: string;
}

export function recordedEventToJson<Data>(event: RecordedEvent<Data>): RecordedEventJson<Data> {
  return {
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    streamId: event.streamId,
    revision: event.revision.toString(),
    position: formatPosition(event.position),
    recordedAt: event.recordedAt,
  };
}

export function recordedEventFromJson<Data>(json: RecordedEventJson<Data>): RecordedEvent<Data> {
  if (!/^\d{1,20}$/.test(json.revision))
    throw new RangeError(`revision "${json.revision}" is not a non-negative integer`);
  return {
    eventId: json.eventId,
    type: json.type,
    data: json.data,
    metadata: json.metadata,
    streamId: json.streamId,
    revision: BigInt(json.revision),
    position: parsePosition(json.position),
    recordedAt: json.recordedAt,
  };
}

export const serializeRecordedEvent = (event: RecordedEvent): string => JSON.stringify(recordedEventToJson(event));

export const deserializeRecordedEvent = (text: string): RecordedEvent =>
  recordedEventFromJson(JSON.parse(text) as RecordedEventJson);

/** Builds an event to append; `schemaVersion` defaults to 1 so first versions need not say it. */
export function eventToAppend<Data>(
  eventId: string,
  type: string,
  data: Data,
  metadata: Partial<EventMetadata> = {},
): EventToAppend<Data> {
  return { eventId, type, data, metadata: { ...metadata, schemaVersion: metadata.schemaVersion ?? 1 } };
}
