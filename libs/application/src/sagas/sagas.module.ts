import { Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EscalateBreachedCaseHandler } from './escalate-breached-case/escalate-breached-case.handler';
import { SagaEventFeed } from './saga-event-feed';
import { SlaBreachSaga } from './sla-breach.saga';

/** Sagas and their feed, for processes that do background work (ROLE `all` or `worker`). */
@Module({
  providers: [EscalateBreachedCaseHandler, SlaBreachSaga, SagaEventFeed],
})
export class SagasModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(private readonly feed: SagaEventFeed) {}

  onApplicationBootstrap(): void {
    this.feed.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.feed.stop();
  }
}
