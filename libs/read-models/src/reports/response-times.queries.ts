/**
 * Response times per metric, period and group: the business time each decided clock used and its
 * elapsed time with the paused stretches left out, as percentiles and the mean. Percentiles are
 * PostgreSQL's `percentile_cont` (linear interpolation between the two nearest ranks), the same on
 * PGlite, which is PostgreSQL. Only clocks that stopped met or breached count: a clock still running
 * has not answered yet, and a superseded one was not answered under its own target.
 */
import type { SqlQueryable } from '@caseledger/event-store';
import { bucketsJson, GROUP_COLUMN, GroupBy, groupOf, ReportScope } from './report-scope';

export interface Distribution {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
}

export interface ResponseTimeRow {
  period: string;
  periodStart: string;
  periodEnd: string;
  metric: string;
  group: Partial<Record<GroupBy, string>>;
  /** Clocks measured. */
  clocks: number;
  /** Business minutes of the clock's calendar (real minutes for elapsed targets). */
  businessMinutes: Distribution;
  /** Real minutes from start to stop, paused time excluded. */
  elapsedMinutes: Distribution;
}

interface Row {
  i: number;
  metric: string;
  clocks: number;
  [column: string]: unknown;
}

function distribution(row: Row, prefix: string): Distribution {
  // Whole milliseconds: the clocks count in them, an interpolated percentile adds no real precision below.
  const of = (stat: string) => Math.round(Number(row[`${prefix}_${stat}`])) / 60_000;
  return { p50: of('p50'), p90: of('p90'), p99: of('p99'), mean: of('mean') };
}

export async function responseTimes(
  sql: SqlQueryable,
  scope: ReportScope,
  groupBy: readonly GroupBy[],
): Promise<ResponseTimeRow[]> {
  if (scope.buckets.length === 0) return [];
  const columns = groupBy.filter((g) => g !== 'metric').map((g) => `c.${GROUP_COLUMN[g]}`);
  // One ordered-set aggregate over an array of fractions sorts the group once for all three percentiles;
  // PostgreSQL evaluates identical aggregate calls once, so the three subscripts share that sort.
  const stats = (column: string, prefix: string) => {
    const percentiles = `(percentile_cont(array[0.5, 0.9, 0.99]::float8[]) within group (order by ${column}))`;
    return [
      `${percentiles}[1] as ${prefix}_p50`,
      `${percentiles}[2] as ${prefix}_p90`,
      `${percentiles}[3] as ${prefix}_p99`,
      `avg(${column})::float8 as ${prefix}_mean`,
    ].join(', ');
  };
  const rows = await sql.query<Row>(
    `with b as (select * from jsonb_to_recordset($1::jsonb) as b(i int, s timestamptz, e timestamptz))
     select b.i, c.metric${columns.map((c) => `, ${c}`).join('')}, count(*)::int as clocks,
       ${stats('c.business_ms', 'business')}, ${stats('c.elapsed_ms', 'elapsed')}
     from b join report_sla_clocks c on c.decided_at >= b.s and c.decided_at < b.e
     where c.phase = 'stopped' and c.outcome in ('met', 'breached') and ($2::text is null or c.account_id = $2)
     group by b.i, c.metric${columns.map((c) => `, ${c}`).join('')}
     order by b.i, c.metric${columns.map((c) => `, ${c}`).join('')}`,
    [bucketsJson(scope.buckets), scope.accountId ?? null],
  );
  return rows.map((r) => {
    const bucket = scope.buckets[r.i];
    return {
      period: bucket.period,
      periodStart: bucket.start,
      periodEnd: bucket.end,
      metric: r.metric,
      group: groupOf(
        r,
        groupBy.filter((g) => g !== 'metric'),
      ),
      clocks: r.clocks,
      businessMinutes: distribution(r, 'business'),
      elapsedMinutes: distribution(r, 'elapsed'),
    };
  });
}
