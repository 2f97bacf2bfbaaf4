/**
 * A test double of the EventStore port around a real store: it fails chosen appends (before or
 * after they are written, as a dropped connection would), ends or breaks subscriptions after a
 * number of events, and records the positions every reader asked for.
 */
import {
  AllSubscription,
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  GlobalPosition,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoreUnavailable,
  SubscribeToAllOptions,
} from '@caseledger/event-store';

export interface AppendFault {
  /** Which appends it hits. */
  matches: (streamId: string, events: readonly EventToAppend[]) => boolean;
  /** `before`: nothing is written; `after`: written, but the caller hears a failure. */
  when: ('before' | 'after')[];
}

export class FaultyEventStore implements EventStore {
  readonly kind: EventStore['kind'];
  /** `fromPosition` of every readAll and subscribeToAll, in call order. */
  readonly reads: { via: 'readAll' | 'subscribeToAll'; from: GlobalPosition | 'start' }[] = [];
  /** Appends a fault refused or hid, in order. */
  readonly failedAppends: { streamId: string; when: 'before' | 'after' }[] = [];
  subscriptionsStarted = 0;
  private appendFault: AppendFault | undefined;
  private subscriptionFault: { afterEvents: number; how: 'throw' | 'end'; times: number } | undefined;
  /** Subscriptions started before this generation fail at their next event. */
  private dropGeneration = 0;
  private dropHow: 'throw' | 'end' = 'throw';

  constructor(private readonly inner: EventStore) {
    this.kind = inner.kind;
  }

  failAppends(fault: AppendFault): void {
    this.appendFault = { ...fault, when: [...fault.when] };
  }

  /** The next `times` subscriptions deliver `afterEvents` events, then throw or simply end. */
  dropSubscriptions(afterEvents: number, how: 'throw' | 'end', times = 1): void {
    this.subscriptionFault = { afterEvents, how, times };
  }

  /** Every subscription open now throws or ends when its next event arrives (that event is not delivered). */
  dropLiveSubscriptions(how: 'throw' | 'end'): void {
    this.dropGeneration++;
    this.dropHow = how;
  }

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const fault = this.appendFault;
    const when = fault && fault.when.length > 0 && fault.matches(streamId, events) ? fault.when.shift() : undefined;
    if (when === 'before') {
      this.failedAppends.push({ streamId, when });
      throw new StoreUnavailable(new Error('connection reset before the append (injected)'));
    }
    const result = await this.inner.appendToStream(streamId, events, options);
    if (when === 'after') {
      this.failedAppends.push({ streamId, when });
      throw new StoreUnavailable(new Error('connection reset before the acknowledgement (injected)'));
    }
    return result;
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(streamId, options);
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.reads.push({ via: 'readAll', from: options.fromPosition ?? 'start' });
    return this.inner.readAll(options);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    this.reads.push({ via: 'subscribeToAll', from: options.fromPosition ?? 'start' });
    this.subscriptionsStarted++;
    const inner = this.inner.subscribeToAll(options);
    const fault =
      this.subscriptionFault && this.subscriptionFault.times > 0 ? { ...this.subscriptionFault } : undefined;
    if (fault) this.subscriptionFault!.times--;
    const generation = this.dropGeneration;
    // The iterator's generator method has a `this` of its own.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const store = this;
    return {
      close: () => inner.close(),
      async *[Symbol.asyncIterator]() {
        let delivered = 0;
        try {
          for await (const event of inner) {
            const how =
              store.dropGeneration !== generation
                ? store.dropHow
                : fault && delivered === fault.afterEvents
                  ? fault.how
                  : undefined;
            if (how === 'throw') throw new StoreUnavailable(new Error('subscription dropped (injected)'));
            if (how === 'end') return;
            delivered++;
            yield event;
          }
        } finally {
          await inner.close();
        }
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
