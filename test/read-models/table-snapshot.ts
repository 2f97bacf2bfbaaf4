import type { SqlQueryable } from '@caseledger/event-store';
import type { Projection } from '@caseledger/read-models';

/** Every row of every table of the projection, as sorted JSON text: two snapshots are equal iff the rows are. */
export async function snapshot(sql: SqlQueryable, projection: Projection): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const table of projection.tables) {
    const rows = await sql.query<{ row: string }>(`select to_jsonb(t)::text as row from ${table} t`);
    tables[table] = rows.map((r) => r.row).sort();
  }
  return tables;
}
