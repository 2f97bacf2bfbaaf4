import { randomUUID } from 'node:crypto';
import { canonicalJson, validateAppend } from './append-validation';
import { InvalidAppend } from './event-store.errors';

const event = (data: unknown, metadata: Record<string, unknown> = { schemaVersion: 1 }) => ({
  eventId: randomUUID(),
  type: 'CaseOpened',
  data,
  metadata: metadata as { schemaVersion: number },
});

const refusal = (fn: () => unknown): InvalidAppend => {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidAppend) return error;
    throw error;
  }
  throw new Error('expected InvalidAppend');
};

describe('append validation', () => {
  it('names the field and the path of the offending value', () => {
    const error = refusal(() => validateAppend('case-1', [event({ a: 1 }), event({ lines: [{ amount: 5n }] })]));
    expect(error.field).toBe('events[1].data');
    expect(error.reason).toMatch(/at \.lines\[0\]\.amount: a bigint/);
  });

  it('refuses event types starting with "$", which EventStoreDB reserves and hides from reads of $all', () => {
    const error = refusal(() => validateAppend('case-1', [{ ...event({}), type: '$CaseOpened' }]));
    expect(error.field).toBe('events[0].type');
    expect(() => validateAppend('case-1', [{ ...event({}), type: 'Case$Opened' }])).not.toThrow();
  });

  it.each([
    ['a Date', new Date(0)],
    ['a Map', new Map()],
    ['a lone surrogate', '\ud800'],
    ['undefined inside an array', [1, undefined]],
    ['a symbol', Symbol('s')],
  ])('refuses %s', (_name, value) => {
    expect(() => validateAppend('case-1', [event({ value })])).toThrow(InvalidAppend);
  });

  it('accepts shared (non-cyclic) references and drops undefined properties like JSON does', () => {
    const shared = { x: 1 };
    const [validated] = validateAppend('case-1', [event({ a: shared, b: shared, gone: undefined })]).events;
    expect(JSON.parse(validated.dataJson)).toEqual({ a: { x: 1 }, b: { x: 1 } });
  });

  it('lower-cases event ids and accepts exact numeric expected revisions', () => {
    const e = event({});
    const validated = validateAppend('case-1', [{ ...e, eventId: e.eventId.toUpperCase() }], {
      expectedRevision: 3 as unknown as bigint,
    });
    expect(validated.events[0].eventId).toBe(e.eventId);
    expect(validated.expectedRevision).toBe(3n);
  });

  it('refuses stream names reserved for system streams', () => {
    expect(refusal(() => validateAppend('$all', [event({})])).field).toBe('streamId');
  });

  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe(
      canonicalJson({ a: { c: [3, { e: 2, f: 1 }], d: 2 }, b: 1 }),
    );
  });
});
