/**
 * `@electric-sql/pglite` as the tests load it (jest maps the bare name here): the real PGlite, where
 * an instance made without a data directory (every in-memory store, the product's and the tests'
 * own) starts from global setup's image of a fresh cluster instead of running initdb
 * (see pglite-image.ts). Anything else, a directory on disk included, is created as it is.
 */
import { readFileSync } from 'node:fs';
import type { PGliteOptions } from '@electric-sql/pglite';
import { actualPglite, PGLITE_IMAGE_ENV } from './pglite-image';

const actual = actualPglite();
let image: Blob | undefined;

function freshCluster(): Blob | undefined {
  const path = process.env[PGLITE_IMAGE_ENV];
  if (!path) return undefined;
  return (image ??= new Blob([readFileSync(path)]));
}

function inMemory(dataDir: string | undefined): boolean {
  return dataDir === undefined || dataDir === '' || dataDir.startsWith('memory://');
}

class PGlite extends actual.PGlite {
  static override create(dataDirOrOptions?: string | PGliteOptions, options?: PGliteOptions): Promise<any> {
    const resolved: PGliteOptions =
      typeof dataDirOrOptions === 'string'
        ? { ...options, dataDir: dataDirOrOptions }
        : { ...dataDirOrOptions, ...options };
    const loadDataDir = inMemory(resolved.dataDir) && !resolved.loadDataDir ? freshCluster() : undefined;
    return actual.PGlite.create(loadDataDir ? { ...resolved, loadDataDir } : resolved);
  }
}

export { PGlite };
