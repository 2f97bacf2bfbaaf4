/**
 * An image of a freshly initialised PGlite cluster, made once per test run by global setup, so that
 * in-memory stores start from it instead of running initdb: initdb costs about 2.5 s of CPU per
 * instance on the 2-core machine, loading the image about 1 s. The image is what `dumpDataDir`
 * gives right after `PGlite.create()`, so an instance started from it is the same fresh cluster.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const PGLITE_IMAGE_ENV = 'CASELEDGER_TEST_PGLITE_IMAGE';

/** The real module, by its path: in jest the bare name maps to test/setup/pglite.ts, which uses this. */
export function actualPglite(): typeof import('@electric-sql/pglite') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(__dirname, '..', '..', 'node_modules', '@electric-sql', 'pglite', 'dist', 'index.cjs'));
}

/** Makes the image in a new temporary directory; answers its path. */
export async function makePgliteImage(): Promise<string> {
  const db = await actualPglite().PGlite.create();
  try {
    const image = await db.dumpDataDir('none');
    const path = join(await mkdtemp(join(tmpdir(), 'caseledger-pglite-')), 'fresh-cluster.tar');
    await writeFile(path, Buffer.from(await image.arrayBuffer()));
    return path;
  } finally {
    await db.close();
  }
}

export async function removePgliteImage(path: string): Promise<void> {
  await rm(dirname(path), { recursive: true, force: true });
}
