/** The summaries the benchmarks print of their samples. */

/** The middle value (of an even count, the upper of the two middle ones). */
export const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The nearest-rank percentile: the smallest value at least `p` % of the values are not above. */
export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
