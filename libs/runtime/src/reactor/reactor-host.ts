/**
 * Where a process's reactors live: a reaction registers itself (usually from its constructor) and
 * gets its reactor, with the process's store, state database and the right lock; the host starts
 * them all at bootstrap, stops them before the stores close, and lists them for status and metrics.
 */
import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import type { EventStore, SqlClient } from '@caseledger/event-store';
import { ExclusiveLock, InProcessLock, PgAdvisoryLock } from '../locks/exclusive-lock';
import { EVENT_STORE, STATE_DB } from '../tokens';
import type { Reaction } from './reaction';
import { Reactor, reactorCheckpointName, ReactorOptions } from './reactor';

export interface ReactorHostOptions {
  /** The state database's PostgreSQL URL: reactors then lock across processes; else in-process (embedded). */
  databaseUrl?: string;
  /** Defaults for every reactor of the process (tests shorten the backoffs). */
  reactor?: Omit<ReactorOptions, 'lock'>;
}

export const REACTOR_HOST_OPTIONS = Symbol('REACTOR_HOST_OPTIONS');

@Injectable()
export class ReactorHost implements OnApplicationBootstrap, OnModuleDestroy {
  readonly reactors: Reactor[] = [];
  private started = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(STATE_DB) private readonly sql: SqlClient,
    @Inject(REACTOR_HOST_OPTIONS) private readonly options: ReactorHostOptions,
  ) {}

  /** The lock a reactor of this process would get for `key`: for work beside a reaction that must run once (a webhook sender). */
  lockFor(key: string): ExclusiveLock {
    return this.options.databaseUrl
      ? new PgAdvisoryLock(this.options.databaseUrl, key)
      : new InProcessLock(this.sql, key);
  }

  register(reaction: Reaction, options: Omit<ReactorOptions, 'lock'> = {}): Reactor {
    if (this.reactors.some((reactor) => reactor.name === reaction.name))
      throw new Error(`a reactor named "${reaction.name}" is already registered`);
    const key = reactorCheckpointName(reaction);
    const lock = this.lockFor(key);
    const reactor = new Reactor(reaction, this.store, this.sql, { ...this.options.reactor, ...options, lock });
    this.reactors.push(reactor);
    if (this.started) reactor.start();
    return reactor;
  }

  onApplicationBootstrap(): void {
    this.started = true;
    for (const reactor of this.reactors) reactor.start();
  }

  /** Before the store and the pools close (their hooks run at application shutdown). */
  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.reactors.map((reactor) => reactor.stop()));
  }
}

/** Global: the modules of deadlines, sagas and webhooks register their reactions with the one host. */
@Global()
@Module({})
export class ReactorsModule {
  static register(options: ReactorHostOptions = {}): DynamicModule {
    return {
      module: ReactorsModule,
      providers: [{ provide: REACTOR_HOST_OPTIONS, useValue: options }, ReactorHost],
      exports: [ReactorHost],
    };
  }
}
