/**
 * The API as a child process, for tests that kill it with SIGKILL and start it again on the same
 * store: what a crashed host does, with nothing flushed or closed on the way out.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export { sparePort } from '@caseledger/testing';

export class ApiProcess {
  child: ChildProcess | null = null;
  private output = '';
  private sent = 0;

  constructor(
    readonly port: number,
    /** Where the store is (DATABASE_URL or DATA_DIR), the admin key, and any other setting. */
    private readonly env: Record<string, string>,
    /** Another entry point, e.g. one whose clock the test moves over IPC (manual-clock-api-process.ts). */
    private readonly script = 'apps/api/src/main.ts',
  ) {}

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    this.output = '';
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', this.script], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_OPTIONS: '',
        PORT: String(this.port),
        HOST: '127.0.0.1',
        ROLE: 'all',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_SECOND: '1000000',
        RATE_LIMIT_BURST: '1000000',
        ...this.env,
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000)));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000)));
    // Generous: a cold start compiles the sources, and the machine may be busy with other suites.
    const until = Date.now() + 90_000;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`the API exited with ${this.child.exitCode}:\n${this.output}`);
      try {
        if ((await fetch(`${this.base}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > until) throw new Error(`the API did not answer /health in 90 s:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** A command over IPC to a child that answers `{ done: n }` (manual-clock-api-process.ts). */
  send(command: Record<string, unknown>): Promise<void> {
    const child = this.child;
    if (child === null || child.exitCode !== null || child.signalCode !== null)
      return Promise.reject(new Error('the API is not running'));
    const n = ++this.sent;
    return new Promise((resolve, reject) => {
      const onMessage = (message: { done?: number }) => {
        if (message.done !== n) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve();
      };
      const onExit = () => {
        child.off('message', onMessage);
        reject(new Error('the API exited'));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ ...command, n });
    });
  }

  kill9(): Promise<void> {
    const child = this.child;
    if (child === null || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async request(
    method: string,
    path: string,
    key: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...headers,
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? {} : JSON.parse(text), headers: response.headers };
  }

  async expect(
    status: number,
    method: string,
    path: string,
    key: string,
    body?: unknown,
  ): Promise<Record<string, unknown>> {
    const response = await this.request(method, path, key, body);
    if (response.status !== status)
      throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  }
}
