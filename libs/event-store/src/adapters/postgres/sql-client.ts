/**
 * The one query interface the SQL event store needs, implemented over a pg Pool (postgres) and over
 * PGlite (embedded), so both run the same SQL. Implementations raise `StoreUnavailable` for
 * connection failures and pass every other database error through unchanged.
 */
export interface SqlQueryable {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface SqlClient extends SqlQueryable {
  /** Runs `fn` inside BEGIN/COMMIT on one connection; ROLLBACK when it throws. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
