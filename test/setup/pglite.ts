/**
 * `@electric-sql/pglite` as the tests load it (jest maps the bare name here): the real PGlite, where
 * a new cluster (an instance in memory, or a directory on disk that holds none yet) starts from
 * global setup's image of a fresh cluster instead of running initdb (see pglite-image.ts). An
 * existing directory opens as it is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PGliteOptions } from '@electric-sql/pglite';
import { actualPglite, PGLITE_IMAGE_ENV } from './pglite-image';

const actual = actualPglite();
let image: Blob | undefined;

function freshCluster(): Blob | undefined {
  const path = process.env[PGLITE_IMAGE_ENV];
  if (!path) return undefined;
  return (image ??= new Blob([readFileSync(path)]));
}

function newCluster(dataDir: string | undefined): boolean {
  if (dataDir === undefined || dataDir === '' || dataDir.startsWith('memory://')) return true;
  return !existsSync(join(dataDir, 'PG_VERSION'));
}

class PGlite extends actual.PGlite {
  static override create(dataDirOrOptions?: string | PGliteOptions, options?: PGliteOptions): Promise<any> {
    const resolved: PGliteOptions =
      typeof dataDirOrOptions === 'string'
        ? { ...options, dataDir: dataDirOrOptions }
        : { ...dataDirOrOptions, ...options };
    const loadDataDir = newCluster(resolved.dataDir) && !resolved.loadDataDir ? freshCluster() : undefined;
    return actual.PGlite.create(loadDataDir ? { ...resolved, loadDataDir } : resolved);
  }
}

export { PGlite };
