import { randomUUID } from 'node:crypto';
import { MemoryEventStore } from './adapters/memory/memory.event-store';
import type { EventToAppend, RecordedEvent } from './event-store.port';
import { DuplicateUpcaster, Upcasters, withUpcasters, type Upcaster } from './upcasting';

// CaseOpened v1 carried one free-text `contact`; v2 splits it into name and email; v3 adds `channel`.
const v1ToV2: Upcaster = {
  type: 'CaseOpened',
  fromVersion: 1,
  upcast: (data: { subject: string; contact: string }, metadata) => {
    const [, name, email] = /^(.*?)\s*<(.+)>$/.exec(data.contact) ?? [undefined, data.contact, null];
    return { data: { subject: data.subject, contact: { name, email } }, metadata: { ...metadata, schemaVersion: 2 } };
  },
};
const v2ToV3: Upcaster = {
  type: 'CaseOpened',
  fromVersion: 2,
  upcast: (data, metadata) => ({ data: { ...data, channel: 'unknown' }, metadata }),
};

const oldJson = `{"eventId":"${randomUUID()}","type":"CaseOpened",
  "data":{"subject":"Printer on fire","contact":"Ada Lovelace <ada@example.com>"},
  "metadata":{"schemaVersion":1,"tenantId":"acme"}}`;

describe('upcasting', () => {
  it('lifts an event written as v1 JSON to the current shape on every read path', async () => {
    const inner = new MemoryEventStore();
    const store = withUpcasters(inner, [v1ToV2, v2ToV3]);
    await store.appendToStream('case-1', [JSON.parse(oldJson) as EventToAppend]);
    const expected = {
      data: {
        subject: 'Printer on fire',
        contact: { name: 'Ada Lovelace', email: 'ada@example.com' },
        channel: 'unknown',
      },
      metadata: { schemaVersion: 3, tenantId: 'acme' },
    };

    expect(await store.readStream('case-1')).toEqual([expect.objectContaining(expected)]);
    expect(await store.readAll()).toEqual([expect.objectContaining(expected)]);
    const subscription = store.subscribeToAll();
    for await (const event of subscription) {
      expect(event).toEqual(expect.objectContaining(expected));
      break;
    }
    await subscription.close();
    // What is stored stays as it was written.
    expect((await inner.readStream('case-1'))[0].data).toEqual(JSON.parse(oldJson).data);
  });

  it('leaves events of other types and current versions untouched', () => {
    const event = { type: 'CaseClosed', data: { a: 1 }, metadata: { schemaVersion: 1 } } as RecordedEvent;
    expect(new Upcasters([v1ToV2]).apply(event)).toBe(event);
  });

  it('moves the version forward even when an upcaster forgets to', () => {
    const lazy: Upcaster = { type: 'X', fromVersion: 1, upcast: (data, metadata) => ({ data, metadata }) };
    const event = { type: 'X', data: {}, metadata: { schemaVersion: 1 } } as RecordedEvent;
    expect(new Upcasters([lazy]).apply(event).metadata.schemaVersion).toBe(2);
  });

  it('refuses two upcasters for the same type and version', () => {
    expect(() => new Upcasters([v1ToV2, { ...v1ToV2 }])).toThrow(DuplicateUpcaster);
  });
});
