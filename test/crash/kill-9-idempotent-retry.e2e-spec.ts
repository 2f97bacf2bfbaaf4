/**
 * kill -9 while clients open cases and give progress updates, each request with its own
 * Idempotency-Key; restart on the same store; every request left unanswered is retried with its
 * key until it gets a final answer. Over several rounds, on PostgreSQL and on the embedded store:
 * every request ends acknowledged, and each is in the store exactly once, whether the process died
 * before the write, between the write and the idempotency record's completion, or after both.
 *
 * The lease is one second, so a retry of a request whose process died is answered 409 "in
 * progress" only briefly; the retry loop waits out each 409 and tries again.
 */
import { createEventStore, RecordedEvent } from '@caseledger/event-store';
import { createTestSchema, describePostgres, TestSchema } from '@caseledger/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiProcess, sparePort } from './api-process';

const ADMIN_KEY = 'kill-9-retry-admin-key-0123456789abcdef';
const CLIENTS = 12;
const ROUNDS = 5;
/** Kill once this many requests of the round were answered, with every client's next one in flight. */
const KILL_AFTER_ANSWERS = 24;
const UPDATES_PER_CASE = 3;

interface Request {
  key: string;
  token: string;
  path: string;
  body: Record<string, unknown>;
  /** What the event that records it carries, to find it in the store. */
  mark: string;
  answer?: { status: number; body: Record<string, unknown>; replayed: boolean };
}

interface Outcome {
  requests: number;
  unansweredAtKill: number;
  replayedRetries: number;
  lost: number;
  duplicated: number;
}

const isFinal = (status: number) => status !== 409 && status < 500;

/** One client's next request: open a case, respond once, then progress updates; then a new case. */
function nextRequest(
  client: number,
  step: number,
  caseId: string | undefined,
  tokens: { customer: string; agent: string },
  contractId: string,
  round: number,
): Request {
  const key = `r${round}-c${client}-s${step}`;
  const position = step % (UPDATES_PER_CASE + 2);
  if (position === 0 || caseId === undefined) {
    return {
      key,
      token: tokens.customer,
      path: '/v1/cases',
      mark: `case ${key}`,
      body: {
        contractId,
        channel: 'portal',
        subject: `case ${key}`,
        description: 'sends fail',
        category: 'incident',
        priority: 'P3',
        criticality: 'nonCritical',
      },
    };
  }
  const path = position === 1 ? `/v1/cases/${caseId}/responses` : `/v1/cases/${caseId}/progress-updates`;
  return { key, token: tokens.agent, path, mark: `update ${key}`, body: { message: `update ${key}` } };
}

async function send(api: ApiProcess, request: Request): Promise<void> {
  const response = await api.request('POST', request.path, request.token, request.body, {
    'idempotency-key': request.key,
  });
  if (isFinal(response.status))
    request.answer = {
      status: response.status,
      body: response.body,
      replayed: response.headers.get('idempotent-replayed') === 'true',
    };
}

async function killAndRetryRounds(
  api: ApiProcess,
  openStore: () => ReturnType<typeof createEventStore>,
): Promise<Outcome> {
  await api.start();
  const contract = await api.expect(201, 'POST', '/v1/contracts', ADMIN_KEY, {
    accountId: 'retry-acme',
    planId: 'bird-email-enterprise',
    serviceTimeZone: 'uk',
    startsAt: '2026-01-01T00:00:00Z',
  });
  const contractId = contract.id as string;
  await api.expect(201, 'POST', `/v1/contracts/${contractId}/contacts`, ADMIN_KEY, {
    contactId: 'olga',
    name: 'Olga',
    email: 'olga@acme.example',
  });
  const tokens = {
    customer: (
      await api.expect(201, 'POST', '/v1/api-keys', ADMIN_KEY, {
        name: 'customer',
        role: 'customer',
        accountId: 'retry-acme',
        contactId: 'olga',
      })
    ).secret as string,
    agent: (await api.expect(201, 'POST', '/v1/api-keys', ADMIN_KEY, { name: 'agent', role: 'agent' }))
      .secret as string,
  };

  const all: Request[] = [];
  const cases = new Map<number, string>();
  const steps = new Map<number, number>();
  let unansweredAtKill = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    let answered = 0;
    // Assigned inside the clients' callbacks, which the compiler's flow analysis does not follow.
    let killed = null as Promise<void> | null;
    const pending: Request[] = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        while (killed === null) {
          const step = steps.get(client) ?? 0;
          const request = nextRequest(client, step, cases.get(client), tokens, contractId, round);
          steps.set(client, step + 1);
          all.push(request);
          try {
            await send(api, request);
          } catch {
            // The connection died with the process.
          }
          if (!request.answer) {
            pending.push(request);
            continue;
          }
          if (request.answer.status >= 300)
            throw new Error(
              `${request.path} answered ${request.answer.status}: ${JSON.stringify(request.answer.body)}`,
            );
          if (request.path === '/v1/cases') cases.set(client, request.answer.body.id as string);
          if (++answered >= KILL_AFTER_ANSWERS && killed === null) killed = api.kill9();
        }
      }),
    );
    await killed;
    unansweredAtKill += pending.length;

    // Restart and retry every unanswered request with its own key until it is final.
    await api.start();
    for (const request of pending) {
      for (const until = Date.now() + 20_000; !request.answer && Date.now() < until;) {
        await send(api, request);
        if (!request.answer) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (request.answer?.status === 201 && request.path === '/v1/cases') {
        const client = Number(/-c(\d+)-/.exec(request.key)![1]);
        cases.set(client, request.answer.body.id as string);
      }
    }
  }
  // Stopped so that the store can be read from here (the embedded one has a single writer).
  await api.kill9();

  const store = await openStore();
  let events: RecordedEvent[];
  try {
    events = await store.readAll();
  } finally {
    await store.close();
  }
  const marks = new Map<string, number>();
  for (const event of events) {
    const data = event.data as { subject?: string; message?: string };
    const mark = event.type === 'CaseOpened' ? data.subject : data.message;
    if (mark?.startsWith('case ') || mark?.startsWith('update ')) marks.set(mark, (marks.get(mark) ?? 0) + 1);
  }
  const acknowledged = all.filter((r) => r.answer !== undefined && r.answer.status < 300);
  return {
    requests: all.length,
    unansweredAtKill,
    replayedRetries: all.filter((r) => r.answer?.replayed).length,
    lost: acknowledged.filter((r) => (marks.get(r.mark) ?? 0) === 0).length + (all.length - acknowledged.length),
    duplicated: [...marks.values()].filter((count) => count > 1).length,
  };
}

describePostgres('kill -9 and retries with the same Idempotency-Key, on PostgreSQL', () => {
  let schema: TestSchema;
  let api: ApiProcess;

  beforeAll(async () => {
    schema = await createTestSchema('kill9retry');
    api = new ApiProcess(await sparePort(), {
      DATABASE_URL: schema.connectionString,
      ADMIN_API_KEY: ADMIN_KEY,
      IDEMPOTENCY_LEASE_SECONDS: '1',
    });
  });
  afterAll(async () => {
    await api?.kill9();
    await schema?.drop();
  });

  it(`${ROUNDS} rounds of ${CLIENTS} clients: every request acknowledged once retried, none stored twice`, async () => {
    const outcome = await killAndRetryRounds(api, () =>
      createEventStore({ DATABASE_URL: schema.connectionString }, () => undefined),
    );
    console.log(`kill -9 with retries on PostgreSQL: ${JSON.stringify(outcome)}`);
    expect(outcome.unansweredAtKill).toBeGreaterThan(0);
    expect({ lost: outcome.lost, duplicated: outcome.duplicated }).toEqual({ lost: 0, duplicated: 0 });
  }, 240_000);
});

describe('kill -9 and retries with the same Idempotency-Key, on the embedded store', () => {
  let dataDir: string;
  let api: ApiProcess;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'caseledger-kill9-retry-'));
    api = new ApiProcess(await sparePort(), {
      DATA_DIR: dataDir,
      ADMIN_API_KEY: ADMIN_KEY,
      IDEMPOTENCY_LEASE_SECONDS: '1',
    });
  });
  afterAll(async () => {
    await api?.kill9();
    await rm(dataDir, { recursive: true, force: true });
  });

  it(`${ROUNDS} rounds of ${CLIENTS} clients: every request acknowledged once retried, none stored twice`, async () => {
    const outcome = await killAndRetryRounds(api, () => createEventStore({ DATA_DIR: dataDir }, () => undefined));
    console.log(`kill -9 with retries on the embedded store: ${JSON.stringify(outcome)}`);
    expect(outcome.unansweredAtKill).toBeGreaterThan(0);
    expect({ lost: outcome.lost, duplicated: outcome.duplicated }).toEqual({ lost: 0, duplicated: 0 });
  }, 240_000);
});
