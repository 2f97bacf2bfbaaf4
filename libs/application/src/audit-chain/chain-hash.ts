/**
 * The tamper-evident chain of a stream (docs/adr/0006): every event written by the write path
 * carries in `metadata.chainHash` the SHA-256 of the previous event's hash followed by its own
 * canonical JSON. Anyone holding the events can recompute it; an edited, removed or reordered event
 * breaks the link where it happened.
 */
import { hash } from 'node:crypto';
import type { EventMetadata, EventToAppend, RecordedEvent } from '@caseledger/event-store';
import { isFrozenJsonCopy } from '../write-path/stream-cache';

/** The metadata key that holds an event's chain hash (64 lower-case hex digits). */
export const CHAIN_HASH_KEY = 'chainHash';

/** What the first hashed event of a stream chains from. */
export const GENESIS_HASH = '0'.repeat(64);

/** Exactly what an event's hash covers: `metadata` as stored, its `chainHash` left out by the hash. */
export interface ChainedContent {
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  stream: string;
  revision: bigint;
}

/**
 * JSON with object keys in ascending UTF-16 code-unit order (`Array.prototype.sort`), no
 * whitespace, strings and numbers as `JSON.stringify` writes them, properties whose value is
 * `undefined` left out, bigints as plain decimal digits. Written by hand, rather than through a
 * replacer that rebuilds every object, so the verifier keeps up with reading.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value, undefined);
}

/** Keys that JSON writes as they are: no quote, backslash or control character. */
const PLAIN_KEY = /^[A-Za-z0-9_$.:@-]*$/;

function canonical(value: unknown, skipKey: string | undefined): string {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      throw new TypeError(`a ${typeof value} has no canonical JSON`);
  }
  if (value === null) return 'null';
  if (skipKey === undefined && isFrozenJsonCopy(value)) {
    // A copy many events share (a contract's terms): its text is written once.
    let text = canonicalOfCopies.get(value);
    if (text === undefined) {
      text = canonicalObject(value, undefined);
      canonicalOfCopies.set(value, text);
    }
    return text;
  }
  return canonicalObject(value, skipKey);
}

const canonicalOfCopies = new WeakMap<object, string>();

function canonicalObject(value: object, skipKey: string | undefined): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonical(value[i], undefined);
    return out + ']';
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  // Insertion sort: event objects have few keys, and it gives the same order as sort().
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = key;
  }
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = object[key];
    if (item === undefined || key === skipKey) continue;
    out +=
      (first ? '' : ',') + (PLAIN_KEY.test(key) ? `"${key}"` : JSON.stringify(key)) + ':' + canonical(item, undefined);
    first = false;
  }
  return out + '}';
}

/** The content an event's hash covers, read from what the store holds. */
export function chainedContentOf(
  event: Pick<RecordedEvent, 'type' | 'data' | 'metadata' | 'streamId' | 'revision'>,
): ChainedContent {
  return {
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    stream: event.streamId,
    revision: event.revision,
  };
}

export function withoutChainHash<M extends Record<string, unknown>>(metadata: M): M {
  if (!(CHAIN_HASH_KEY in metadata)) return metadata;
  const { [CHAIN_HASH_KEY]: _hash, ...rest } = metadata;
  return rest as M;
}

/**
 * SHA-256, hex, of the previous hash's 64 hex digits followed by the canonical JSON of
 * `{ data, metadata, revision, stream, type }` (keys in that, sorted, order); `chainHash` in the
 * metadata is left out. One hash computation per event, no intermediate objects.
 */
export function chainHash(previousHash: string, content: ChainedContent): string {
  const text =
    previousHash +
    '{"data":' +
    canonical(content.data, undefined) +
    ',"metadata":' +
    canonical(content.metadata, CHAIN_HASH_KEY) +
    ',"revision":' +
    content.revision.toString() +
    ',"stream":' +
    JSON.stringify(content.stream) +
    ',"type":' +
    JSON.stringify(content.type) +
    '}';
  return hash('sha256', text, 'hex');
}

/** The chain hash an event carries, or undefined for an event written before the chain existed. */
export function storedChainHash(metadata: EventMetadata | Record<string, unknown>): string | undefined {
  const hash = metadata[CHAIN_HASH_KEY];
  return typeof hash === 'string' ? hash : undefined;
}

/**
 * The write path's last step: each event gets the hash of exactly the data and metadata that are
 * handed to the store, at the revision it will take (the append's expected revision is the one the
 * events were decided on, so the previous hash is known). `previousHash` is the stream's last
 * event's hash, undefined for a new stream or one whose last event predates the chain.
 */
export function chainEvents(
  streamId: string,
  firstRevision: bigint,
  previousHash: string | undefined,
  events: readonly EventToAppend[],
): { events: EventToAppend[]; lastHash: string } {
  let previous = previousHash ?? GENESIS_HASH;
  const chained = events.map((event, index) => {
    const metadata = withoutChainHash(event.metadata);
    const hash = chainHash(previous, {
      type: event.type,
      data: event.data,
      metadata,
      stream: streamId,
      revision: firstRevision + BigInt(index),
    });
    previous = hash;
    return { ...event, metadata: { ...metadata, [CHAIN_HASH_KEY]: hash } };
  });
  return { events: chained, lastHash: previous };
}
