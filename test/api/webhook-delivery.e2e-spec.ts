/**
 * Webhook deliveries to a real receiver on loopback: signed CloudEvents in order per case; a
 * failing receiver retried as the clock moves, a case's later events held behind its failing one
 * while another case's go on; a rotation signing with both secrets for 24 h; a restart losing
 * nothing. The clock is moved by hand and the sender is awaited, never slept for.
 */
import type { SqlClient } from '@caseledger/event-store';
import { STATE_DB } from '@caseledger/runtime';
import { WebhookSender } from '@caseledger/webhooks';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';
import { caseEventIds, ENV, openCase, respond, signContract } from '../support/webhook-cases';
import { WebhookReceiver } from '../support/webhook-receiver';

describe('webhook deliveries', () => {
  let api: ApiHarness;
  let receiver: WebhookReceiver;
  let url: string;
  let contractId: string;
  let agent: string;

  beforeAll(async () => {
    api = await startApi({ now: '2026-04-01T08:00:00Z', env: ENV });
    receiver = new WebhookReceiver(api.clock);
    url = await receiver.start();
    contractId = await signContract(api, 'acme');
    agent = await api.createKey('agent');
  });
  afterAll(async () => {
    await api.close();
    await receiver.close();
  });
  // One process for the file; each test starts from no subscription and an empty receiver.
  afterEach(async () => {
    const all = await api.as(ADMIN_KEY).get('/v1/webhooks?limit=100').expect(200);
    for (const { id } of all.body.items as { id: string }[])
      await api.as(ADMIN_KEY).delete(`/v1/webhooks/${id}`).expect(204);
    receiver.reset();
  });

  const sender = () => api.app.get(WebhookSender);
  const subscribe = async (body: object = {}) => {
    const created = await api
      .as(ADMIN_KEY)
      .post('/v1/webhooks')
      .send({ url, eventTypes: ['case.*'], ...body })
      .expect(201);
    receiver.secrets = [created.body.secret];
    return created.body as { id: string; secret: string };
  };

  it('sends each case event as a signed CloudEvent, in the order the case recorded them', async () => {
    await subscribe();
    const caseId = await openCase(api, contractId, 'Mail is down');
    api.clock.advance({ minutes: 5 });
    await respond(api, agent, caseId, 'Looking into it');
    await sender().tick();

    const expected = await caseEventIds(api, caseId);
    expect(expected.length).toBeGreaterThanOrEqual(2);
    const got = receiver.accepted();
    expect(got.map((d) => d.event.id)).toEqual(expected);
    expect(got.map((d) => d.event.type)).toEqual(['com.caseledger.case.opened', 'com.caseledger.case.responded']);
    for (const delivery of got) {
      expect(delivery.verifiedBy).toEqual(receiver.secrets);
      expect(delivery.headers['webhook-id']).toBe(delivery.event.id);
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(delivery.event).toMatchObject({
        specversion: '1.0',
        source: `/accounts/acme/cases/${caseId}`,
        subject: caseId,
        datacontenttype: 'application/json',
      });
    }
    expect(got[1].event.time).toBe(api.clock.now().toUTC().toISO());
    expect(Date.parse(got[1].event.time) - Date.parse(got[0].event.time)).toBe(5 * 60_000);
    expect(got[1].event.data).toMatchObject({ caseId, message: 'Looking into it', accountId: 'acme' });
    // Nothing more is sent on later passes: each event went once.
    await sender().tick();
    expect(receiver.received).toHaveLength(got.length);
  });

  it('carries the case as it stood right after each event: status, class, assignee and each clock', async () => {
    await subscribe();
    const caseId = await openCase(api, contractId, 'Queue stuck');
    api.clock.advance({ minutes: 3 });
    await api.as(agent).post(`/v1/cases/${caseId}/assignment`).send({ agentId: 'agent-9' }).expect(200);
    api.clock.advance({ minutes: 4 });
    await api
      .as(agent)
      .post(`/v1/cases/${caseId}/reclassifications`)
      .send({ priority: 'P2', criticality: 'critical', reason: 'All mailboxes' })
      .expect(200);
    api.clock.advance({ minutes: 5 });
    await respond(api, agent, caseId, 'On it');
    await sender().tick();

    const got = receiver.accepted();
    expect(got.map((d) => d.event.id)).toEqual(await caseEventIds(api, caseId));
    for (const delivery of got) {
      const summary = delivery.event.data.case as { revision: number };
      // What "read the case at that revision" answers: folded up to it, clocks at its instant.
      const then = await api.as(ADMIN_KEY).get(`/v1/cases/${caseId}?atRevision=${summary.revision}`).expect(200);
      expect(then.body.asOf).toBe(delivery.event.time);
      expect(summary).toEqual({
        revision: summary.revision,
        status: then.body.status,
        priority: then.body.priority,
        criticality: then.body.criticality,
        assignedAgentId: then.body.assignedAgentId,
        clocks: (then.body.clocks as { clockId: string; metric: string; status: string; dueAt: string | null }[]).map(
          ({ clockId, metric, status, dueAt }) => ({ clockId, metric, status, dueAt }),
        ),
      });
    }
    const last = got[got.length - 1].event.data.case as Record<string, unknown>;
    expect(last).toMatchObject({ status: 'open', priority: 'P2', criticality: 'critical', assignedAgentId: 'agent-9' });
    const first = got[0].event.data.case as Record<string, unknown>;
    expect(first).toMatchObject({ revision: 0, priority: 'P3', criticality: 'nonCritical', assignedAgentId: null });
    type Clocks = { metric: string; status: string; dueAt: string | null }[];
    // Before the response the first-response clock runs towards a due instant; the response stops it.
    const beforeResponse = got[got.length - 2].event.data.case as { clocks: Clocks };
    expect(beforeResponse.clocks).toContainEqual(
      expect.objectContaining({ metric: 'firstResponse', status: 'running', dueAt: expect.stringMatching(/Z$/) }),
    );
    expect(last.clocks as Clocks).toContainEqual(
      expect.objectContaining({ metric: 'firstResponse', status: 'stopped' }),
    );
  });

  it('opens contacts\' personal data in what it sends, keeps none in clear, and sends "[erased]" after an erasure', async () => {
    const bea = { name: 'Bea Bauer', email: 'bea.bauer@acme.example', phone: '+44 20 7946 0404' };
    const start = api.clock.now();
    const subscription = await subscribe({ eventTypes: ['contract.contact_added', 'case.opened'] });
    await api
      .as(ADMIN_KEY)
      .post(`/v1/contracts/${contractId}/contacts`)
      .send({ contactId: 'bea', ...bea })
      .expect(201);
    const opened = await api
      .as(ADMIN_KEY)
      .post('/v1/cases')
      .send({
        contractId,
        contactId: 'bea',
        channel: 'portal',
        subject: 'Bounces',
        description: 'Bounces pile up',
        category: 'incident',
        priority: 'P3',
        criticality: 'nonCritical',
        vitalInformation: {
          company: 'Acme',
          contactName: bea.name,
          phone: bea.phone,
          email: bea.email,
          description: 'Bounces pile up',
        },
      })
      .expect(201);
    await sender().tick();
    const sent = receiver.accepted();
    expect(sent.map((d) => d.event.type)).toEqual([
      'com.caseledger.contract.contact_added',
      'com.caseledger.case.opened',
    ]);
    expect(sent[0].event.data).toMatchObject({ contact: { contactId: 'bea', ...bea } });
    expect(sent[1].event.data).toMatchObject({
      caseId: opened.body.id,
      vitalInformation: { contactName: bea.name, phone: bea.phone, email: bea.email },
    });
    // The outbox keeps what the events keep: sealed fields, never the text.
    const outbox = await api.app
      .get<SqlClient>(STATE_DB)
      .query<{ body: string }>(`select body from webhook_deliveries where subscription_id = $1`, [subscription.id]);
    expect(outbox).toHaveLength(2);
    for (const plain of Object.values(bea)) expect(JSON.stringify(outbox)).not.toContain(plain);

    await api.as(ADMIN_KEY).delete(`/v1/contracts/${contractId}/contacts/bea/personal-data`).expect(200);
    receiver.reset();
    await api.as(ADMIN_KEY).post(`/v1/webhooks/${subscription.id}/replay`).send({ from: start.toISO() }).expect(202);
    await sender().tick();
    const resent = receiver.accepted();
    expect(resent.map((d) => d.event.id)).toEqual(sent.map((d) => d.event.id));
    expect(resent[0].event.data).toMatchObject({
      contact: { contactId: 'bea', name: '[erased]', email: '[erased]', phone: '[erased]' },
    });
    expect(resent[1].event.data).toMatchObject({
      vitalInformation: { contactName: '[erased]', phone: '[erased]', email: '[erased]' },
    });
  });

  it("retries a failing case on the clock's backoff while its later events wait and another case's go on", async () => {
    const subscription = await subscribe();
    // The sender runs on its own too: the receiver knows its answers before the first event exists.
    let slowFailures = 0;
    let failing: string | undefined;
    receiver.answer = (d) => {
      failing ??= d.event.subject;
      return d.event.subject === failing && slowFailures++ < 3
        ? { status: 503, body: `down ${'x'.repeat(2000)}` }
        : 200;
    };
    const slow = await openCase(api, contractId, 'Slow case');
    const fast = await openCase(api, contractId, 'Fast case');
    await respond(api, agent, slow, 'On it');
    await respond(api, agent, fast, 'On it too');

    await sender().tick();
    expect(failing).toBe(slow);
    const ofCase = (caseId: string) => receiver.accepted().filter((d) => d.event.subject === caseId);
    expect(ofCase(fast).map((d) => d.event.id)).toEqual(await caseEventIds(api, fast));
    expect(ofCase(slow)).toEqual([]);
    // The slow case's response waited behind its opening: tried once, not sent.
    expect(receiver.received.filter((d) => d.event.subject === slow)).toHaveLength(1);

    // ≈5 s, then ≈5 min, then ≈30 min (each ±10 %).
    for (const minutes of [0.1, 5.6, 33]) {
      await sender().tick();
      api.clock.advance({ seconds: Math.round(minutes * 60) });
      await sender().tick();
    }
    const slowIds = await caseEventIds(api, slow);
    expect(ofCase(slow).map((d) => d.event.id)).toEqual(slowIds);
    // A deduplicating receiver ends with every event once, in each case's order.
    expect(receiver.received.filter((d) => d.event.subject === slow).map((d) => d.answered)).toEqual([
      503, 503, 503, 200, 200,
    ]);

    const log = await api.as(ADMIN_KEY).get(`/v1/webhooks/${subscription.id}/deliveries?limit=100`).expect(200);
    const opening = log.body.items.find((d: { eventId: string }) => d.eventId === slowIds[0]);
    expect(opening.status).toBe('delivered');
    expect(opening.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([503, 503, 503, 200]);
    expect(opening.attempts[0].responseBody).toHaveLength(1024);
    expect(opening.attempts[0].responseBody.startsWith('down x')).toBe(true);
    for (const attempt of opening.attempts) expect(attempt.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("sends to one subscription while another's slow receiver still works through a long queue", async () => {
    const slow = new WebhookReceiver(api.clock);
    const slowUrl = await slow.start();
    try {
      slow.delayMs = 150;
      const busy = await api
        .as(ADMIN_KEY)
        .post('/v1/webhooks')
        .send({ url: slowUrl, eventTypes: ['case.*'] })
        .expect(201);
      slow.secrets = [busy.body.secret];
      // One case: its deliveries go one at a time, 150 ms each, for several seconds.
      const busyCase = await openCase(api, contractId, 'Busy case');
      for (let i = 0; i < 20; i++) await respond(api, agent, busyCase, `Update ${i}`);
      const busyEvents = (await caseEventIds(api, busyCase)).length;
      // The sender's own passes (real time) have started on the slow subscription.
      const until = async (done: () => boolean) => {
        for (let waited = 0; !done() && waited < 30_000; waited += 10)
          await new Promise((resolve) => setTimeout(resolve, 10));
      };
      await until(() => slow.received.length > 0);

      await subscribe();
      const other = await openCase(api, contractId, 'Other case');
      await until(() => receiver.received.length > 0);
      expect(receiver.received[0].event.subject).toBe(other);
      // It did not wait for the slow receiver's queue to drain.
      expect(slow.received.filter((d) => d.event.subject === busyCase).length).toBeLessThan(busyEvents);
      await sender().tick();
      expect(
        slow
          .accepted()
          .filter((d) => d.event.subject === busyCase)
          .map((d) => d.event.id),
      ).toEqual(await caseEventIds(api, busyCase));
    } finally {
      await slow.close();
    }
  });

  it('signs with the old and the new secret for 24 h after a rotation, then with the new one only', async () => {
    const subscription = await subscribe();
    const rotated = await api.as(ADMIN_KEY).post(`/v1/webhooks/${subscription.id}/rotate-secret`).expect(200);
    receiver.secrets = [subscription.secret, rotated.body.secret];
    await openCase(api, contractId, 'During the rotation');
    await sender().tick();
    const during = receiver.accepted();
    expect(during).toHaveLength(1);
    expect(String(during[0].headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(during[0].verifiedBy).toEqual([subscription.secret, rotated.body.secret]);

    api.clock.advance({ hours: 24, seconds: 1 });
    await openCase(api, contractId, 'After the rotation');
    await sender().tick();
    const after = receiver.accepted()[1];
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(after.verifiedBy).toEqual([rotated.body.secret]);
  });

  it('sends only the events of its account filter and event types', async () => {
    await subscribe({ eventTypes: ['case.responded'], accountId: 'globex' });
    const globexContract = await signContract(api, 'globex');
    const acmeCase = await openCase(api, contractId, 'Acme');
    const globexCase = await openCase(api, globexContract, 'Globex');
    await respond(api, agent, acmeCase, 'Hello acme');
    await respond(api, agent, globexCase, 'Hello globex');
    await sender().tick();
    expect(receiver.accepted().map((d) => [d.event.type, d.event.subject])).toEqual([
      ['com.caseledger.case.responded', globexCase],
    ]);
  });

  it('does not send events recorded before the subscription', async () => {
    await openCase(api, contractId, 'Before');
    await sender().tick();
    await subscribe();
    const after = await openCase(api, contractId, 'After');
    await sender().tick();
    expect(receiver.accepted().map((d) => d.event.subject)).toEqual([after]);
  });
});

describe('webhook deliveries across a restart', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'caseledger-webhooks-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('resumes after a restart: nothing queued or pending is lost, order per case kept', async () => {
    let api = await startApi({ now: '2026-04-01T08:00:00Z', env: { ...ENV, DATA_DIR: dir } });
    const receiver = new WebhookReceiver(api.clock);
    const url = await receiver.start();
    try {
      const contractId = await signContract(api, 'acme');
      const agent = await api.createKey('agent');
      const created = await api
        .as(ADMIN_KEY)
        .post('/v1/webhooks')
        .send({ url, eventTypes: ['case.*'] })
        .expect(201);
      receiver.secrets = [created.body.secret];
      receiver.answer = () => 503;
      const cases = [await openCase(api, contractId, 'One'), await openCase(api, contractId, 'Two')];
      for (const caseId of cases) await respond(api, agent, caseId, 'First look');
      await api.app.get(WebhookSender).tick();
      expect(receiver.accepted()).toEqual([]);
      await api.close();

      // Events recorded while no sender ran are queued by the next process, after the pending ones.
      api = await startApi({ now: '2026-04-01T08:10:00Z', env: { ...ENV, DATA_DIR: dir } });
      receiver.clock = api.clock;
      receiver.secrets = [created.body.secret];
      receiver.answer = () => 200;
      for (const caseId of cases) await respond(api, agent, caseId, 'Second look');
      await api.app.get(WebhookSender).tick();
      api.clock.advance({ minutes: 10 });
      await api.app.get(WebhookSender).tick();
      for (const caseId of cases)
        expect(
          receiver
            .accepted()
            .filter((d) => d.event.subject === caseId)
            .map((d) => d.event.id),
        ).toEqual(await caseEventIds(api, caseId));
      expect(receiver.accepted().every((d) => d.verifiedBy.length === 1)).toBe(true);
    } finally {
      await api.close();
      await receiver.close();
    }
  });
});
