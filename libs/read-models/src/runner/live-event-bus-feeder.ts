/**
 * Feeds Nest's EventBus from the store's subscription, so sagas and side effects keep the
 * `@EventsHandler` / `@Saga` idiom while events still reach them only through the store (an
 * in-process publish after append would be lost by a crash between the two).
 *
 * Contract for handlers:
 * - Each published event is the domain event instance (`deserializeDomainEvent`) with an `envelope`
 *   property: `{ eventId, streamId, revision, position, metadata, recordedAt }` (see `envelopeOf`).
 *   Event types no domain class knows are not published.
 * - Delivery is at least once, in `$all` order, from one subscription per process: after a restart,
 *   a handler can see an event again, so what it writes must be idempotent (e.g. event ids derived
 *   from the cause).
 * - It starts at the store's current end by default (history is not re-published on every start), or
 *   after a given position, e.g. a checkpoint the handler keeps itself. Handlers that must not miss
 *   events across downtime keep such a checkpoint, or use a ProjectionRunner.
 * - Publishing does not wait for handlers (the EventBus does not), so a slow handler never holds up the feed.
 */
import { EventBus } from '@nestjs/cqrs';
import { deserializeDomainEvent, DomainEvent, isDomainEventType } from '@caseledger/domain';
import { AllSubscription, EventMetadata, EventStore, GlobalPosition, RecordedEvent } from '@caseledger/event-store';

export interface EventEnvelope {
  eventId: string;
  streamId: string;
  revision: bigint;
  position: GlobalPosition;
  metadata: EventMetadata;
  recordedAt: string;
}

export type Enveloped<E = DomainEvent> = E & { readonly envelope: EventEnvelope };

export function withEnvelope(recorded: RecordedEvent): Enveloped | undefined {
  if (!isDomainEventType(recorded.type)) return undefined;
  const event = deserializeDomainEvent(recorded.type, recorded.data);
  const envelope: EventEnvelope = {
    eventId: recorded.eventId,
    streamId: recorded.streamId,
    revision: recorded.revision,
    position: recorded.position,
    metadata: recorded.metadata,
    recordedAt: recorded.recordedAt,
  };
  return Object.assign(event, { envelope });
}

export function envelopeOf(event: object): EventEnvelope | undefined {
  return (event as { envelope?: EventEnvelope }).envelope;
}

export interface FeederStart {
  /** `end` (default): only events recorded after start; a position: events strictly after it. */
  from?: 'end' | GlobalPosition | 'start';
  /** Resolves the store's end; the API passes EventLagProbe.head. */
  head?: () => Promise<GlobalPosition | 'start'>;
}

export class LiveEventBusFeeder {
  private subscription: AllSubscription | undefined;
  private loop: Promise<void> | undefined;
  private stopped = false;
  private _position: GlobalPosition | 'start' | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly eventBus: EventBus,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** The position of the last event published. */
  get position(): GlobalPosition | 'start' | undefined {
    return this._position;
  }

  async start(options: FeederStart = {}): Promise<void> {
    if (this.loop) return;
    this.stopped = false;
    const from = options.from ?? 'end';
    this._position = from === 'end' ? await (options.head ?? (() => Promise.resolve('start' as const)))() : from;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.subscription = this.store.subscribeToAll({ fromPosition: this._position });
      try {
        for await (const recorded of this.subscription) {
          const event = withEnvelope(recorded);
          if (event) this.eventBus.publish(event);
          this._position = recorded.position;
        }
      } catch (error) {
        this.onError(error);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }
}
