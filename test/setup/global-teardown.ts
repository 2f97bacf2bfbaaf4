import { PGLITE_IMAGE_ENV, removePgliteImage } from './pglite-image';
import { dropSuiteDatabase, SUITE_DATABASE_ENV } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const image = process.env[PGLITE_IMAGE_ENV];
  if (image) await removePgliteImage(image);
  const name = process.env[SUITE_DATABASE_ENV];
  if (name) await dropSuiteDatabase(name);
}
