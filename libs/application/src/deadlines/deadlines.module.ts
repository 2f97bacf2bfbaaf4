import { Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DeadlineWatcher } from './deadline-watcher';
import { RecordSlaAlertHandler } from './record-sla-alert/record-sla-alert.handler';

/**
 * The deadline watcher, for processes that do background work (ROLE `all` or `worker`). Needs
 * EVENT_STORE, the ApplicationModule (clock, write path, command bus) and the ReactorsModule its
 * reactor runs in.
 */
@Module({
  providers: [RecordSlaAlertHandler, DeadlineWatcher],
  exports: [DeadlineWatcher],
})
export class DeadlinesModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(private readonly watcher: DeadlineWatcher) {}

  onApplicationBootstrap(): void {
    this.watcher.start();
  }

  /** Before any store or pool closes (their hooks run at application shutdown). */
  async onModuleDestroy(): Promise<void> {
    await this.watcher.stop();
  }
}
