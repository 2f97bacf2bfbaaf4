import { comparePositions, formatPosition, InvalidPosition, parsePosition } from './event-store.port';

describe('global positions', () => {
  it('round-trip through their wire form', () => {
    const position = { commit: 1042n, prepare: 7n };
    expect(parsePosition(formatPosition(position))).toEqual(position);
  });

  it('order by commit first, then by prepare', () => {
    expect(comparePositions({ commit: 2n, prepare: 1n }, { commit: 1n, prepare: 9n })).toBe(1);
    expect(comparePositions({ commit: 1n, prepare: 1n }, { commit: 1n, prepare: 2n })).toBe(-1);
    expect(comparePositions({ commit: 3n, prepare: 3n }, { commit: 3n, prepare: 3n })).toBe(0);
  });

  it.each(['', '12', '1-', '-1', 'a-b', '1-2-3'])('reject %j with a message naming the expected form', (text) => {
    expect(() => parsePosition(text)).toThrow(InvalidPosition);
  });
});
