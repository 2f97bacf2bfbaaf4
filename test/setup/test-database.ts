/**
 * One PostgreSQL database per jest run, a schema per test file. Shared by global setup (which
 * creates the database) and by the test files (which create their schema in it).
 */
import { Client } from 'pg';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const SUITE_DATABASE = 'caseledger_test';

export function serverUrl(): string {
  return process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
}

export function suiteDatabaseUrl(): string {
  const url = new URL(serverUrl());
  url.pathname = `/${SUITE_DATABASE}`;
  return url.toString();
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

export async function recreateSuiteDatabase(): Promise<void> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(`drop database if exists ${SUITE_DATABASE} with (force)`);
    await client.query(`create database ${SUITE_DATABASE}`);
  } finally {
    await client.end();
  }
}
