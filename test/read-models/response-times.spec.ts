/**
 * The response times read from `report_clock_values` (counts per distinct value and UTC day, the ragged
 * edges of a bucket from the clock rows) equal PostgreSQL's own percentile_cont and mean over the clock
 * rows, for random clocks, zones and granularities.
 */
import fc from 'fast-check';
import { Pool } from 'pg';
import { PgSqlClient } from '@caseledger/event-store';
import { createTestSchema, describePostgres, TestSchema } from '@caseledger/testing';
import { ReportingProjection, reportBuckets, responseTimes } from '@caseledger/read-models';
import {
  CLOCK_VALUE_GROUPS,
  CLOCK_VALUE_TYPES,
  CLOCK_VALUES,
  clockValues,
} from '../../libs/read-models/src/reports/clock-days';
import { DayCountChanges, writeDayCounts } from '../../libs/read-models/src/reports/day-counts';

const BASE = Date.parse('2026-03-20T00:00:00Z');
const DAY = 86_400_000;

const clock = fc.record({
  metric: fc.constantFrom('firstResponse', 'resolution'),
  priority: fc.constantFrom('P1', 'P2'),
  account: fc.constantFrom('acme', 'globex'),
  outcome: fc.constantFrom('met', 'breached', 'superseded'),
  stopped: fc.boolean(),
  decidedAfter: fc.integer({ min: 0, max: 20 * DAY }),
  // Few distinct values make ties, many make one value per clock: both must interpolate the same.
  business: fc.oneof(fc.constantFrom(60_000, 120_000, 3_600_000), fc.integer({ min: 0, max: 5 * DAY })),
  elapsed: fc.integer({ min: 0, max: 9 * DAY }),
});

/** The definition: percentile_cont and avg over the rows themselves. */
async function oracle(sql: PgSqlClient, buckets: { start: string; end: string }[], accountId: string | null) {
  const stats = (column: string) =>
    `percentile_cont(array[0.5, 0.9, 0.99]::float8[]) within group (order by ${column}) as ${column}_p, avg(${column})::float8 as ${column}_mean`;
  const rows = await sql.query<Record<string, unknown>>(
    `with b as (select * from jsonb_to_recordset($1::jsonb) as b(i int, s timestamptz, e timestamptz))
     select b.i, c.metric, c.priority, count(*)::int as clocks, ${stats('business_ms')}, ${stats('elapsed_ms')}
     from b join report_sla_clocks c on c.decided_at >= b.s and c.decided_at < b.e
     where c.phase = 'stopped' and c.outcome in ('met', 'breached') and ($2::text is null or c.account_id = $2)
     group by b.i, c.metric, c.priority order by b.i, c.metric, c.priority`,
    [JSON.stringify(buckets.map((b, i) => ({ i, s: b.start, e: b.end }))), accountId],
  );
  const minutes = (ms: unknown) => Math.round(Number(ms)) / 60_000;
  const dist = (r: Record<string, unknown>, column: string) => {
    const p = (
      typeof r[`${column}_p`] === 'string'
        ? JSON.parse(`[${(r[`${column}_p`] as string).slice(1, -1)}]`)
        : r[`${column}_p`]
    ) as number[];
    return { p50: minutes(p[0]), p90: minutes(p[1]), p99: minutes(p[2]), mean: minutes(r[`${column}_mean`]) };
  };
  return rows.map((r) => ({
    i: r.i,
    metric: r.metric,
    priority: r.priority,
    clocks: r.clocks,
    businessMinutes: dist(r, 'business_ms'),
    elapsedMinutes: dist(r, 'elapsed_ms'),
  }));
}

describePostgres('response times from the value counts', () => {
  let schema: TestSchema;
  let sql: PgSqlClient;
  beforeAll(async () => {
    schema = await createTestSchema('rt');
    sql = new PgSqlClient(new Pool({ connectionString: schema.connectionString, max: 2 }));
    await new ReportingProjection().migrate(sql);
  });
  afterAll(async () => {
    await sql.close();
    await schema.drop();
  });

  it('equal percentile_cont and the mean over the clock rows in any zone and granularity', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(clock, { minLength: 1, maxLength: 60 }),
        fc.constantFrom('UTC', 'Europe/London', 'America/New_York', 'Asia/Kolkata'),
        fc.constantFrom('day' as const, 'week' as const, 'month' as const),
        fc.constantFrom(null, 'acme'),
        async (clocks, zone, granularity, accountId) => {
          await sql.query(`truncate report_sla_clocks, ${CLOCK_VALUES}`);
          const values = new DayCountChanges(CLOCK_VALUES, CLOCK_VALUE_GROUPS, CLOCK_VALUE_TYPES);
          const rows = clocks.map((c, k) => {
            const decidedAt = new Date(BASE + c.decidedAfter).toISOString();
            const row = {
              case_id: `case-${k}`,
              clock_id: c.metric,
              account_id: c.account,
              contract_id: 'contract',
              plan_id: 'plan',
              priority: c.priority,
              criticality: 'nonCritical',
              metric: c.metric,
              channel: 'portal',
              service_zone: zone,
              phase: c.stopped ? 'stopped' : 'paused',
              target_unit: 'business',
              target_ms: 3_600_000,
              started_at: new Date(BASE).toISOString(),
              due_at: decidedAt,
              outcome: c.outcome,
              decided_at: decidedAt,
              business_ms: c.business,
              elapsed_ms: c.elapsed,
            };
            const measured = clockValues(row);
            const group = {
              account_id: c.account,
              plan_id: 'plan',
              priority: c.priority,
              criticality: 'nonCritical',
              metric: c.metric,
              channel: 'portal',
            };
            if (measured) {
              values.add(
                { ...group, value_ms: measured.businessMs },
                [{ kind: 'business', day: measured.day, breachMs: 0 }],
                1,
              );
              values.add(
                { ...group, value_ms: measured.elapsedMs },
                [{ kind: 'elapsed', day: measured.day, breachMs: 0 }],
                1,
              );
            }
            return row;
          });
          await sql.query(
            `insert into report_sla_clocks select * from jsonb_populate_recordset(null::report_sla_clocks, $1::jsonb)`,
            [JSON.stringify(rows)],
          );
          await sql.transaction((tx) => writeDayCounts(tx, [values]));
          const buckets = reportBuckets(BASE - 2 * DAY, BASE + 23 * DAY, granularity, zone);
          const actual = await responseTimes(
            sql,
            { buckets, now: new Date(BASE + 30 * DAY), accountId: accountId ?? undefined },
            ['priority'],
          );
          const expected = await oracle(sql, buckets, accountId);
          expect(
            actual.map((r) => ({
              i: buckets.findIndex((b) => b.period === r.period),
              metric: r.metric,
              priority: r.group.priority,
              clocks: r.clocks,
              businessMinutes: r.businessMinutes,
              elapsedMinutes: r.elapsedMinutes,
            })),
          ).toEqual(expected);
        },
      ),
      { numRuns: 40, seed: 20261201 },
    );
  });
});
