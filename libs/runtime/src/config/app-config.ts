/**
 * The process configuration, read from environment variables once at start and validated with
 * class-validator: a bad value stops the process with a message naming the variable.
 */
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const ROLES = ['all', 'api', 'worker'] as const;

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : value;

/** Only `true` and `false`: anything else stays a string and the field's @IsBoolean names it. */
const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class AppConfig {
  /** TCP port of the HTTP API. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  /** Interface the API binds to. */
  @IsOptional()
  @IsString()
  HOST: string = '0.0.0.0';

  /** EventStoreDB connection string; when set, events live there. */
  @IsOptional()
  @Matches(/^esdb(\+discover)?:\/\/\S+$/, { message: 'must be an esdb:// or esdb+discover:// connection string' })
  EVENTSTORE_URL?: string;

  /** PostgreSQL connection string; events (unless EVENTSTORE_URL) and read models live there. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// or postgresql:// connection string' })
  DATABASE_URL?: string;

  /** Folder of the embedded PGlite store, used when DATABASE_URL is not set. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  DATA_DIR: string = './data';

  /** The first admin API key; created (hashed) at start when set. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters long' })
  ADMIN_API_KEY?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** `all` runs the API and the background work in one process; `api` and `worker` split them. */
  @IsOptional()
  @IsIn(ROLES, { message: `must be one of ${ROLES.join(', ')}` })
  ROLE: (typeof ROLES)[number] = 'all';

  /**
   * Seconds after which a request holding an Idempotency-Key without having answered (its process
   * died) is presumed dead, and a retry with the same key may run it again. Safe to keep short: the
   * retry finds the first attempt's events, if any, and replays them instead of writing twice.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  IDEMPOTENCY_LEASE_SECONDS: number = 60;

  /** Seconds a client is told to wait (Retry-After) while a store is unreachable. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  RETRY_AFTER_SECONDS: number = 5;

  /** Requests per second each API key earns back (token bucket refill). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_PER_SECOND: number = 500;

  /** Requests an API key may make at once before the per-second rate applies (bucket size). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_BURST: number = 1000;

  /** Per client IP, for requests without a valid key (public routes, bad keys): stricter on purpose. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_ANONYMOUS_PER_SECOND: number = 50;

  /** Bucket size of the per-IP limit for requests without a valid key. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_ANONYMOUS_BURST: number = 100;

  /**
   * Milliseconds a client has to send a whole request, headers and body; then it is answered 408
   * and closed, so a client that stalls mid-body cannot hold a connection forever.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  HTTP_REQUEST_TIMEOUT_MS: number = 30_000;

  /**
   * Milliseconds a connection may pass without a byte either way before it is closed. Above the
   * longest a request may legitimately take to answer (a read waiting for consistency: 5 s).
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  HTTP_IDLE_TIMEOUT_MS: number = 60_000;

  /** Milliseconds an idle keep-alive connection stays open between requests. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS: number = 5_000;

  /**
   * Seconds an integration's `occurredAt` may lie in the future (its clock running ahead); within
   * them the action is taken as happening now, beyond them it is refused.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  OCCURRED_AT_MAX_SKEW_SECONDS: number = 5;

  /** Hours after the fact an integration may still report an action with its `occurredAt`. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(720)
  OCCURRED_AT_MAX_AGE_HOURS: number = 24;

  /**
   * Streams the write path keeps after writing them, so the next command on one decides without
   * reading it back (its events, parsed: about 2 KiB of heap for a case answered once, measured by
   * bench/stream-cache-memory.ts, so about 100 MB when full at the default). Size it to the cases
   * worked on at once: a command on a stream that fell out reads it first, one more round trip. The
   * streams unused for longest fall out first (as a clock approximates it: see StreamCache), so when
   * more cases open in a burst than the cache holds, answering them in the order they came finds
   * none of the first ones. 0 keeps none.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  STREAM_CACHE_SIZE: number = 50_000;

  /** Webhook subscriptions may name http:// URLs (a receiver on a trusted network, tests); https only otherwise. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  WEBHOOK_ALLOW_HTTP: boolean = false;

  /**
   * Webhook URLs may resolve to loopback, private, link-local, CGNAT or cloud-metadata addresses
   * (an on-premises CRM, tests). Off, they are refused at creation and again on every connection.
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: boolean = false;

  /**
   * Milliseconds a receiver has to answer one delivery before the attempt counts as failed and is
   * retried. 10 s in production; tests that simulate hanging receivers shorten it.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS: number = 10_000;
}

export class InvalidConfiguration extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'InvalidConfiguration';
  }
}

/** Empty strings count as unset, as shells and compose files often export `VAR=`. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const known = Object.keys(new AppConfig()).concat(['EVENTSTORE_URL', 'DATABASE_URL', 'ADMIN_API_KEY']);
  const raw: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new InvalidConfiguration(
      errors.map((e) => ({ variable: e.property, message: Object.values(e.constraints ?? {}).join('; ') })),
    );
  }
  const unserved = unservedBackgroundWork(config);
  if (unserved) throw new InvalidConfiguration([unserved]);
  return config;
}

/**
 * ROLE=api leaves deadlines and sagas to worker processes, which must share the state database
 * (their checkpoints and locks). The embedded one in DATA_DIR opens in one process only, so with it
 * no process would ever record a breach, and nothing would say so.
 */
function unservedBackgroundWork(config: AppConfig): { variable: string; message: string } | undefined {
  if (config.ROLE !== 'api' || config.DATABASE_URL !== undefined) return undefined;
  return {
    variable: 'ROLE',
    message:
      `\`api\` needs DATABASE_URL: without it the state lives in the embedded database in DATA_DIR (${config.DATA_DIR}), ` +
      'which no worker process can open beside this one, so SLA deadlines and escalations would never run. ' +
      'Set DATABASE_URL (and run `npm run start:worker` beside the API), or ROLE=all.',
  };
}

/** For a process entry point: the configuration, or a message naming each bad variable and exit code 78 (EX_CONFIG). */
export function loadConfigOrExit(env: Record<string, string | undefined>): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof InvalidConfiguration)) throw error;
    console.error(error.message);
    process.exit(78);
  }
}
