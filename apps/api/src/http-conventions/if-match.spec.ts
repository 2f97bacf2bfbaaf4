import { ProblemException } from '../problem-details/problem-details';
import { parseIfMatch } from './if-match';

function problemOf(header: string): ProblemException {
  try {
    parseIfMatch(header);
  } catch (error) {
    return error as ProblemException;
  }
  throw new Error(`${header} was accepted`);
}

describe('If-Match', () => {
  it('gives the quoted stream revision as a bigint', () => {
    expect(parseIfMatch('"7"')).toBe(7n);
    expect(parseIfMatch(' "0" ')).toBe(0n);
    expect(parseIfMatch('"9223372036854775807"')).toBe(9223372036854775807n);
  });

  it('means any revision when absent or *', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('*')).toBeUndefined();
  });

  it('refuses a weak tag, since a write needs a strong comparison', () => {
    const problem = problemOf('W/"7"');
    expect(problem.problem).toMatchObject({ status: 400, errors: [{ field: 'If-Match' }] });
    expect(problem.problem.detail).toMatch(/weak/);
  });

  it.each(['7', '"seven"', '"7", "8"', '""', '"-1"', '"99999999999999999999"'])(
    'refuses %s with a 400 naming the header',
    (header) => {
      const problem = problemOf(header);
      expect(problem.problem.status).toBe(400);
      expect(problem.problem.detail).toContain('If-Match');
    },
  );
});
