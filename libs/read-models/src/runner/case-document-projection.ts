/**
 * The shape every projection of ours shares: one document per case, folded in memory from the
 * batch's events by handlers keyed on event type, then written back with one multi-row upsert per
 * table. Each table keeps the document as jsonb (so loading it back is driver-independent) beside
 * typed columns for filtering and sorting.
 */
import type { RecordedEvent, SqlQueryable } from '@caseledger/event-store';
import type { Projection } from './projection';

/** Returns the document to keep (new or changed in place), or undefined when the event changes nothing. */
// `any` data: each handler declares the data shape of the one event type it is registered for.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CaseEventHandler<Doc> = (doc: Doc | undefined, event: RecordedEvent<any>) => Doc | undefined;

export interface Column {
  name: string;
  /** SQL type as jsonb_to_recordset should read it from the JSON row. */
  type: string;
}

/**
 * `insert ... select from jsonb_to_recordset($1)`: one round trip however many rows, the same SQL on
 * pg and PGlite. Rows must be unique by key (one statement cannot update a row twice).
 */
export async function upsertRows(
  tx: SqlQueryable,
  table: string,
  columns: readonly Column[],
  key: readonly string[],
  rows: readonly Record<string, unknown>[],
  onConflict: 'update' | 'nothing' = 'update',
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map((c) => c.name).join(', ');
  const definition = columns.map((c) => `${c.name} ${c.type}`).join(', ');
  const updates = columns
    .filter((c) => !key.includes(c.name))
    .map((c) => `${c.name} = excluded.${c.name}`)
    .join(', ');
  const conflict = onConflict === 'nothing' || updates === '' ? 'do nothing' : `do update set ${updates}`;
  await tx.query(
    `insert into ${table} (${names}) select ${names} from jsonb_to_recordset($1::jsonb) as r(${definition})
     on conflict (${key.join(', ')}) ${conflict}`,
    [JSON.stringify(rows)],
  );
}

async function loadDocs<Doc>(tx: SqlQueryable, table: string, caseIds: readonly string[]): Promise<Doc[]> {
  // An array of ids rather than a set from jsonb: the planner then probes the key's index whatever its
  // estimates say (with a set of unknown size it hash-joined a seq scan of the whole table on narrow tables).
  const rows = await tx.query<{ doc: Doc }>(`select doc from ${table} where case_id = any ($1::text[])`, [caseIds]);
  return rows.map((row) => row.doc);
}

export abstract class CaseDocumentProjection<Doc extends { caseId: string }> implements Projection {
  abstract readonly name: string;
  abstract readonly version: number;
  abstract readonly tables: readonly string[];
  protected abstract readonly handlers: Readonly<Record<string, CaseEventHandler<Doc>>>;

  abstract migrate(sql: SqlQueryable): Promise<void>;
  /** The table holding one JSON document per case (`case_id`, `doc`), read before each batch. */
  protected abstract readonly docTable: string;

  protected async load(tx: SqlQueryable, caseIds: readonly string[]): Promise<Map<string, Doc>> {
    return new Map((await loadDocs<Doc>(tx, this.docTable, caseIds)).map((doc) => [doc.caseId, doc]));
  }
  protected abstract save(tx: SqlQueryable, docs: readonly Doc[]): Promise<void>;

  async handle(events: readonly RecordedEvent[], tx: SqlQueryable): Promise<void> {
    const relevant = events.filter(
      (e) => this.handlers[e.type] !== undefined && typeof (e.data as { caseId?: unknown })?.caseId === 'string',
    );
    if (relevant.length === 0) return;
    const caseIds = [...new Set(relevant.map((e) => (e.data as { caseId: string }).caseId))];
    const docs = await this.load(tx, caseIds);
    const changed = new Set<string>();
    for (const event of relevant) {
      const caseId = (event.data as { caseId: string }).caseId;
      const next = this.handlers[event.type](docs.get(caseId), event);
      if (next === undefined) continue;
      docs.set(caseId, next);
      changed.add(caseId);
    }
    if (changed.size > 0)
      await this.save(
        tx,
        [...changed].map((id) => docs.get(id) as Doc),
      );
  }

  async truncate(tx: SqlQueryable): Promise<void> {
    await tx.query(`truncate ${this.tables.join(', ')}`);
  }
}

/** Instants compare as ISO-8601 UTC strings of one format, but events may carry either precision. */
export function laterOf(a: string | null, b: string): string {
  return a === null || Date.parse(b) > Date.parse(a) ? b : a;
}
