/**
 * A private schema in the suite's test database for one test file, so files run in parallel
 * without seeing each other's tables. `describePostgres` skips loudly when no server answers
 * (never under CI=true, where global setup already failed the run).
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const postgresAvailable = (): boolean => process.env.CASELEDGER_TEST_PG !== 'down';

/** The run's own database, made by global setup (test/setup) and named in CASELEDGER_TEST_DATABASE. */
export function suiteDatabaseUrl(): string {
  const name = process.env.CASELEDGER_TEST_DATABASE;
  if (!name)
    throw new Error(
      'CASELEDGER_TEST_DATABASE is not set: run the tests through jest, whose global setup creates the database',
    );
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestSchema {
  name: string;
  connectionString: string;
  drop(): Promise<void>;
}

export async function createTestSchema(prefix = 't'): Promise<TestSchema> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const base = suiteDatabaseUrl();
  const admin = new Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create schema ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    name,
    connectionString: url.toString(),
    async drop() {
      const client = new Client({ connectionString: base });
      await client.connect();
      try {
        // Dropping every table of the schema locks them all, in an order of the server's choosing;
        // a backend of the test's application still finishing a statement on two of them can make
        // that a deadlock, which the server breaks by failing the drop. Tried again, it goes through.
        for (let attempt = 1; ; attempt++) {
          try {
            await client.query(`drop schema if exists ${name} cascade`);
            return;
          } catch (error) {
            if ((error as { code?: string }).code !== '40P01' || attempt === 5) throw error;
            await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
          }
        }
      } finally {
        await client.end();
      }
    },
  };
}

export const describePostgres: jest.Describe = ((name: string, fn: () => void) => {
  if (postgresAvailable()) return describe(name, fn);
  console.warn(`!!! SKIPPED "${name}": no PostgreSQL server answers (set TEST_DATABASE_URL)`);
  return describe.skip(name, fn);
}) as unknown as jest.Describe;
