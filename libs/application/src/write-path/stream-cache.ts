/**
 * The last known events of recently written streams, so a command on a stream this process just
 * wrote decides without reading it back. Safe by construction: the append that follows carries the
 * cached revision as its expected revision, so if anyone else wrote in between the store refuses,
 * the entry is dropped and the decision is made again on a fresh read.
 *
 * Events are kept parsed and deeply frozen, and every fold reads the same objects: no aggregate can
 * change an object another fold will read, because a write to it throws (modules are strict code).
 * The domain's event handlers only build new state from event data and never write to it, which
 * libs/domain's replay tests check by folding frozen events and deciding on the result. Each entry
 * is a private copy, parsed from JSON text, so nothing a caller still holds (a store's record, the
 * appending aggregate's state) is frozen or shared.
 */
export interface CachedEvent {
  readonly type: string;
  readonly data: unknown;
}

export interface CachedStream {
  events: readonly CachedEvent[];
  revision: bigint;
  /** The chain hash of the stream's last event (undefined when it predates the chain). */
  chainHash: string | undefined;
}

export class StreamCache {
  private readonly entries = new Map<string, CachedStream>();

  constructor(private readonly capacity: number) {}

  get(streamId: string): CachedStream | undefined {
    const entry = this.entries.get(streamId);
    if (entry) {
      // Least recently used goes first when the cache is full: re-insert to mark as recent.
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry;
  }

  set(streamId: string, entry: CachedStream): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  forget(streamId: string): void {
    this.entries.delete(streamId);
  }
}

/**
 * A cache entry's event: a deeply frozen copy of `data` as the store keeps it (what a JSON round
 * trip gives), made once instead of parsed on every fold.
 */
export function cachedEvent(type: string, data: unknown): CachedEvent {
  const copy = frozenPlainCopy(data, 0);
  return Object.freeze({
    type,
    data: copy === NOT_PLAIN ? deepFreeze(JSON.parse(JSON.stringify(data)) as unknown) : copy,
  });
}

const NOT_PLAIN = Symbol('not plain');
/** Stored data is far shallower; deeper (or cyclic) values take the JSON round trip, which decides. */
const MAX_COPY_DEPTH = 64;

/**
 * `JSON.parse(JSON.stringify(value))`, frozen, without the text in between (about a fifth of
 * the cost of the round trip on a CaseOpened event): strings, finite numbers (-0 written as 0),
 * booleans, null, arrays (holes and undefined as null) and plain objects (undefined properties
 * left out). Anything else (a class instance, a boxed primitive, a toJSON, NaN) answers NOT_PLAIN,
 * and the caller takes the round trip itself.
 */
function frozenPlainCopy(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) return NOT_PLAIN;
      return value === 0 ? 0 : value;
    case 'object':
      break;
    default:
      return NOT_PLAIN;
  }
  if (value === null) return null;
  if (depth >= MAX_COPY_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') return NOT_PLAIN;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    if (prototype !== Array.prototype) return NOT_PLAIN;
    const copy: unknown[] = new Array(value.length);
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const itemCopy = item === undefined ? null : frozenPlainCopy(item, depth + 1);
      if (itemCopy === NOT_PLAIN) return NOT_PLAIN;
      copy[index] = itemCopy;
    }
    return Object.freeze(copy);
  }
  if (prototype !== Object.prototype && prototype !== null) return NOT_PLAIN;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    const itemCopy = frozenPlainCopy(item, depth + 1);
    if (itemCopy === NOT_PLAIN) return NOT_PLAIN;
    // An own "__proto__" key, as JSON.parse makes it, not a change of prototype.
    if (key === '__proto__')
      Object.defineProperty(copy, key, { value: itemCopy, enumerable: true, writable: true, configurable: true });
    else copy[key] = itemCopy;
  }
  return Object.freeze(copy);
}

/** Freezes parsed JSON (plain objects and arrays only) all the way down. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const key in value) deepFreeze(value[key]);
    Object.freeze(value);
  }
  return value;
}
