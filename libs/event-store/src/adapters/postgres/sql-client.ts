/**
 * The one query interface the SQL event store needs, implemented over a pg Pool (postgres) and over
 * PGlite (embedded), so both run the same SQL. Implementations raise `StoreUnavailable` for
 * connection failures and pass every other database error through unchanged.
 */
export interface SqlQueryable {
  /**
   * `name` keeps a statement prepared on each connection (parsed and planned once per connection).
   * Only for statements whose plan cannot go stale as tables grow; clients may ignore it.
   */
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[], name?: string): Promise<Row[]>;
}

export interface SqlClient extends SqlQueryable {
  /**
   * As `query`, each row an array of its columns in the statement's order: for reads of many rows,
   * which then build no object per row only to take it apart again.
   */
  queryArrays(text: string, params?: readonly unknown[], name?: string): Promise<unknown[][]>;
  /** Runs `fn` inside BEGIN/COMMIT on one connection; ROLLBACK when it throws. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
