import { DynamicModule, Module, Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { EventStore, SqlQueryable } from '@caseledger/event-store';
import { Clock, CLOCK, SystemClock } from './clock/clock';
import { CHANGE_FEED_HANDLERS } from './change-feed';
import { CONTRACT_HANDLERS } from './contract';
import { ID_GENERATOR, IdGenerator, UuidV7Generator } from './ids/uuid-v7';
import { SUPPORT_CASE_HANDLERS } from './support-case';
import { PreviewSlaHandler } from './sla-preview/preview-sla/preview-sla.handler';
import { TAM_ASSIGNMENT_HANDLERS } from './tam-assignment';
import { EVENT_STORE, PERSONAL_DATA_READER, STATE_DB } from './tokens';
import { PersonalDataVault } from './personal-data/personal-data-vault';
import { SqlPersonalDataKeys } from './personal-data/sql-personal-data-keys';
import { AggregateRepository } from './write-path/aggregate-repository';
import { DomainEventCodec } from './write-path/domain-event-codec';

/** Recently written streams kept for the next command on them (STREAM_CACHE_SIZE's default). */
const STREAM_CACHE_SIZE = 10_000;

export interface ApplicationOptions {
  /** Tests pass a ManualClock to move time instead of sleeping. */
  clock?: Clock;
  /** Streams the write path keeps after writing them (the app's STREAM_CACHE_SIZE); 0 keeps none. */
  streamCacheSize?: number;
  /** Handlers of further use cases (each feature folder exports its list). */
  handlers?: Provider[];
}

/** Commands, queries and the write path; the app provides EVENT_STORE. */
@Module({})
export class ApplicationModule {
  static register(options: ApplicationOptions = {}): DynamicModule {
    return {
      module: ApplicationModule,
      global: true,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: CLOCK, useValue: options.clock ?? new SystemClock() },
        { provide: ID_GENERATOR, inject: [CLOCK], useFactory: (clock: Clock) => new UuidV7Generator(clock) },
        {
          // Contacts' personal-data keys live in the state database, beside (never inside) the events.
          provide: PersonalDataVault,
          inject: [STATE_DB],
          useFactory: (sql: SqlQueryable) => new PersonalDataVault(new SqlPersonalDataKeys(sql)),
        },
        // The same vault, for libraries that may not import this one (webhooks): see PERSONAL_DATA_READER.
        { provide: PERSONAL_DATA_READER, useExisting: PersonalDataVault },
        {
          provide: AggregateRepository,
          inject: [EVENT_STORE, ID_GENERATOR, PersonalDataVault],
          useFactory: (store: EventStore, ids: IdGenerator, personalData: PersonalDataVault) =>
            new AggregateRepository(store, new DomainEventCodec(), ids, personalData, {
              streamCacheSize: options.streamCacheSize ?? STREAM_CACHE_SIZE,
            }),
        },
        ...CONTRACT_HANDLERS,
        ...TAM_ASSIGNMENT_HANDLERS,
        PreviewSlaHandler,
        ...CHANGE_FEED_HANDLERS,
        ...SUPPORT_CASE_HANDLERS,
        ...(options.handlers ?? []),
      ],
      exports: [CLOCK, ID_GENERATOR, AggregateRepository, PersonalDataVault, PERSONAL_DATA_READER],
    };
  }
}
