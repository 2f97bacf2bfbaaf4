/**
 * Response times per metric, period and group: the business time each decided clock used and its
 * elapsed time with the paused stretches left out, as percentiles and the mean. Only clocks that stopped
 * met or breached count: a clock still running has not answered yet, and a superseded one was not
 * answered under its own target.
 *
 * Percentiles are exact and equal PostgreSQL's `percentile_cont` (linear interpolation between the two
 * nearest ranks, in float8): they are computed from how many clocks used each distinct value, which
 * `report_clock_values` keeps per UTC day (the ragged edges of a bucket cut in another zone, under a day
 * at each end, are counted from the clock rows). The values at ranks floor(p·(n−1)) and ceil(p·(n−1)) are
 * the first whose cumulative count passes those ranks, and are interpolated the way PostgreSQL does.
 */
import type { SqlQueryable } from '@caseledger/event-store';
import { GROUP_COLUMN, GroupBy, groupOf, ReportScope } from './report-scope';
import { countRows, splitSpan } from './day-counts';
import { CLOCK_VALUES } from './clock-days';

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

const FRACTIONS = [0.5, 0.9, 0.99] as const;

interface Row {
  i: number;
  metric: string;
  kind: 'business' | 'elapsed';
  n: string | number;
  sum_ms: string | number;
  [column: string]: unknown;
}

/** PostgreSQL's percentile_cont in float8: first + (second − first) × (p·(n−1) − floor(p·(n−1))). */
function interpolated(row: Row, k: number, n: number, fraction: number): number {
  const first = Number(row[`lo${k}`]);
  const second = Number(row[`hi${k}`]);
  const at = fraction * (n - 1);
  return first + (second - first) * (at - Math.floor(at));
}

function distribution(row: Row | undefined): Distribution {
  if (row === undefined) return { p50: 0, p90: 0, p99: 0, mean: 0 };
  const n = Number(row.n);
  // Whole milliseconds: the clocks count in them, an interpolated percentile adds no real precision below.
  const minutes = (ms: number) => Math.round(ms) / 60_000;
  const [p50, p90, p99] = FRACTIONS.map((f, k) => minutes(interpolated(row, k, n, f)));
  return { p50, p90, p99, mean: minutes(Number(row.sum_ms) / n) };
}

export async function responseTimes(
  sql: SqlQueryable,
  scope: ReportScope,
  groupBy: readonly GroupBy[],
): Promise<ResponseTimeRow[]> {
  if (scope.buckets.length === 0) return [];
  const days: Record<string, unknown>[] = [];
  const edges: Record<string, unknown>[] = [];
  scope.buckets.forEach((bucket, i) =>
    splitSpan(
      { i, role: 'in', kinds: 'business,elapsed' },
      Date.parse(bucket.start),
      Date.parse(bucket.end),
      days,
      edges,
    ),
  );
  const columns = groupBy.filter((g) => g !== 'metric').map((g) => GROUP_COLUMN[g]);
  const keys = ['i', 'metric', ...columns, 'kind'];
  const list = (prefix: string) => keys.map((c) => `${prefix}${c}`).join(', ');
  const select = columns.map((c) => `, x.${c}`).join('');
  const raw = ['account_id', 'metric', ...columns.filter((c) => c !== 'account_id')].map((c) => `c.${c}`).join(', ');
  const ranks = FRACTIONS.map(
    (f, k) =>
      `min(w.value_ms) filter (where w.cum > floor(${f}::float8 * (w.total - 1))) as lo${k},
       min(w.value_ms) filter (where w.cum > ceil(${f}::float8 * (w.total - 1))) as hi${k}`,
  ).join(',\n       ');
  // The rows at the buckets' ragged edges; left out when there are none, or the planner scans the clocks for nothing.
  const edgeRows = `
       select ep.i, x.metric${select}, x.kind, x.value_ms, 1::bigint
       from ep cross join lateral (
         select ${raw}, m.kind, m.value_ms
         from report_sla_clocks c
           cross join lateral (values ('business', c.business_ms), ('elapsed', c.elapsed_ms)) as m(kind, value_ms)
         where c.decided_at >= ep.lo and c.decided_at < ep.hi and c.phase = 'stopped'
           and c.outcome in ('met', 'breached')
       ) x
       where ($3::text is null or x.account_id = $3)`;
  const rows = await sql.query<Row>(
    `with dp as (select * from jsonb_to_recordset($1::jsonb) as dp(i int, grain text, dlo date, dhi date)),
     ep as (select * from jsonb_to_recordset($2::jsonb) as ep(i int, lo timestamptz, hi timestamptz)),
     p as (
       select dp.i, x.metric${select}, x.kind, x.value_ms, x.n
       from dp cross join lateral ${countRows(CLOCK_VALUES)} x
       where ($3::text is null or x.account_id = $3)
       ${edges.length === 0 ? '' : 'union all'}
       ${edges.length === 0 ? '' : edgeRows}
     ),
     v as (select ${list('p.')}, p.value_ms, sum(p.n) as n from p group by ${list('p.')}, p.value_ms),
     w as (
       select v.*, sum(v.n) over (partition by ${list('v.')} order by v.value_ms) as cum,
         sum(v.n) over (partition by ${list('v.')}) as total
       from v
     )
     select ${list('w.')}, sum(w.n) as n, sum(w.value_ms * w.n) as sum_ms,
       ${ranks}
     from w
     group by ${list('w.')}
     having sum(w.n) > 0
     order by ${list('w.')}`,
    [JSON.stringify(days), JSON.stringify(edges), scope.accountId ?? null],
  );
  const groups = new Map<string, { business?: Row; elapsed?: Row }>();
  for (const r of rows) {
    const key = JSON.stringify(['i', 'metric', ...columns].map((c) => r[c]));
    const entry = groups.get(key) ?? {};
    entry[r.kind] = r;
    groups.set(key, entry);
  }
  return [...groups.values()].map(({ business, elapsed }) => {
    const r = (business ?? elapsed)!;
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
      clocks: Number(r.n),
      businessMinutes: distribution(business),
      elapsedMinutes: distribution(elapsed),
    };
  });
}
