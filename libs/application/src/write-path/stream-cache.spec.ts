import fc from 'fast-check';
import { cachedEvent, SharedParts, StreamCache } from './stream-cache';

class Instance {
  constructor(
    readonly a = 1,
    readonly b: unknown = undefined,
  ) {}
}

/** Values as event data may hold them, and the odd ones JSON treats specially. */
const value = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ unit: 'binary', maxLength: 6 }),
    fc.constantFrom('\ud800', 'a\udc00', '\u0000'),
    fc.double(),
    fc.constantFrom<unknown>(-0, true, false, null, undefined),
    fc
      .constantFrom<() => unknown>(
        () => new Instance(2, 'x'),
        () => Object('boxed') as object,
        () => Object(3) as object,
        () => new Date(0),
        () => ({ toJSON: () => 'json' }),
        () => Object.defineProperty({ a: 1 }, 'toJSON', { value: () => 'hidden', enumerable: false }),
        () => Object.assign(Object.create(null) as object, { a: 1 }),
        () => JSON.parse('{"__proto__": {"polluted": true}, "b": 1}') as object,
        // eslint-disable-next-line no-sparse-arrays
        () => [1, , 3],
        () => [undefined, () => 1, Symbol('s')],
        () => ({ f: () => 1, s: Symbol('s'), u: undefined }),
      )
      .map((make) => make()),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

function isDeeplyFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeeplyFrozen);
}

describe('stream cache entries', () => {
  it('hold exactly what a JSON round trip of the data gives, deeply frozen', () => {
    fc.assert(
      fc.property(value, (data) => {
        fc.pre(data !== undefined);
        const { data: cached } = cachedEvent('T', data);
        expect(cached).toStrictEqual(JSON.parse(JSON.stringify(data)));
        expect(JSON.stringify(cached)).toBe(JSON.stringify(data));
        expect(isDeeplyFrozen(cached)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('write -0 as 0 and keep an own "__proto__" key as JSON.parse does', () => {
    const data = JSON.parse('{"__proto__": {"x": 1}, "n": 0}') as Record<string, unknown>;
    data.n = -0;
    const { data: cached } = cachedEvent('T', data) as { data: Record<string, unknown> };
    expect(Object.is(cached.n, 0)).toBe(true);
    expect(Object.getPrototypeOf(cached)).toBe(Object.prototype);
    expect(Object.keys(cached)).toEqual(['__proto__', 'n']);
  });

  it('hold the same round trip when some keys are shared, whatever the values', () => {
    const parts = new SharedParts(8);
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('a', 'b', 'c'), value, { maxKeys: 3 }), (data) => {
        const { data: cached } = cachedEvent('T', data, { keys: ['a', 'b'], parts });
        expect(cached).toStrictEqual(JSON.parse(JSON.stringify(data)));
        expect(JSON.stringify(cached)).toBe(JSON.stringify(data));
        expect(isDeeplyFrozen(cached)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('keep one copy of the value of a shared key for every event recording it alike, and no more', () => {
    const parts = new SharedParts(2);
    const sharing = { keys: ['terms'], parts };
    const terms = () => ({ planId: 'p', targets: { P1: [{ minutes: 60 }] } });
    const first = cachedEvent('CaseOpened', { caseId: '1', terms: terms() }, sharing).data as Record<string, unknown>;
    const second = cachedEvent('CaseOpened', { caseId: '2', terms: terms() }, sharing).data as Record<string, unknown>;
    expect(second.terms).toBe(first.terms);
    expect(second.caseId).toBe('2');
    // Another text (another value, or the same keys in another order) is another copy.
    const other = cachedEvent('CaseOpened', { caseId: '3', terms: { ...terms(), planId: 'q' } }, sharing).data;
    const reordered = cachedEvent(
      'CaseOpened',
      { caseId: '4', terms: { targets: terms().targets, planId: 'p' } },
      sharing,
    ).data as Record<string, unknown>;
    expect((other as Record<string, unknown>).terms).not.toBe(first.terms);
    expect(Object.keys(reordered.terms as object)).toEqual(['targets', 'planId']);
    // Past its capacity the oldest text is forgotten; the entries holding its copy keep theirs.
    const again = cachedEvent('CaseOpened', { caseId: '5', terms: terms() }, sharing).data as Record<string, unknown>;
    expect(again.terms).not.toBe(first.terms);
    expect(first.terms).toEqual(terms());
    // Keys not named are never shared.
    const unshared = cachedEvent('CaseOpened', { caseId: '6', terms: terms() }).data as Record<string, unknown>;
    expect(unshared.terms).not.toBe(again.terms);
  });
});

describe('shared parts handed to the store', () => {
  it('are the one copy of a value, the copy itself when given it, and anything not JSON unchanged', () => {
    const parts = new SharedParts();
    const terms = { planId: 'p', targets: { P1: [{ minutes: 60 }] } };
    const shared = parts.share(terms);
    expect(shared).not.toBe(terms);
    expect(shared).toEqual(terms);
    expect(Object.isFrozen(shared)).toBe(true);
    expect(parts.share({ ...terms })).toBe(shared);
    expect(parts.share(shared)).toBe(shared);
    const cyclic: Record<string, unknown> = { planId: 'p' };
    cyclic.self = cyclic;
    for (const odd of [{ n: 1n }, cyclic, new Date(0), () => 1]) expect(parts.share(odd)).toBe(odd);
  });
});

describe('the stream cache when full', () => {
  const entry = (n: number) => ({ events: [], revision: BigInt(n), chainHash: undefined });
  const held = (cache: StreamCache, ids: string[]) => ids.filter((id) => cache.get(id) !== undefined);

  it('keeps as many streams as it is told, and lets the oldest go first among those not used since', () => {
    const cache = new StreamCache(3);
    for (const id of ['a', 'b', 'c', 'd']) cache.set(id, entry(0));
    expect(held(new StreamCache(0), ['a'])).toEqual([]);
    // Every entry was used (written) when the fourth came, so one lap cleared them all and the oldest went.
    expect(held(cache, ['a', 'b', 'c', 'd'])).toEqual(['b', 'c', 'd']);
  });

  it('keeps a stream used since the hand last passed it, and one used on every command for good', () => {
    const cache = new StreamCache(3);
    for (const id of ['a', 'b', 'c']) cache.set(id, entry(0));
    cache.set('d', entry(0)); // a goes; b, c, d are unused now, bar d
    cache.get('b');
    cache.set('e', entry(0)); // c is the first unused one after the hand
    expect(held(cache, ['b', 'c', 'd', 'e'])).toEqual(['b', 'd', 'e']);
    // A contract every case opens under: read before each new case is written.
    for (let i = 0; i < 1000; i++) {
      expect(cache.get('b')).toBeDefined();
      cache.set(`case-${i}`, entry(i));
    }
    expect(cache.get('case-999')?.revision).toBe(999n);
  });

  it('updates a stream in place, and forgets one when told', () => {
    const cache = new StreamCache(2);
    cache.set('a', entry(0));
    cache.set('a', entry(1));
    expect(cache.get('a')?.revision).toBe(1n);
    cache.forget('a');
    expect(cache.get('a')).toBeUndefined();
  });
});
