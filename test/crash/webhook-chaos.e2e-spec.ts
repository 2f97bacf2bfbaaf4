/**
 * Webhooks against a receiver that misbehaves: a real HTTP server on loopback in front of the
 * example CRM receiver fails 30 % of requests (500, nothing applied) and holds 5 % past the sender's
 * timeout (applied, answered too late, so the retry is a duplicate), chosen at random from a fixed
 * seed. 2,000 case events across 50 cases are written while the API process (ROLE=all: it
 * dispatches and sends) is killed with SIGKILL mid-run and started again on the same PostgreSQL
 * store. Every case event is applied by the receiver exactly once after its `webhook-id` dedupe, in
 * its case's order, every request carries a valid signature, and no delivery ends failed.
 *
 * The child's clock is a ManualClock moved over IPC to the next retry instant, so the retry schedule
 * (5 s, 5 min, 30 min, …) passes without sleeping; only the timeouts take real time (WEBHOOK_TIMEOUT_MS).
 */
import { createHash } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { createEventStore, EventStore } from '@caseledger/event-store';
import { createTestSchema, describePostgres, TestSchema } from '@caseledger/testing';
import { WEBHOOK_EVENT_TYPES } from '@caseledger/webhooks';
import { CrmReceiver } from '../../examples/crm-receiver/crm-receiver';
import { ApiProcess, sparePort } from './api-process';

const ADMIN_KEY = 'webhook-chaos-admin-key-0123456789';
const CASES = 50;
/** Each case: its opening and 39 responses, 40 case events; 2,000 in all. */
const RESPONSES = 39;
const SEED = 'webhook-chaos-1';
const FAIL_SHARE = 0.3;
const TIMEOUT_SHARE = 0.05;
const TIMEOUT_MS = 150;
/**
 * The sender gives up after 8 attempts (7 retries). Independent failures at 35 % would exhaust them
 * for about one delivery in 4,400; what happens then is the delivery log's subject, not this one's.
 */
const MAX_FAILURES_IN_A_ROW = 6;
/** The kill comes once this many responses are written: mid-load, mid-dispatch, mid-delivery. */
const KILL_AT_WRITTEN = 900;
const START = '2026-04-01T08:00:00.000Z';
const CASE_TYPES = new Set<string>(WEBHOOK_EVENT_TYPES.filter((t) => t.name.startsWith('case.')).map((t) => t.from));

/** A number in [0, 1) fixed by the seed, the delivery and which attempt of it this is. */
function draw(webhookId: string, attempt: number): number {
  return createHash('sha256').update(`${SEED}:${webhookId}:${attempt}`).digest().readUInt32BE(0) / 2 ** 32;
}

describePostgres('webhooks to a failing, hanging receiver, across kill -9', () => {
  let schema: TestSchema;
  let api: ApiProcess;
  let store: EventStore;
  let sql: Client;
  let server: Server;

  beforeAll(async () => {
    schema = await createTestSchema('hookchaos');
    api = new ApiProcess(
      await sparePort(),
      {
        DATABASE_URL: schema.connectionString,
        ADMIN_API_KEY: ADMIN_KEY,
        WEBHOOK_ALLOW_HTTP: 'true',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
      },
      'test/crash/manual-clock-api-process.ts',
    );
    store = await createEventStore({ DATABASE_URL: schema.connectionString }, () => undefined);
    sql = new Client({ connectionString: schema.connectionString });
    await sql.connect();
  });
  afterAll(async () => {
    await api?.kill9();
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await sql?.end();
    await store?.close();
    await schema?.drop();
  });

  it('delivers all 2,000 case events exactly once after dedupe, in order per case, all signed', async () => {
    // The receiver's clock is the child's; while the test moves it, a request signed just before
    // the move may arrive just after, so the receiver accepts either of the last two instants.
    let now = Date.parse(START);
    let before = now;
    let receiverNow = now;
    const applied: { id: string; subject: string }[] = [];
    const crm = new CrmReceiver({
      secrets: [],
      onEvent: (event) => void applied.push({ id: event.id, subject: event.subject }),
      now: () => receiverNow,
    });
    let secret = '';
    const attempts = new Map<string, number>();
    const inARow = new Map<string, number>();
    const seen = { requests: 0, failed: 0, held: 0, duplicates: 0, badSignatures: 0 };
    const signedNow = (headers: IncomingHttpHeaders) => {
      const at = Number(headers['webhook-timestamp']) * 1000;
      receiverNow = Math.abs(at - now) <= Math.abs(at - before) ? now : before;
    };
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void (async () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const id = String(req.headers['webhook-id']);
          const attempt = attempts.get(id) ?? 0;
          attempts.set(id, attempt + 1);
          seen.requests += 1;
          const roll = (inARow.get(id) ?? 0) >= MAX_FAILURES_IN_A_ROW ? 1 : draw(id, attempt);
          if (roll < FAIL_SHARE) {
            seen.failed += 1;
            inARow.set(id, (inARow.get(id) ?? 0) + 1);
            signedNow(req.headers);
            const realNow = Date.now;
            Date.now = () => receiverNow;
            try {
              new Webhook(secret).verify(body, req.headers as Record<string, string>);
            } catch {
              seen.badSignatures += 1;
            } finally {
              Date.now = realNow;
            }
            return void res.writeHead(500).end('chaos: failing');
          }
          signedNow(req.headers);
          const answer = await crm.handle(req.headers, body);
          if (answer.status === 400) seen.badSignatures += 1;
          if (answer.body === 'duplicate') seen.duplicates += 1;
          if (roll < FAIL_SHARE + TIMEOUT_SHARE) {
            // Applied, but answered after the sender stopped waiting: it will send it again.
            seen.held += 1;
            inARow.set(id, (inARow.get(id) ?? 0) + 1);
            return void setTimeout(() => res.writeHead(answer.status).end(answer.body), TIMEOUT_MS + 100);
          }
          inARow.set(id, 0);
          res.writeHead(answer.status).end(answer.body);
        })();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/caseledger`;

    await api.start({ CLOCK_START: START });
    const contract = await api.expect(201, 'POST', '/v1/contracts', ADMIN_KEY, {
      accountId: 'acme',
      planId: 'bird-email-enterprise',
      serviceTimeZone: 'uk',
      startsAt: '2026-01-01T00:00:00Z',
    });
    await api.expect(201, 'POST', `/v1/contracts/${String(contract.id)}/contacts`, ADMIN_KEY, {
      contactId: 'ann',
      name: 'Ann',
      email: 'ann@acme.example',
    });
    const agent = String(
      (await api.expect(201, 'POST', '/v1/api-keys', ADMIN_KEY, { name: 'a', role: 'agent' })).secret,
    );
    const hook = await api.expect(201, 'POST', '/v1/webhooks', ADMIN_KEY, { url, eventTypes: ['case.*'] });
    secret = String(hook.secret);
    crm.useSecrets([secret]);

    // Requests cut by the kill are sent again once the API is back, under the same Idempotency-Key.
    let back: Promise<void> = Promise.resolve();
    const send = async (path: string, key: string, body: object, idempotencyKey: string) => {
      for (;;) {
        await back;
        try {
          const answer = await api.request('POST', path, key, body, { 'idempotency-key': idempotencyKey });
          if (answer.status === 200 || answer.status === 201) return answer.body;
          if (answer.status !== 409 && answer.status !== 503)
            throw new Error(`POST ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        } catch (error) {
          if (error instanceof Error && error.message.startsWith('POST')) throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    let killedAt: { applied: number; written: number } | undefined;
    let killing: Promise<void> | undefined;
    const killAndRestart = async () => {
      killedAt = { applied: applied.length, written };
      let restarted!: () => void;
      back = new Promise((resolve) => (restarted = resolve));
      await api.kill9();
      await api.start({ CLOCK_START: new Date(now).toISOString() });
      restarted();
    };
    /** A command to the child; one cut by the kill is given again to the restarted process. */
    const control = async (command: Record<string, unknown>) => {
      for (;;) {
        await back;
        try {
          return await api.send(command);
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    };
    const cases: string[] = [];
    let written = 0;
    const load = Promise.all(
      Array.from({ length: CASES }, async (_, i) => {
        const opened = await send(
          '/v1/cases',
          ADMIN_KEY,
          {
            contractId: contract.id,
            contactId: 'ann',
            channel: 'portal',
            subject: `Case ${i}`,
            description: 'Sends fail',
            category: 'incident',
            priority: 'P3',
            criticality: 'nonCritical',
          },
          `open-${i}`,
        );
        cases.push(String(opened.id));
        for (let r = 0; r < RESPONSES; r++) {
          await send(`/v1/cases/${String(opened.id)}/responses`, agent, { message: `Response ${r}` }, `r-${i}-${r}`);
          written += 1;
          if (written === KILL_AT_WRITTEN) killing = killAndRestart();
        }
      }),
    );
    let loaded = false;
    void load.then(() => (loaded = true));

    const moveClockTo = async (instant: number) => {
      before = now;
      now = instant;
      await control({ set: new Date(instant).toISOString() });
    };
    const settled = async () => {
      const { rows } = await sql.query<{ pending: string; failed: string; next: string | null }>(
        // The next attempt of a case's head: the deliveries behind it wait for it, whatever their instant.
        `select count(*) filter (where d.status = 'pending') as pending,
                count(*) filter (where d.status = 'failed') as failed,
                min(d.next_attempt_at) filter (
                  where d.status = 'pending' and d.seq = (select min(x.seq) from webhook_deliveries x
                    where x.ordering_key = d.ordering_key and x.subscription_id = d.subscription_id
                      and x.status = 'pending')) as next
           from webhook_deliveries d`,
      );
      return rows[0];
    };
    for (;;) {
      await control({ tick: true });
      const state = await settled();
      if (process.env.CHAOS_DEBUG)
        process.stderr.write(
          `${new Date().toISOString()} clock=${new Date(now).toISOString()} written=${written} applied=${applied.length} ${JSON.stringify(state)} ${JSON.stringify(seen)}\n`,
        );
      if (loaded && killedAt !== undefined && Number(state.pending) === 0) {
        // Everything written is dispatched: nothing pending after one more tick means done.
        await control({ tick: true });
        if (Number((await settled()).pending) === 0) break;
      }
      // On to the next retry, or a second on while nothing waits.
      const next = state.next === null ? now : Date.parse(state.next);
      await moveClockTo(Math.max(now + 1000, next + 1000));
    }
    await load;
    await killing;

    const expected = new Map<string, string[]>();
    for (const caseId of cases)
      expected.set(
        caseId,
        (await store.readStream(`case-${caseId}`)).filter((e) => CASE_TYPES.has(e.type)).map((e) => e.eventId),
      );
    const total = [...expected.values()].reduce((n, ids) => n + ids.length, 0);
    expect(total).toBe(CASES * (RESPONSES + 1));
    expect(killedAt.written).toBeLessThan(CASES * RESPONSES);
    expect(killedAt.applied).toBeLessThan(total);

    expect(seen.badSignatures).toBe(0);
    expect((await settled()).failed).toBe('0');
    // Exactly once after dedupe, each case in its order.
    expect(new Set(applied.map((a) => a.id)).size).toBe(applied.length);
    expect(applied).toHaveLength(total);
    for (const [caseId, ids] of expected)
      expect([caseId, applied.filter((a) => a.subject === caseId).map((a) => a.id)]).toEqual([caseId, ids]);
    // The receiver did misbehave as told, and dedupe had work to do.
    expect(seen.failed / seen.requests).toBeGreaterThan(0.2);
    expect(seen.held).toBeGreaterThan(0);
    expect(seen.duplicates).toBeGreaterThan(0);
    console.log(`webhook chaos: ${JSON.stringify({ total, ...seen, killedAt })}`);
  }, 240_000);
});
