/** `SqlClient` over a pg Pool: connection failures become `StoreUnavailable`, nothing else changes. */
import type { Pool, PoolClient, QueryArrayResult, QueryConfig, QueryResult } from 'pg';
import { StoreUnavailable } from '../../event-store.errors';
import type { SqlClient, SqlQueryable } from './sql-client';

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01', // admin_shutdown: the server is stopping
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '53300', // too_many_connections
]);

/** True when the error says "the server is not there right now" rather than "your SQL is wrong". */
export function isConnectionError(error: unknown): boolean {
  // Duck-typed: errors from Node's own sockets fail `instanceof Error` inside jest's sandbox.
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || code.startsWith('08'))) return true;
  return typeof message === 'string' && CONNECTION_MESSAGE.test(message);
}

const CONNECTION_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|Connection refused/i;

export function toStoreError(error: unknown): unknown {
  return isConnectionError(error) ? new StoreUnavailable(error) : error;
}

const ignore = (): void => undefined;

export class PgSqlClient implements SqlClient {
  constructor(readonly pool: Pool) {
    // An idle client whose server went away emits 'error' on the pool; unhandled, that would kill
    // the process. The pool drops the client and the next query reconnects (or reports unavailable).
    pool.on('error', ignore);
  }

  async query<Row>(text: string, params?: readonly unknown[], name?: string): Promise<Row[]> {
    return (await this.poolQuery({ text, values: params as unknown[], name })).rows as Row[];
  }

  async queryArrays(text: string, params?: readonly unknown[], name?: string): Promise<unknown[][]> {
    return (await this.poolQuery({ text, values: params as unknown[], name, rowMode: 'array' })).rows as unknown[][];
  }

  /**
   * Several statements in one simple-query message (no parameters), in one implicit transaction:
   * the last statement's rows, each an array of its columns.
   */
  async queryScriptArrays(text: string): Promise<unknown[][]> {
    const results = (await this.poolQuery({ text, rowMode: 'array' })) as QueryArrayResult | QueryArrayResult[];
    return Array.isArray(results) ? results[results.length - 1].rows : results.rows;
  }

  async transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw toStoreError(error);
    }
    // While checked out the pool's idle handler is not attached; a dying connection must not crash us.
    client.on('error', ignore);
    let broken: Error | undefined;
    try {
      await client.query('begin');
      const result = await fn({
        query: async <Row>(text: string, params?: readonly unknown[]) =>
          (await client.query(text, params as unknown[])).rows as Row[],
      });
      await client.query('commit');
      return result;
    } catch (error) {
      if (isConnectionError(error)) broken = error as Error;
      else await client.query('rollback').catch((rollbackError: Error) => (broken = rollbackError));
      throw toStoreError(error);
    } finally {
      client.off('error', ignore);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async poolQuery(config: QueryConfig & { rowMode?: 'array' }): Promise<QueryResult | QueryArrayResult> {
    try {
      return await this.pool.query(config as QueryConfig);
    } catch (error) {
      throw toStoreError(error);
    }
  }
}
