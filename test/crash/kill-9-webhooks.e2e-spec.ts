/**
 * kill -9 of the API (ROLE=all, PostgreSQL) while it opens cases and sends their webhooks, then a
 * restart on the same store: every case event recorded reaches the receiver, each verified, in each
 * case's order once deduplicated by `webhook-id` (a delivery in flight at the kill may come twice).
 * Real time here: the child process runs the system clock, and the receiver always answers 2xx.
 */
import { createEventStore, EventStore } from '@caseledger/event-store';
import { createTestSchema, describePostgres, TestSchema } from '@caseledger/testing';
import { WEBHOOK_EVENT_TYPES } from '@caseledger/webhooks';
import { DateTime } from 'luxon';
import { performance } from 'node:perf_hooks';
import { WebhookReceiver } from '../support/webhook-receiver';
import { ApiProcess, sparePort } from './api-process';

const ADMIN_KEY = 'kill-9-webhooks-admin-key-0123456789';
const CASES = 12;
const RESPONSES = 4;
const CASE_TYPES = new Set<string>(WEBHOOK_EVENT_TYPES.filter((t) => t.name.startsWith('case.')).map((t) => t.from));

describePostgres('webhooks survive kill -9 of the API', () => {
  let schema: TestSchema;
  let api: ApiProcess;
  let store: EventStore;
  // Not Date.now(): the receiver stands its clock in for Date.now() while it verifies.
  const receiver = new WebhookReceiver({ now: () => DateTime.fromMillis(performance.timeOrigin + performance.now()) });

  beforeAll(async () => {
    schema = await createTestSchema('hookcrash');
    api = new ApiProcess(await sparePort(), {
      DATABASE_URL: schema.connectionString,
      ADMIN_API_KEY: ADMIN_KEY,
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    });
    store = await createEventStore({ DATABASE_URL: schema.connectionString }, () => undefined);
  });
  afterAll(async () => {
    await api?.kill9();
    await receiver.close();
    await store?.close();
    await schema?.drop();
  });

  it('loses no case event and keeps each case in order across the kill', async () => {
    const url = await receiver.start();
    // Slow enough that deliveries are still queued when the kill comes.
    receiver.delayMs = 30;
    await api.start();
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
    const agent = await api.expect(201, 'POST', '/v1/api-keys', ADMIN_KEY, { name: 'agent', role: 'agent' });
    const hook = await api.expect(201, 'POST', '/v1/webhooks', ADMIN_KEY, { url, eventTypes: ['case.*'] });
    receiver.secrets = [String(hook.secret)];

    const cases: string[] = [];
    let killed = false;
    const load = Promise.all(
      Array.from({ length: CASES }, async (_, i) => {
        try {
          const opened = await api.expect(201, 'POST', '/v1/cases', ADMIN_KEY, {
            contractId: contract.id,
            contactId: 'ann',
            channel: 'portal',
            subject: `Case ${i}`,
            description: 'Sends fail',
            category: 'incident',
            priority: 'P3',
            criticality: 'nonCritical',
          });
          cases.push(String(opened.id));
          for (let r = 0; r < RESPONSES; r++)
            await api.expect(200, 'POST', `/v1/cases/${String(opened.id)}/responses`, String(agent.secret), {
              message: `Response ${r}`,
            });
        } catch (error) {
          // Requests cut off by the kill; what the store holds is what must be delivered.
          if (!killed) throw error;
        }
      }),
    );
    const until = Date.now() + 60_000;
    while (receiver.received.length < 15 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    killed = true;
    await api.kill9();
    await load;
    const atKill = receiver.received.length;

    await api.start();
    const expected = new Map<string, string[]>();
    for (const caseId of cases)
      expected.set(
        caseId,
        (await store.readStream(`case-${caseId}`)).filter((e) => CASE_TYPES.has(e.type)).map((e) => e.eventId),
      );
    const total = [...expected.values()].reduce((n, ids) => n + ids.length, 0);
    expect(atKill).toBeLessThan(total);
    const deadline = Date.now() + 60_000;
    while (receiver.accepted().length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

    const accepted = receiver.accepted();
    expect(accepted).toHaveLength(total);
    expect(receiver.received.every((d) => d.verifiedBy.length === 1)).toBe(true);
    for (const [caseId, ids] of expected)
      expect([caseId, accepted.filter((d) => d.event.subject === caseId).map((d) => d.event.id)]).toEqual([
        caseId,
        ids,
      ]);
  });
});
