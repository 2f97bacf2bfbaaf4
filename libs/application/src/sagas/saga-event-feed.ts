/**
 * Feeds the EventBus, from the store's subscription, with the stored events the sagas listen to:
 * from the start of `$all` on every start, then live. A saga must not skip history: a breach
 * stored just before a crash still needs its escalation after the restart. Replaying every breach
 * is cheap because the escalation is idempotent (the case refuses a second one with the same cause).
 * Each event carries its `envelope` (position, stream, metadata). Only the types a saga handles are
 * decoded and published: nothing else listens on the bus.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { deserializeDomainEvent, SlaBreached } from '@caseledger/domain';
import { AllSubscription, EventStore, GlobalPosition, RecordedEvent } from '@caseledger/event-store';
import { EVENT_STORE } from '../tokens';

export const SAGA_EVENT_TYPES: ReadonlySet<string> = new Set([SlaBreached.type]);

@Injectable()
export class SagaEventFeed {
  private readonly logger = new Logger(SagaEventFeed.name);
  private subscription: AllSubscription | null = null;
  private loop: Promise<void> | null = null;
  private stopped = false;
  private position: GlobalPosition | 'start' = 'start';

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly eventBus: EventBus,
  ) {}

  start(): void {
    if (this.loop !== null) return;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
    await this.loop;
    this.loop = null;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.subscription = this.store.subscribeToAll({ fromPosition: this.position });
      try {
        for await (const recorded of this.subscription) {
          if (SAGA_EVENT_TYPES.has(recorded.type)) this.eventBus.publish(enveloped(recorded));
          this.position = recorded.position;
        }
      } catch (error) {
        if (this.stopped) return;
        this.logger.error(`saga feed subscription failed, resubscribing: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }
}

function enveloped(recorded: RecordedEvent): object {
  const { eventId, streamId, revision, position, metadata, recordedAt } = recorded;
  return Object.assign(deserializeDomainEvent(recorded.type, recorded.data), {
    envelope: { eventId, streamId, revision, position, metadata, recordedAt },
  });
}
