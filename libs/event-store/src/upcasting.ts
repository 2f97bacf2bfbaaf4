/**
 * Event types never change meaning; a new shape is a new `metadata.schemaVersion`. Old events stay
 * as they were written and are lifted to the current shape on every read path (readStream, readAll,
 * subscribeToAll) by a chain of upcasters, each taking one type from one version to the next.
 */
import type {
  AllSubscription,
  AppendOptions,
  AppendResult,
  EventMetadata,
  EventStore,
  EventToAppend,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
} from './event-store.port';

export interface Upcaster {
  type: string;
  /** The `schemaVersion` this upcaster reads; it produces `fromVersion + 1` unless it says more. */
  fromVersion: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  upcast(data: any, metadata: EventMetadata): { data: unknown; metadata: EventMetadata };
}

export class DuplicateUpcaster extends Error {
  constructor(
    readonly type: string,
    readonly fromVersion: number,
  ) {
    super(`an upcaster for ${type} from schemaVersion ${fromVersion} is already registered`);
    this.name = 'DuplicateUpcaster';
  }
}

export class Upcasters {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) this.register(upcaster);
  }

  register(upcaster: Upcaster): this {
    const key = `${upcaster.fromVersion}:${upcaster.type}`;
    if (this.byKey.has(key)) throw new DuplicateUpcaster(upcaster.type, upcaster.fromVersion);
    this.byKey.set(key, upcaster);
    return this;
  }

  get size(): number {
    return this.byKey.size;
  }

  apply<Data = unknown>(event: RecordedEvent): RecordedEvent<Data> {
    if (this.byKey.size === 0) return event as RecordedEvent<Data>;
    let { data, metadata } = event;
    let upcasted = false;
    for (;;) {
      const version = metadata.schemaVersion ?? 1;
      const upcaster = this.byKey.get(`${version}:${event.type}`);
      if (!upcaster) break;
      const next = upcaster.upcast(data, metadata);
      // Forcing the version forward keeps a careless upcaster from looping forever.
      const nextVersion = next.metadata.schemaVersion > version ? next.metadata.schemaVersion : version + 1;
      data = next.data;
      metadata = { ...next.metadata, schemaVersion: nextVersion };
      upcasted = true;
    }
    return (upcasted ? { ...event, data, metadata } : event) as RecordedEvent<Data>;
  }
}

/** Wraps any adapter so that everything it reads comes out upcast; writes pass through untouched. */
export class UpcastingEventStore implements EventStore {
  readonly upcasters: Upcasters;

  constructor(
    readonly inner: EventStore,
    upcasters: Upcasters | readonly Upcaster[] = [],
  ) {
    this.upcasters = upcasters instanceof Upcasters ? upcasters : new Upcasters(upcasters);
  }

  get kind(): EventStore['kind'] {
    return this.inner.kind;
  }

  register(upcaster: Upcaster): this {
    this.upcasters.register(upcaster);
    return this;
  }

  appendToStream(streamId: string, events: readonly EventToAppend[], options?: AppendOptions): Promise<AppendResult> {
    return this.inner.appendToStream(streamId, events, options);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readStream(streamId, options)).map((event) => this.upcasters.apply(event));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readAll(options)).map((event) => this.upcasters.apply(event));
  }

  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription {
    const inner = this.inner.subscribeToAll(options);
    const upcasters = this.upcasters;
    return {
      close: () => inner.close(),
      async *[Symbol.asyncIterator]() {
        for await (const event of inner) yield upcasters.apply(event);
      },
    };
  }

  streamExists(streamId: string): Promise<boolean> {
    return this.inner.streamExists(streamId);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

export function withUpcasters(store: EventStore, upcasters: Upcasters | readonly Upcaster[]): UpcastingEventStore {
  return new UpcastingEventStore(store, upcasters);
}
