/** The processes a benchmark starts (the API, a worker, a bare server): start, wait until ready, stop. */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `node <args>` from the repository root with exactly `env` (spread process.env into it to inherit);
 * stderr goes to the bench's own, stdout as `stdout` says (`pipe` to read what the child answers).
 */
export function startNode(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  stdout: 'ignore' | 'inherit' | 'pipe' = 'ignore',
): ChildProcess {
  return spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', stdout, 'inherit'] });
}

export interface ReadyOptions {
  /** Give up this long after the first try. */
  withinMs: number;
  /** Which answers count as ready; by default any below 500 (`/ready` answers 503 until it is). */
  ready?: (status: number) => boolean;
  /** Between tries; by default 100 ms. */
  intervalMs?: number;
  /** The error once `withinMs` has passed; by default `<url> did not come up`. */
  failure?: string;
  /** Give up at once if this process exits first, naming it as `name`. */
  process?: { child: ChildProcess; name: string };
}

/** Until `url` gives an answer `ready` accepts; a refused connection is a process still starting. */
export async function waitUntilReady(url: string, options: ReadyOptions): Promise<void> {
  const { ready = (status: number) => status < 500, intervalMs = 100, failure = `${url} did not come up` } = options;
  const until = Date.now() + options.withinMs;
  for (;;) {
    const watched = options.process;
    if (watched && watched.child.exitCode !== null)
      throw new Error(`${watched.name} exited with ${watched.child.exitCode}`);
    try {
      if (ready((await fetch(url)).status)) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(failure);
    await sleep(intervalMs);
  }
}

/**
 * SIGTERM, so that the process shuts down as deployed (and writes a CPU profile if asked to), then
 * SIGKILL if it has not exited `killAfterMs` later; without `killAfterMs`, waits for it however long.
 */
export async function stopProcess(child: ChildProcess, killAfterMs?: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  if (killAfterMs === undefined) {
    await exited;
    return;
  }
  await Promise.race([exited, sleep(killAfterMs)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
