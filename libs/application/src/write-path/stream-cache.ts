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
 * is a copy, so nothing a caller still holds (a store's record, the appending aggregate's state) is
 * frozen or shared; parts many streams record alike are one copy for all of them (SharedParts).
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

/**
 * Which streams stay when the cache is full is decided by a clock (second chance), not by exact
 * recency: marking an entry used on every hit, rather than moving it to the back of the map, keeps
 * a hit at one map lookup. Moving it cost a delete and a set per hit, and V8's Map keeps each
 * deleted entry of a key in that key's bucket until the table is rebuilt, so a stream hit on every
 * command (the contract every case opens under) made each lookup of it walk thousands of them:
 * 19 µs per opening at 50,000 streams, against 0.7 µs now (bench/stream-cache-hits.ts). The hand
 * is one iterator kept between evictions, so the entries it has already passed (deleted ones
 * included) are not walked again.
 */
export class StreamCache {
  private readonly entries = new Map<string, Slot>();
  private hand: Iterator<[string, Slot]> | undefined;
  /** Parts many streams record alike (see `AggregateKind.sharedParts`), kept once for all of them. */
  readonly shared = new SharedParts();

  constructor(private readonly capacity: number) {}

  get(streamId: string): CachedStream | undefined {
    const slot = this.entries.get(streamId);
    if (!slot) return undefined;
    slot.used = true;
    return slot.entry;
  }

  set(streamId: string, entry: CachedStream): void {
    const slot = this.entries.get(streamId);
    if (slot) {
      slot.entry = entry;
      slot.used = true;
      return;
    }
    this.entries.set(streamId, { entry, used: true });
    if (this.entries.size > this.capacity) this.evictOne();
  }

  forget(streamId: string): void {
    this.entries.delete(streamId);
  }

  /** The first entry at or after the hand not used since the hand last passed it goes. */
  private evictOne(): void {
    for (;;) {
      const next = this.hand?.next();
      if (!next || next.done) {
        this.hand = this.entries.entries();
        continue;
      }
      const [streamId, slot] = next.value;
      if (slot.used) slot.used = false;
      else {
        this.entries.delete(streamId);
        return;
      }
    }
  }
}

interface Slot {
  entry: CachedStream;
  /** Read or written since the hand last passed. */
  used: boolean;
}

/**
 * Frozen copies of values by their JSON text, so equal values held by many cache entries are one
 * object: every case opened under one version of a contract records the same terms, about 1.8 KiB
 * of the 3.1 KiB a cached case held before. Sound because a copy is exactly what a JSON round trip
 * of the value gives, so two values with one text have equal copies (key order included). Bounded:
 * past `capacity` texts the oldest is dropped (entries still holding its copy keep it alive).
 */
export class SharedParts {
  private readonly copies = new Map<string, unknown>();

  constructor(private readonly capacity = 1000) {}

  /**
   * The one frozen copy of every value with this value's JSON text, `value` itself when it is such a
   * copy already, or `value` unchanged when it is not plain JSON. The write path hands the events it
   * appends the shared copy, so the chain hash and the cache meet an object they know.
   */
  share(value: unknown): unknown {
    const copy = this.copyOf(value, 0);
    return copy === NOT_PLAIN ? value : copy;
  }

  /** The one frozen copy of every value with this value's JSON text (NOT_PLAIN for other values). */
  copyOf(value: unknown, depth: number): unknown {
    if (isFrozenJsonCopy(value)) return value;
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch {
      return NOT_PLAIN; // a bigint, a cycle: not JSON, and not the cache's to refuse
    }
    if (text === undefined) return NOT_PLAIN;
    const known = this.copies.get(text);
    if (known !== undefined) return known;
    const copy = frozenPlainCopy(value, depth);
    if (copy === NOT_PLAIN) return copy;
    this.copies.set(text, copy);
    if (this.copies.size > this.capacity) this.copies.delete(this.copies.keys().next().value as string);
    return copy;
  }
}

/** Top-level keys of event data whose values are kept once for every event recording them alike. */
export interface Sharing {
  keys: readonly string[];
  parts: SharedParts;
}

/**
 * A cache entry's event: a deeply frozen copy of `data` as the store keeps it (what a JSON round
 * trip gives), made once instead of parsed on every fold; the values of `shared.keys` are shared
 * with other entries (see SharedParts).
 */
export function cachedEvent(type: string, data: unknown, shared?: Sharing): CachedEvent {
  const copy = frozenPlainCopy(data, 0, shared);
  return Object.freeze({
    type,
    data: copy === NOT_PLAIN ? deepFreeze(JSON.parse(JSON.stringify(data)) as unknown) : copy,
  });
}

const NOT_PLAIN = Symbol('not plain');

/** Every object and array `frozenPlainCopy` made: deeply frozen plain JSON, data properties only. */
const frozenJsonCopies = new WeakSet<object>();

/**
 * True for an object or array made by the stream cache's copy: deeply frozen plain JSON that can
 * never change, so what is computed from it (its canonical JSON) may be kept with it.
 */
export function isFrozenJsonCopy(value: unknown): value is object {
  return typeof value === 'object' && value !== null && frozenJsonCopies.has(value);
}

/** Stored data is far shallower; deeper (or cyclic) values take the JSON round trip, which decides. */
const MAX_COPY_DEPTH = 64;

/**
 * `JSON.parse(JSON.stringify(value))`, frozen, without the text in between (about a fifth of
 * the cost of the round trip on a CaseOpened event): strings, finite numbers (-0 written as 0),
 * booleans, null, arrays (holes and undefined as null) and plain objects (undefined properties
 * left out). Anything else (a class instance, a boxed primitive, a toJSON, NaN) answers NOT_PLAIN,
 * and the caller takes the round trip itself.
 */
function frozenPlainCopy(value: unknown, depth: number, shared?: Sharing): unknown {
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
    frozenJsonCopies.add(copy);
    return Object.freeze(copy);
  }
  if (prototype !== Object.prototype && prototype !== null) return NOT_PLAIN;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    const itemCopy =
      shared && shared.keys.includes(key) ? shared.parts.copyOf(item, depth + 1) : frozenPlainCopy(item, depth + 1);
    if (itemCopy === NOT_PLAIN) return NOT_PLAIN;
    // An own "__proto__" key, as JSON.parse makes it, not a change of prototype.
    if (key === '__proto__')
      Object.defineProperty(copy, key, { value: itemCopy, enumerable: true, writable: true, configurable: true });
    else copy[key] = itemCopy;
  }
  frozenJsonCopies.add(copy);
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
