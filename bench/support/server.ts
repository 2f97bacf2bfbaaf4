/** Set-up the benchmarks share: a short-lived connection to the server, its scratch databases, a free loopback port. */
import { Client } from 'pg';

/** The PostgreSQL server the benches make their scratch databases on. */
export const SERVER_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs `fn` on a connection of its own to `url`, closed afterwards whatever happens. */
export async function onServer<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the server at `serverUrl`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Drops database `name` if it is there; `force` first ends the sessions still connected to it (a process
 * a failed run left behind), without it such a database stays and the drop fails.
 */
export async function dropDatabase(serverUrl: string, name: string, options: { force: boolean }): Promise<void> {
  await onServer(serverUrl, (client) =>
    client.query(`drop database if exists ${name}${options.force ? ' with (force)' : ''}`),
  );
}

/** Database `name` empty, whatever an earlier run left in it; its URL. */
export async function freshDatabase(serverUrl: string, name: string, options: { force: boolean }): Promise<string> {
  await dropDatabase(serverUrl, name, options);
  await onServer(serverUrl, (client) => client.query(`create database ${name}`));
  return databaseUrl(serverUrl, name);
}

/** The benches start their processes on a port found the tests' way. */
export { sparePort } from '@caseledger/testing';
