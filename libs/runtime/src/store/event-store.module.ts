import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { createEventStore, EventStore } from '@caseledger/event-store';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { EVENT_STORE } from '../tokens';

@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Promise<EventStore> => {
        const logger = new Logger('EventStore');
        return createEventStore(
          { EVENTSTORE_URL: config.EVENTSTORE_URL, DATABASE_URL: config.DATABASE_URL, DATA_DIR: config.DATA_DIR },
          (message) => logger.log(message),
        );
      },
    },
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
