import { columnsOf, flattenRow, toCsv } from './csv';

describe('CSV of a report (RFC 4180)', () => {
  it('writes a header row and CRLF-terminated records', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          { a: 1, b: 'x' },
          { a: 2, b: 'y' },
        ],
      ),
    ).toBe('a,b\r\n1,x\r\n2,y\r\n');
  });

  it('quotes a field holding a comma, a double quote, CR or LF, doubling inner quotes', () => {
    const csv = toCsv(['v'], [{ v: 'a,b' }, { v: 'say "hi"' }, { v: 'two\nlines' }, { v: 'cr\rhere' }]);
    expect(csv).toBe('v\r\n"a,b"\r\n"say ""hi"""\r\n"two\nlines"\r\n"cr\rhere"\r\n');
  });

  it('leaves plain fields, negative numbers and UTF-8 text unquoted; null is an empty field', () => {
    expect(toCsv(['a', 'b', 'c', 'd'], [{ a: -2.5, b: 'Zürich – 東京', c: null, d: true }])).toBe(
      'a,b,c,d\r\n-2.5,Zürich – 東京,,true\r\n',
    );
  });

  it('quotes a header that needs it, and a missing column is an empty field', () => {
    expect(toCsv(['x,y', 'z'], [{ z: 1 }])).toBe('"x,y",z\r\n,1\r\n');
  });

  it('flattens nested objects into dotted columns in first-seen order', () => {
    const rows = [flattenRow({ period: 'p', group: { plan: 'b' }, stats: { p50: 1, p90: 2 } })];
    expect(rows).toEqual([{ period: 'p', 'group.plan': 'b', 'stats.p50': 1, 'stats.p90': 2 }]);
    expect(columnsOf(rows)).toEqual(['period', 'group.plan', 'stats.p50', 'stats.p90']);
  });
});
