/**
 * The append validation walks data and metadata on a quick path and words a refusal on a precise
 * one. Whatever it is given, it must accept and refuse exactly what the single precise walk it
 * replaced did, with the same field and message: that walk is kept below as the reference.
 */
import fc from 'fast-check';
import { validateAppend } from './append-validation';
import { InvalidAppend } from './event-store.errors';

const RUNS = { numRuns: 2000 };
const EVENT_ID = '0190a6e4-8f5c-7a3b-9c1d-2e3f4a5b6c7d';

// ---- The reference: the data/metadata walk as it was before the quick path. ----

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function referenceValidateEvent(event: { eventId: string; type: string; data: unknown; metadata: unknown }): {
  dataJson: string;
  metadataJson: string;
} {
  const at = 'events[0]';
  const { eventId, type, data, metadata } = event;
  if (!UUID.test(eventId)) throw new InvalidAppend(`${at}.eventId`, 'must be a UUID');
  if (type.length > 200 || CONTROL_CHARACTERS.test(type)) throw new InvalidAppend(`${at}.type`, 'bad type');
  if (data === undefined) throw new InvalidAppend(`${at}.data`, 'is undefined, which is not JSON');
  assertJsonValue(data, `${at}.data`, '', []);
  assertMetadata(metadata, `${at}.metadata`);
  return { dataJson: JSON.stringify(data), metadataJson: JSON.stringify(metadata) };
}

function assertMetadata(metadata: unknown, at: string): void {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new InvalidAppend(at, 'must be an object');
  }
  const { schemaVersion } = metadata as { schemaVersion?: unknown };
  if (typeof schemaVersion !== 'number' || !Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
    throw new InvalidAppend(`${at}.schemaVersion`, 'must be a positive integer');
  }
  assertJsonValue(metadata, at, '', []);
}

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

// ---- Outcomes, compared field by field and message by message. ----

type Outcome = { accepted: { dataJson: string; metadataJson: string } } | { refused: string } | { threw: string };

function outcome(validate: () => { dataJson: string; metadataJson: string }): Outcome {
  try {
    const { dataJson, metadataJson } = validate();
    return { accepted: { dataJson, metadataJson } };
  } catch (error) {
    if (error instanceof InvalidAppend) return { refused: `${error.field} | ${error.reason}` };
    return { threw: String(error) };
  }
}

const today = (data: unknown, metadata: unknown) =>
  outcome(() => validateAppend('case-1', [{ eventId: EVENT_ID, type: 'CaseOpened', data, metadata }]).events[0]);
const reference = (data: unknown, metadata: unknown) =>
  outcome(() => referenceValidateEvent({ eventId: EVENT_ID, type: 'CaseOpened', data, metadata }));

// ---- Values: mostly what events carry, with every kind of refusal mixed in. ----

/** Characters of event text, with NUL, both kinds of lone surrogate and well-formed pairs among them. */
const character = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('a', 'Z', '0', ' ', '.', 'é', '中', '\n', '😀', '\ud83d\ude00') },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff') },
);
const text = (bad: boolean) =>
  bad
    ? fc.array(character, { maxLength: 12 }).map((chars) => chars.join(''))
    : fc
        .array(fc.constantFrom('a', 'b', 'z', ' ', '-', 'é', '中', '😀', '\n'), { maxLength: 12 })
        .map((c) => c.join(''));

class Plain {
  constructor(readonly x = 1) {}
}
class WithToJson {
  toJSON(): string {
    return 'x';
  }
}

/** Values the reference refuses or handles specially, each made fresh so no two tests share one. */
const oddity = fc.constantFrom<() => unknown>(
  () => NaN,
  () => Infinity,
  () => -Infinity,
  () => 10n,
  () => undefined,
  () => Symbol('s'),
  () => () => 1,
  () => new Date(0),
  () => new Date(NaN),
  () => new Map([[1, 2]]),
  () => new Set([1]),
  () => new WeakMap(),
  () => new WeakSet(),
  () => /x/,
  () => Promise.resolve(1),
  () => new Error('e'),
  () => new RangeError('e'),
  () => new ArrayBuffer(2),
  () => new Uint8Array(2),
  () => new DataView(new ArrayBuffer(2)),
  () => Object.setPrototypeOf(new Uint8Array(2), Object.prototype),
  () => Object.setPrototypeOf([1, 2], Map.prototype),
  () => Object.setPrototypeOf({ a: 1 }, Date.prototype),
  () => new Plain(),
  () => new WithToJson(),
  () => Object.assign(Object.create(null) as object, { a: 1 }),
  () => Object.assign(Object.create(null) as object, { toJSON: () => 1 }),
  () => ({ toJSON: () => 1 }),
  () => Object.defineProperty({ a: 1 }, 'toJSON', { value: () => 1, enumerable: false }),
  () => Object.assign([1, 2], { toJSON: () => 1 }),
  () => Object.assign([1, 2], { extra: 10n }),
  // eslint-disable-next-line no-sparse-arrays
  () => [1, , 3],
  () => new Array(3),
  () => Object(1) as object,
  () => Object('ab') as object,
  () => -0,
);

function jsonish(bad: boolean) {
  const leaf = fc.oneof(
    { weight: 6, arbitrary: text(bad) },
    { weight: 3, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: !bad, noDefaultInfinity: !bad })) },
    { weight: 2, arbitrary: fc.constantFrom<unknown>(true, false, null) },
    { weight: bad ? 2 : 0, arbitrary: oddity.map((make) => make()) },
  );
  return fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(text(bad), fc.option(tie('value'), { nil: undefined, freq: 8 }), { maxKeys: 5 }),
    ),
  })).value;
}

/** Every object and array inside `value`, each with the chain of containers leading to it. */
function containers(value: unknown, ancestors: object[] = [], out: { node: object; ancestors: object[] }[] = []) {
  if (typeof value !== 'object' || value === null || ancestors.includes(value)) return out;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Array.prototype && prototype !== Object.prototype && prototype !== null) return out;
  out.push({ node: value, ancestors });
  for (const item of Object.values(value)) containers(item, [...ancestors, value], out);
  return out;
}

/** Ties a node back to one of its ancestors (a cycle) or to any other container (a shared reference). */
const withLinks = (base: fc.Arbitrary<unknown>) =>
  fc.tuple(base, fc.constantFrom('none', 'cycle', 'shared'), fc.nat(), fc.nat()).map(([value, link, i, j]) => {
    const all = containers(value);
    if (link === 'none' || all.length === 0) return value;
    const { node, ancestors } = all[i % all.length];
    const target = link === 'cycle' ? [...ancestors, node][j % (ancestors.length + 1)] : all[j % all.length].node;
    if (link === 'shared' && (target === node || containers(target).some((c) => c.node === node))) return value;
    if (Array.isArray(node)) node.push(target);
    else (node as Record<string, unknown>).linked = target;
    return value;
  });

/** Nesting around the quick walk's depth limit, where it hands over to the precise walk. */
const deep = (bad: boolean) =>
  fc.tuple(fc.integer({ min: 55, max: 75 }), jsonish(bad), fc.boolean()).map(([depth, inner, arrays]) => {
    let value = inner;
    for (let level = 0; level < depth; level++) value = arrays ? [value] : { [`l${level}`]: value };
    return value;
  });

const anyValue = (bad: boolean) =>
  fc.oneof({ weight: 8, arbitrary: withLinks(jsonish(bad)) }, { weight: 1, arbitrary: deep(bad) });

const metadataWith = (extra: unknown, keyed: string) => ({
  schemaVersion: 1,
  correlationId: 'c-1',
  actor: { id: 'agent-1', role: 'agent' },
  [keyed]: extra,
});

describe('append validation, quick walk against the precise walk it replaced', () => {
  it('accepts the same events, with the same JSON', () => {
    fc.assert(
      fc.property(anyValue(false), anyValue(false), (data, extra) => {
        const metadata = metadataWith(extra, 'extra');
        const got = today(data, metadata);
        expect(got).toEqual(reference(data, metadata));
      }),
      RUNS,
    );
  });

  it('refuses the same data and metadata with the same field and message', () => {
    fc.assert(
      fc.property(anyValue(true), anyValue(true), text(true), (data, extra, key) => {
        const metadata = metadataWith(extra, key);
        expect(today(data, metadata)).toEqual(reference(data, metadata));
        expect(today(extra, { schemaVersion: 1 })).toEqual(reference(extra, { schemaVersion: 1 }));
      }),
      RUNS,
    );
  });

  it('covers both outcomes: the generators are not all good or all bad', () => {
    const samples = fc.sample(anyValue(true), { numRuns: 2000, seed: 42 });
    const refused = samples.filter((value) => 'refused' in reference(value, { schemaVersion: 1 })).length;
    expect(refused).toBeGreaterThan(200);
    expect(refused).toBeLessThan(1800);
  });
});
