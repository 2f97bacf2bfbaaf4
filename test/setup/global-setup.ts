import { makePgliteImage, PGLITE_IMAGE_ENV } from './pglite-image';
import { createSuiteDatabase, serverAnswers, serverUrl, SUITE_DATABASE_ENV } from './test-database';

export default async function globalSetup(): Promise<void> {
  process.env[PGLITE_IMAGE_ENV] = await makePgliteImage();
  if (await serverAnswers()) {
    process.env[SUITE_DATABASE_ENV] = await createSuiteDatabase();
    process.env.CASELEDGER_TEST_PG = 'up';
    return;
  }
  if (process.env.CI === 'true') {
    throw new Error(`CI=true but no PostgreSQL answers at ${serverUrl()}: the PostgreSQL suites must run in CI`);
  }
  process.env.CASELEDGER_TEST_PG = 'down';
  console.warn(
    `\n!!! SKIPPING every PostgreSQL suite: no server answers at ${serverUrl()} (set TEST_DATABASE_URL) !!!\n`,
  );
}
