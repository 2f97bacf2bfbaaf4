/**
 * Every adapter checks an append here before touching its backend, so the four of them accept and
 * refuse exactly the same input and a refused append writes nothing anywhere.
 *
 * Rules, chosen once for all adapters:
 * - stream ids: 1..200 characters, not blank, no leading `$` (EventStoreDB reserves it for system
 *   streams), no NUL or other control characters;
 * - at least one event: an empty append has no revision to report and is always a caller bug, so
 *   it is an `InvalidAppend('events', ...)`, not a silent no-op;
 * - event ids are UUIDs (any version), stored lower-case, unique within the append;
 * - types are 1..200 non-blank characters, not starting with `$` (EventStoreDB reserves it for system
 *   events and its `$all` reads and subscriptions leave them out, so such an event would be stored
 *   there but never seen by projections);
 * - data and metadata are JSON values that survive a round trip unchanged: no functions, symbols,
 *   bigints, NaN/Infinity, cycles, `undefined` at the top level or inside arrays, Map/Set/Date or
 *   other objects with a `toJSON` (store their JSON form explicitly), no NUL and no lone surrogate
 *   in strings (PostgreSQL's jsonb refuses both). `undefined` object properties are dropped, as
 *   JSON.stringify does;
 * - metadata is an object whose `schemaVersion` is a positive integer, because upcasters key on it.
 */
import { InvalidAppend } from './event-store.errors';
import type {
  AppendOptions,
  ConsultedStream,
  EventMetadata,
  EventToAppend,
  ExpectedRevision,
} from './event-store.port';

export const MAX_STREAM_ID_LENGTH = 200;
export const MAX_EVENT_TYPE_LENGTH = 200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Any NUL or surrogate: nearly every string has neither, and then the precise checks are not needed. */
// eslint-disable-next-line no-control-regex
const NUL_OR_SURROGATE = /[\u0000\uD800-\uDFFF]/;
/**
 * Nesting the quick walk follows before it hands over to the precise one. It keeps no ancestors, so
 * a cycle shows up here as depth; data nested deeper than this is rare and merely checked slower.
 */
const QUICK_WALK_DEPTH = 64;

export interface ValidatedEvent {
  eventId: string;
  type: string;
  /** JSON text of `data` and `metadata`, ready for the backend; parse it back for a private copy. */
  dataJson: string;
  metadataJson: string;
}

export interface ValidatedAppend {
  streamId: string;
  expectedRevision: ExpectedRevision;
  events: ValidatedEvent[];
  /** Each consulted stream once, never the appended stream itself. */
  consulted: ConsultedStream[];
}

export function validateAppend(streamId: unknown, events: unknown, options?: AppendOptions): ValidatedAppend {
  assertStreamId(streamId);
  const expectedRevision = validateExpectedRevision(options?.expectedRevision);
  if (!Array.isArray(events)) throw new InvalidAppend('events', 'must be an array of events');
  if (events.length === 0) throw new InvalidAppend('events', 'an append needs at least one event');

  const seen = new Set<string>();
  const validated = events.map((event: unknown, index): ValidatedEvent => {
    const at = `events[${index}]`;
    if (typeof event !== 'object' || event === null) throw new InvalidAppend(at, 'must be an object');
    const { eventId, type, data, metadata } = event as Partial<EventToAppend>;
    if (typeof eventId !== 'string' || !UUID.test(eventId)) {
      throw new InvalidAppend(`${at}.eventId`, 'must be a UUID');
    }
    const id = eventId.toLowerCase();
    if (seen.has(id)) throw new InvalidAppend(`${at}.eventId`, `${id} appears twice in this append`);
    seen.add(id);
    if (typeof type !== 'string' || type.trim() === '')
      throw new InvalidAppend(`${at}.type`, 'must be a non-blank string');
    if (type.startsWith('$'))
      throw new InvalidAppend(`${at}.type`, 'types starting with "$" are reserved for system events');
    if (type.length > MAX_EVENT_TYPE_LENGTH || CONTROL_CHARACTERS.test(type)) {
      throw new InvalidAppend(
        `${at}.type`,
        `must be at most ${MAX_EVENT_TYPE_LENGTH} characters without control characters`,
      );
    }
    if (data === undefined) throw new InvalidAppend(`${at}.data`, 'is undefined, which is not JSON');
    if (!isPlainJson(data, 0)) assertJsonValue(data, `${at}.data`, '', []);
    assertMetadata(metadata, `${at}.metadata`);
    return { eventId: id, type, dataJson: JSON.stringify(data), metadataJson: JSON.stringify(metadata) };
  });
  return { streamId, expectedRevision, events: validated, consulted: validateConsulted(streamId, options?.consulted) };
}

function validateConsulted(streamId: string, consulted: unknown): ConsultedStream[] {
  if (consulted === undefined) return [];
  if (!Array.isArray(consulted)) throw new InvalidAppend('consulted', 'must be an array of { streamId, revision }');
  const seen = new Set<string>();
  return consulted.map((entry: unknown, index) => {
    const at = `consulted[${index}]`;
    const { streamId: other, revision } = (entry ?? {}) as Partial<ConsultedStream>;
    if (!isValidStreamId(other)) throw new InvalidAppend(`${at}.streamId`, 'must be a valid stream id');
    // The appended stream's own revision is the expected revision; two answers for it would conflict.
    if (other === streamId) throw new InvalidAppend(`${at}.streamId`, 'is the appended stream itself');
    if (seen.has(other)) throw new InvalidAppend(`${at}.streamId`, `${other} appears twice`);
    seen.add(other);
    if (typeof revision !== 'bigint' || revision < 0n)
      throw new InvalidAppend(`${at}.revision`, 'must be a revision >= 0 (a bigint)');
    return { streamId: other, revision };
  });
}

/** True when `streamId` is a name an append would accept; reads of other names find nothing. */
export function isValidStreamId(streamId: unknown): streamId is string {
  try {
    assertStreamId(streamId);
    return true;
  } catch {
    return false;
  }
}

function assertStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string' || streamId.trim() === '') {
    throw new InvalidAppend('streamId', 'must be a non-blank string');
  }
  if (streamId.length > MAX_STREAM_ID_LENGTH) {
    throw new InvalidAppend('streamId', `must be at most ${MAX_STREAM_ID_LENGTH} characters, got ${streamId.length}`);
  }
  if (streamId.startsWith('$'))
    throw new InvalidAppend('streamId', 'names starting with "$" are reserved for system streams');
  if (CONTROL_CHARACTERS.test(streamId)) throw new InvalidAppend('streamId', 'must not contain control characters');
}

function validateExpectedRevision(expected: unknown): ExpectedRevision {
  if (expected === undefined) return 'any';
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return expected;
  if (typeof expected === 'bigint' && expected >= 0n) return expected;
  // Plain numbers come from JSON bodies and If-Match headers; accept them when they are exact.
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return BigInt(expected);
  throw new InvalidAppend(
    'expectedRevision',
    `must be "any", "no_stream", "stream_exists" or a revision >= 0, got ${typeof expected === 'bigint' ? expected.toString() : JSON.stringify(expected)}`,
  );
}

function assertMetadata(metadata: unknown, at: string): asserts metadata is EventMetadata {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new InvalidAppend(at, 'must be an object');
  }
  const { schemaVersion } = metadata as { schemaVersion?: unknown };
  if (typeof schemaVersion !== 'number' || !Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
    throw new InvalidAppend(`${at}.schemaVersion`, 'must be a positive integer');
  }
  if (!isPlainJson(metadata, 0)) assertJsonValue(metadata, at, '', []);
}

/**
 * The common case, cheaply: true only for values `assertJsonValue` accepts (strings, finite numbers,
 * booleans, null, arrays and plain objects of them), without building paths, closures or entry
 * arrays. False means "not sure", never "refused": the precise walk then decides and words the
 * refusal, so what is refused and how it is reported stay exactly those of `assertJsonValue`.
 */
function isPlainJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
      return isStorableString(value);
    case 'number':
      return Number.isFinite(value);
    case 'boolean':
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (depth >= QUICK_WALK_DEPTH) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    // Any other prototype could make it a Map or a Date as far as `instanceof` is concerned.
    if (prototype !== Array.prototype) return false;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      // A hole reads as undefined too; the precise walk skips holes, as forEach does.
      if (item === undefined || !isPlainJson(item, depth + 1)) return false;
    }
    return true;
  }
  // Plain objects only; a typed array can be given Object.prototype and is still a view.
  if ((prototype !== Object.prototype && prototype !== null) || ArrayBuffer.isView(value)) return false;
  // for-in also visits inherited enumerable keys: more to check than Object.entries, never less.
  for (const key in value) {
    if (!isStorableString(key)) return false;
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined && !isPlainJson(item, depth + 1)) return false;
  }
  return true;
}

function isStorableString(text: string): boolean {
  return !NUL_OR_SURROGATE.test(text) || (!text.includes('\u0000') && !LONE_SURROGATE.test(text));
}

/** The precise walk: it decides whatever `isPlainJson` is not sure of, and says where and why it refuses. */
function assertJsonValue(value: unknown, field: string, path: string, ancestors: object[]): void {
  const fail = (reason: string): never => {
    throw new InvalidAppend(field, path === '' ? reason : `at ${path}: ${reason}`);
  };
  switch (typeof value) {
    case 'string':
      return assertJsonString(value, fail);
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) fail(`${value} is not a JSON number`);
      return;
    case 'undefined':
      return fail('undefined is not JSON');
    case 'bigint':
      return fail('a bigint is not JSON; store it as a string');
    case 'function':
    case 'symbol':
      return fail(`a ${typeof value} is not JSON`);
    case 'object':
      break;
  }
  if (value === null) return;
  const object = value;
  if (ancestors.includes(object)) fail('a cycle is not JSON');
  if (typeof (object as { toJSON?: unknown }).toJSON === 'function') {
    fail(`${object.constructor?.name ?? 'an object'} has toJSON(); store its JSON form explicitly`);
  }
  if (
    object instanceof Map ||
    object instanceof Set ||
    object instanceof WeakMap ||
    object instanceof WeakSet ||
    object instanceof RegExp ||
    object instanceof Promise ||
    object instanceof Error ||
    object instanceof ArrayBuffer ||
    ArrayBuffer.isView(object)
  ) {
    fail(`a ${object.constructor.name} does not survive JSON`);
  }
  ancestors.push(object);
  if (Array.isArray(object)) {
    object.forEach((item, index) => {
      if (item === undefined) fail(`[${index}] is undefined, which JSON turns into null`);
      assertJsonValue(item, field, `${path}[${index}]`, ancestors);
    });
  } else {
    for (const [key, item] of Object.entries(object)) {
      assertJsonString(key, (reason) => fail(`key ${JSON.stringify(key)}: ${reason}`));
      if (item === undefined) continue;
      assertJsonValue(item, field, `${path}.${key}`, ancestors);
    }
  }
  ancestors.pop();
}

function assertJsonString(text: string, fail: (reason: string) => never): void {
  if (text.includes('\u0000')) fail('NUL characters cannot be stored');
  if (LONE_SURROGATE.test(text)) fail('a lone UTF-16 surrogate cannot be stored');
}

/** JSON text with object keys sorted, so two values compare equal exactly when jsonb would say so. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(item).sort()) sorted[key] = (item as Record<string, unknown>)[key];
    return sorted;
  });
}

/** Some ids of an append are stored and some are not: not a retry of one append, so refused. */
export function partialRetry(storedId: string, missingId: string): InvalidAppend {
  return new InvalidAppend(
    'events',
    `event ${storedId} is already stored but ${missingId} is not: a retry must resend exactly the original append`,
  );
}
