import { dropSuiteDatabase, SUITE_DATABASE_ENV } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const name = process.env[SUITE_DATABASE_ENV];
  if (name) await dropSuiteDatabase(name);
}
