/**
 * A throw-away PostgreSQL cluster on a spare port, for tests that stop and restart the server.
 * Never the shared cluster: stopping that would break every other suite running beside it.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { sparePort } from './spare-port';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = join(root, version, 'bin');
    if (existsSync(join(bin, 'initdb'))) return bin;
  }
  return undefined;
}

export const privateClusterSupported = (): boolean => postgresBinDir() !== undefined;

/** initdb refuses to run as root; the Debian packages provide the postgres account for that. */
function asPostgres(bin: string, args: string[]): string {
  const command = process.getuid?.() === 0 ? 'runuser' : bin;
  const fullArgs = process.getuid?.() === 0 ? ['-u', 'postgres', '--', bin, ...args] : args;
  return execFileSync(command, fullArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export class PrivatePostgresCluster {
  private constructor(
    private readonly bin: string,
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PrivatePostgresCluster> {
    const bin = postgresBinDir();
    if (!bin) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
    const dir = mkdtempSync(join(tmpdir(), 'caseledger-pg-'));
    chmodSync(dir, 0o777);
    const cluster = new PrivatePostgresCluster(bin, dir, await sparePort());
    asPostgres(join(bin, 'initdb'), ['-D', cluster.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    return cluster;
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  get connectionString(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  start(): void {
    asPostgres(join(this.bin, 'pg_ctl'), [
      '-D',
      this.dataDir,
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-t',
      '30',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
  }

  /** Immediate shutdown: connections drop as they would when a server dies. */
  stop(): void {
    asPostgres(join(this.bin, 'pg_ctl'), ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
  }

  destroy(): void {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
