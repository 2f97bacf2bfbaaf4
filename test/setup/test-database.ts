/**
 * One PostgreSQL database per jest run, a schema per test file. Global setup creates the database
 * under a name unique to the run (two runs on one machine must not drop each other's database),
 * hands the name to the workers through the environment, and global teardown drops it.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const SUITE_DATABASE_PREFIX = 'caseledger_test_';
/** Where global setup leaves the run's database name for the test files (libs/testing reads it). */
export const SUITE_DATABASE_ENV = 'CASELEDGER_TEST_DATABASE';

export function serverUrl(): string {
  return process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
}

export async function serverAnswers(): Promise<boolean> {
  const client = new Client({ connectionString: serverUrl(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function withServer<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createSuiteDatabase(): Promise<string> {
  const name = `${SUITE_DATABASE_PREFIX}${process.pid}_${randomBytes(3).toString('hex')}`;
  await withServer((client) => client.query(`create database ${name}`));
  return name;
}

export async function dropSuiteDatabase(name: string): Promise<void> {
  if (!name.startsWith(SUITE_DATABASE_PREFIX) || !/^\w+$/.test(name)) return;
  await withServer((client) => client.query(`drop database if exists ${name} with (force)`));
}
