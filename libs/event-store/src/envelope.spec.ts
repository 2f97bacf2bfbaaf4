import { randomUUID } from 'node:crypto';
import { deserializeRecordedEvent, eventToAppend, serializeRecordedEvent } from './envelope';
import type { RecordedEvent } from './event-store.port';

describe('envelope JSON', () => {
  it('carries revisions and positions beyond 2^53 exactly, as strings', () => {
    const event: RecordedEvent = {
      eventId: randomUUID(),
      type: 'CaseOpened',
      data: { subject: 'x' },
      metadata: { schemaVersion: 1, tenantId: 'acme' },
      streamId: 'case-1',
      revision: 9007199254740993n,
      position: { commit: 18446744073709551615n, prepare: 9007199254740993n },
      recordedAt: '2025-01-02T03:04:05.678Z',
    };
    const text = serializeRecordedEvent(event);
    expect(JSON.parse(text)).toMatchObject({
      revision: '9007199254740993',
      position: '18446744073709551615-9007199254740993',
    });
    expect(deserializeRecordedEvent(text)).toEqual(event);
  });

  it('builds an event to append with schemaVersion 1 unless told otherwise', () => {
    expect(eventToAppend('id', 'CaseOpened', {}).metadata.schemaVersion).toBe(1);
    expect(eventToAppend('id', 'CaseOpened', {}, { schemaVersion: 3, tenantId: 't' }).metadata).toEqual({
      schemaVersion: 3,
      tenantId: 't',
    });
  });
});
