/**
 * The tamper-evident chain on PostgreSQL, end to end: cases written through HTTP, one event row
 * edited behind the store's back (append-only trigger disabled for the edit), and the verifier —
 * `audit verify` in a real CLI process and the case history — naming exactly that event. Then the
 * audit export: written by the CLI, checked offline, and an edited line named.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { chainHash, CHAIN_HASH_KEY, GENESIS_HASH, withoutChainHash } from '@caseledger/application';
import { createTestSchema, describePostgres, TestSchema } from '@caseledger/testing';
import { ApiHarness, startApi } from '../support/api-harness';
import { openTwoAccountCase, TwoAccountCase } from '../support/two-account-case';
import { runCli } from './audit-cli';

interface Line {
  stream: string;
  revision: string;
  type: string;
  data: Record<string, unknown>;
  hash: string | null;
  previousHash: string | null;
  hashed: { type: string; data: Record<string, unknown>; stream: string; revision: string };
}

const parseLines = (text: string): Line[] =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);

describePostgres('the audit chain on PostgreSQL', () => {
  let schema: TestSchema;
  let api: ApiHarness;
  let opened: TwoAccountCase;
  let second: string;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audit-'));
    schema = await createTestSchema('chain');
    env = { DATABASE_URL: schema.connectionString };
    api = await startApi({ now: '2026-04-02T08:00:00Z', env });
    opened = await openTwoAccountCase(api);
    const { agent, customer, step } = opened;
    await step('2026-04-02T10:00:00Z', agent, 'responses', { message: 'Looking into it' });
    await step('2026-04-02T11:00:00Z', agent, 'information-requests', { question: 'Which channel?' });
    await step('2026-04-02T12:00:00Z', customer, 'information', { answer: 'Telegram only' });
    await step('2026-04-03T13:00:00Z', agent, 'progress-updates', { message: 'Webhook found broken' });
    const contract = (await api.as(opened.auditor).get(`/v1/cases/${opened.caseId}`).expect(200)).body as {
      contractId: string;
    };
    second = (
      (
        await api
          .as(customer)
          .post('/v1/cases')
          .send({
            contractId: contract.contractId,
            channel: 'portal',
            subject: 'Second case',
            description: 'Another one',
            category: 'incident',
            priority: 'P4',
            criticality: 'nonCritical',
          })
          .expect(201)
      ).body as { id: string }
    ).id;
  });
  afterAll(async () => {
    await api.close();
    await schema.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const stream = () => `case-${opened.caseId}`;
  const history = async () =>
    (await api.as(opened.auditor).get(`/v1/cases/${opened.caseId}/history?limit=200`).expect(200)).body as {
      items: { revision: string; type: string }[];
      chain: { verified: boolean; hashedFrom: string | null; broken: { revision: string; reason: string }[] };
    };

  /** `audit verify` over all of $all, run again while $all still hides the newest events. */
  async function verifyAll(args: string[] = []) {
    const sql = new Client({ connectionString: schema.connectionString });
    await sql.connect();
    try {
      const [{ n }] = (await sql.query<{ n: string }>('select count(*)::text as n from events')).rows;
      for (let attempt = 1; ; attempt++) {
        const run = await runCli(['audit', 'verify', ...args], env);
        if (run.stdout.includes(` ${n} events in `) || attempt === 5) return run;
      }
    } finally {
      await sql.end();
    }
  }

  it('chains every event from the first, and the history and the CLI say so', async () => {
    expect((await history()).chain).toEqual({ verified: true, hashedFrom: '0', broken: [] });
    const run = await verifyAll();
    expect(run.stdout).toMatch(/^ok: \d+ events in \d+ streams checked, 0 broken links$/m);
    expect(run.stdout).not.toMatch(/broken:/);
    expect(run.code).toBe(0);
    // The progress bar goes to stderr, so stdout stays the report.
    expect(run.stderr).toMatch(/audit verify \[/);
  });

  it('exports an account as NDJSON that verifies offline, and names an edited line', async () => {
    const exported = await runCli(['audit', 'export', '--account', 'acme'], env);
    expect(exported.code).toBe(0);
    const lines = parseLines(exported.stdout);
    const stored = await api.store.readStream(stream());
    const mine = lines.filter((l) => l.stream === stream());
    expect(mine.map((l) => l.revision)).toEqual(stored.map((e) => e.revision.toString()));
    expect(mine.map((l) => l.hash)).toEqual(stored.map((e) => e.metadata.chainHash));
    expect(new Set(lines.map((l) => l.stream))).toEqual(new Set([stream(), `case-${second}`]));
    const file = join(dir, 'acme.ndjson');
    await writeFile(file, exported.stdout);
    const ok = await runCli(['audit', 'verify', '--file', file], {});
    expect(ok.stdout).toMatch(new RegExp(`^ok: ${lines.length} events in 2 streams checked, 0 broken links$`, 'm'));
    expect(ok.code).toBe(0);

    // Someone softens what the agent wrote, in the line and in what it claims to have hashed.
    const target = lines.findIndex((l) => l.type === 'ProgressUpdateGiven');
    const text = (await readFile(file, 'utf8')).split('\n');
    const edited = JSON.parse(text[target]) as Line;
    edited.data.message = 'All fine';
    edited.hashed.data.message = 'All fine';
    text[target] = JSON.stringify(edited);
    await writeFile(file, text.join('\n'));
    const bad = await runCli(['audit', 'verify', '--file', file], {});
    expect(bad.code).toBe(1);
    expect(bad.stdout.match(/^line .*broken:.*$/gm)).toEqual([
      `line ${target + 1}: broken: ${stream()} revision ${lines[target].revision}: the stored hash does not match the event and the hash before it: the event was changed`,
    ]);
  });

  it('exports a window that starts mid-stream and verifies from the hash its first line carries', async () => {
    const exported = await runCli(['audit', 'export', '--account', 'acme', '--from', '2026-04-02T11:30:00Z'], env);
    expect(exported.code).toBe(0);
    const lines = parseLines(exported.stdout).filter((l) => l.stream === stream());
    expect(lines[0].type).toBe('InformationProvided');
    expect(Number(lines[0].revision)).toBeGreaterThan(0);
    expect(lines[0].previousHash).toMatch(/^[0-9a-f]{64}$/);
    const file = join(dir, 'window.ndjson');
    await writeFile(file, exported.stdout);
    const run = await runCli(['audit', 'verify', '--file', file], {});
    expect(run.stdout).toMatch(/^ok: /m);
    expect(run.code).toBe(0);
  });

  it('answers the same lines as the export with Accept: application/x-ndjson', async () => {
    const exported = parseLines((await runCli(['audit', 'export', '--account', 'acme'], env)).stdout).filter(
      (l) => l.stream === stream(),
    );
    const response = await api
      .as(opened.auditor)
      .get(`/v1/cases/${opened.caseId}/history`)
      .set('accept', 'application/x-ndjson')
      .buffer(true)
      .parse((res, done) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => done(null, body));
      })
      .expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(parseLines(response.body as string)).toEqual(exported);
  });

  it('names exactly the event whose row was edited in the database, in the CLI and in the history', async () => {
    const stored = await api.store.readStream(stream());
    const responded = stored.find((e) => e.type === 'CaseResponded')!;
    const sql = new Client({ connectionString: schema.connectionString });
    await sql.connect();
    try {
      await sql.query('begin');
      await sql.query('alter table events disable trigger events_append_only');
      await sql.query(
        `update events set data = jsonb_set(data, '{message}', '"Fixed already"') where stream_id = $1 and revision = $2`,
        [stream(), responded.revision.toString()],
      );
      await sql.query('alter table events enable trigger events_append_only');
      await sql.query('commit');
    } finally {
      await sql.end();
    }

    const { chain } = await history();
    expect(chain.verified).toBe(false);
    expect(chain.broken.map((b) => b.revision)).toEqual([responded.revision.toString()]);

    const named = `broken: ${stream()} revision ${responded.revision}: the stored hash does not match the event and the hash before it: the event was changed`;
    for (const run of [await verifyAll(), await runCli(['audit', 'verify', '--stream', stream()], env)]) {
      expect(run.stdout.match(/^broken:.*$/gm)).toEqual([named]);
      expect(run.stdout).toMatch(/^FAILED: .*1 broken link$/m);
      expect(run.code).toBe(1);
    }
    // The account filter walks the same chains: the other account has nothing broken.
    const globex = await runCli(['audit', 'verify', '--account', 'globex'], env);
    expect(globex.stdout).not.toMatch(/broken:/);
    expect(globex.code).toBe(0);
  });

  it('says where the chain of a stream written partly before it existed starts', async () => {
    // The second case as a store upgraded mid-life holds it: its first two events without a hash,
    // the rest chained from the genesis hash, as the write path chains after an unhashed event.
    const other = `case-${second}`;
    const events = await api.store.readStream(other);
    expect(events.length).toBeGreaterThan(2);
    const sql = new Client({ connectionString: schema.connectionString });
    await sql.connect();
    try {
      await sql.query('begin');
      await sql.query('alter table events disable trigger events_append_only');
      let previous = GENESIS_HASH;
      for (const event of events) {
        const metadata = withoutChainHash(event.metadata);
        if (event.revision >= 2n) {
          previous = chainHash(previous, { ...event, metadata, stream: other });
          metadata[CHAIN_HASH_KEY] = previous;
        }
        await sql.query('update events set metadata = $3::jsonb where stream_id = $1 and revision = $2', [
          other,
          event.revision.toString(),
          JSON.stringify(metadata),
        ]);
      }
      await sql.query('alter table events enable trigger events_append_only');
      await sql.query('commit');
    } finally {
      await sql.end();
    }
    const run = await runCli(['audit', 'verify', '--stream', other], env);
    expect(run.stdout).toContain(`note: ${other}: chain starts at revision 2; earlier events unhashed\n`);
    expect(run.stdout).toMatch(/^ok: /m);
    expect(run.code).toBe(0);
    const history = (await api.as(opened.auditor).get(`/v1/cases/${second}/history`).expect(200)).body as {
      chain: unknown;
    };
    expect(history.chain).toEqual({ verified: true, hashedFrom: '2', broken: [] });
  });
});
