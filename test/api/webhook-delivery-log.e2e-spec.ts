/**
 * What an integrator can ask of the delivery log: a ping, a failed delivery sent again by hand,
 * and a window of past events resent after an outage, each through HTTP to a real receiver.
 */
import { WebhookSender } from '@caseledger/webhooks';
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';
import { caseEventIds, ENV, openCase, signContract } from '../support/webhook-cases';
import { WebhookReceiver } from '../support/webhook-receiver';

interface DeliveryBody {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  origin: string;
  attempts: { statusCode?: number; latencyMs: number }[];
  nextAttemptAt?: string;
}

describe('webhook delivery log, retry, replay and ping', () => {
  let api: ApiHarness;
  let receiver: WebhookReceiver;
  let url: string;
  let contractId: string;
  let webhookId: string;

  beforeAll(async () => {
    api = await startApi({ now: '2026-04-01T08:00:00Z', env: ENV });
    receiver = new WebhookReceiver(api.clock);
    url = await receiver.start();
    contractId = await signContract(api, 'acme');
  });
  afterAll(async () => {
    await api.close();
    await receiver.close();
  });
  beforeEach(async () => {
    receiver.reset();
    const created = await api
      .as(ADMIN_KEY)
      .post('/v1/webhooks')
      .send({ url, eventTypes: ['case.opened'] })
      .expect(201);
    webhookId = created.body.id;
    receiver.secrets = [created.body.secret];
  });
  afterEach(async () => {
    await api.as(ADMIN_KEY).delete(`/v1/webhooks/${webhookId}`).expect(204);
  });

  const sender = () => api.app.get(WebhookSender);
  const log = async (query = ''): Promise<DeliveryBody[]> =>
    (await api.as(ADMIN_KEY).get(`/v1/webhooks/${webhookId}/deliveries?limit=100${query}`).expect(200)).body.items;

  it('a ping is a signed webhook.ping CloudEvent, logged like any delivery', async () => {
    const queued = await api.as(ADMIN_KEY).post(`/v1/webhooks/${webhookId}/test`).expect(202);
    expect(queued.body).toMatchObject({ status: 'pending', eventType: 'webhook.ping', attempts: [] });
    await sender().tick();
    const [ping] = receiver.accepted();
    expect(ping.event).toMatchObject({
      type: 'com.caseledger.webhook.ping',
      subject: webhookId,
      data: { subscriptionId: webhookId },
    });
    expect(ping.verifiedBy).toEqual(receiver.secrets);
    const [logged] = await log();
    expect(logged).toMatchObject({ id: queued.body.id, status: 'delivered', origin: `test:${queued.body.id}` });
    expect(logged.attempts.map((a) => a.statusCode)).toEqual([200]);
  });

  it('fails a delivery after 8 attempts over the schedule, then sends it again when asked', async () => {
    receiver.answer = () => 500;
    const caseId = await openCase(api, contractId, 'Never answered');
    await sender().tick();
    for (const minutes of [0.1, 5.6, 33, 132, 330, 660, 660]) {
      api.clock.advance({ seconds: Math.round(minutes * 60) });
      await sender().tick();
    }
    const [failed] = await log();
    expect(failed.eventId).toBe((await caseEventIds(api, caseId))[0]);
    expect(failed.status).toBe('failed');
    expect(failed.attempts.map((a) => a.statusCode)).toEqual(Array(8).fill(500));
    expect(failed.nextAttemptAt).toBeUndefined();
    expect((await log('&status=failed')).map((d) => d.id)).toEqual([failed.id]);
    expect(await log('&status=delivered')).toEqual([]);
    const subscription = await api.as(ADMIN_KEY).get(`/v1/webhooks/${webhookId}`).expect(200);
    expect(subscription.body.failingSince).toBeDefined();

    receiver.answer = () => 200;
    const retried = await api.as(ADMIN_KEY).post(`/v1/webhooks/${webhookId}/deliveries/${failed.id}/retry`).expect(202);
    expect(retried.body.status).toBe('pending');
    await sender().tick();
    const [delivered] = await log();
    expect(delivered.status).toBe('delivered');
    expect(delivered.attempts.map((a) => a.statusCode)).toEqual([...Array(8).fill(500), 200]);
    expect(receiver.accepted().map((d) => d.event.subject)).toEqual([caseId]);
    // A success ends the run of failures.
    expect((await api.as(ADMIN_KEY).get(`/v1/webhooks/${webhookId}`).expect(200)).body.failingSince).toBeUndefined();
    await api
      .as(ADMIN_KEY)
      .post(`/v1/webhooks/${webhookId}/deliveries/0195f3aa-0000-7000-8000-000000000000/retry`)
      .expect(404);
  });

  it('replays the events of a window, with the webhook-ids the receiver already knows', async () => {
    const start = api.clock.now();
    const early = await openCase(api, contractId, 'Early');
    api.clock.advance({ hours: 2 });
    const middle = await openCase(api, contractId, 'Middle');
    api.clock.advance({ hours: 2 });
    const late = await openCase(api, contractId, 'Late');
    await sender().tick();
    const first = receiver.accepted();
    expect(first.map((d) => d.event.subject)).toEqual([early, middle, late]);

    receiver.reset();
    const replay = await api
      .as(ADMIN_KEY)
      .post(`/v1/webhooks/${webhookId}/replay`)
      .send({ from: start.plus({ hours: 1 }).toISO(), to: start.plus({ hours: 3 }).toISO() })
      .expect(202);
    expect(replay.body.queued).toBe(1);
    await sender().tick();
    const replayed = receiver.accepted();
    expect(replayed.map((d) => d.event.subject)).toEqual([middle]);
    expect(replayed[0].headers['webhook-id']).toBe(first[1].headers['webhook-id']);
    expect(replayed[0].body).toBe(first[1].body);
    const origins = (await log()).map((d) => d.origin);
    expect(origins.filter((o) => o === `replay:${replay.body.replayId}`)).toHaveLength(1);

    const open = await api
      .as(ADMIN_KEY)
      .post(`/v1/webhooks/${webhookId}/replay`)
      .send({ from: start.plus({ hours: 1 }).toISO() })
      .expect(202);
    expect(open.body.queued).toBe(2);
    const refused = await api
      .as(ADMIN_KEY)
      .post(`/v1/webhooks/${webhookId}/replay`)
      .send({ from: start.toISO(), to: start.toISO() })
      .expect(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['to']);
  });

  it('disables an endpoint that has failed for 5 days without a success, says so, and resumes when enabled', async () => {
    receiver.answer = () => 503;
    const firstFailure = api.clock.now().toUTC().toISO()!;
    // A new case every 6 hours keeps deliveries failing after the earlier ones ran out of retries.
    let disabled: { enabled: boolean; disabledAt?: string; disabledReason?: string; failingSince?: string } = {
      enabled: true,
    };
    for (let hours = 0; hours <= 5 * 24 + 6 && disabled.enabled; hours += 6) {
      await openCase(api, contractId, `Failing ${hours}`);
      await sender().tick();
      api.clock.advance({ hours: 6 });
      await sender().tick();
      disabled = (await api.as(ADMIN_KEY).get(`/v1/webhooks/${webhookId}`).expect(200)).body;
    }
    expect(disabled.enabled).toBe(false);
    expect(disabled.failingSince).toBe(firstFailure);
    expect(Date.parse(disabled.disabledAt!) - Date.parse(firstFailure)).toBeGreaterThanOrEqual(5 * 24 * 3_600_000);
    expect(Date.parse(disabled.disabledAt!) - Date.parse(firstFailure)).toBeLessThan(
      5 * 24 * 3_600_000 + 7 * 3_600_000,
    );
    expect(disabled.disabledReason).toMatch(/5 days/);

    // Disabled: nothing is attempted, however far the clock moves.
    const attempts = receiver.received.length;
    await openCase(api, contractId, 'While disabled');
    api.clock.advance({ days: 1 });
    await sender().tick();
    expect(receiver.received.length).toBe(attempts);

    receiver.answer = () => 200;
    const enabled = await api.as(ADMIN_KEY).patch(`/v1/webhooks/${webhookId}`).send({ enabled: true }).expect(200);
    expect(enabled.body).toMatchObject({ enabled: true });
    expect(enabled.body.disabledAt).toBeUndefined();
    expect(enabled.body.failingSince).toBeUndefined();
    await sender().tick();
    expect(receiver.accepted().length).toBeGreaterThan(0);
    expect(await log('&status=pending')).toEqual([]);
  });

  it('pages the log newest first by cursor', async () => {
    for (let i = 0; i < 3; i++) await api.as(ADMIN_KEY).post(`/v1/webhooks/${webhookId}/test`).expect(202);
    const all = (await log()).map((d) => d.id);
    expect(all).toHaveLength(3);
    const seen: string[] = [];
    let next: string | undefined = `/v1/webhooks/${webhookId}/deliveries?limit=2`;
    while (next) {
      const page: { body: { items: DeliveryBody[]; next?: string } } = await api.as(ADMIN_KEY).get(next).expect(200);
      seen.push(...page.body.items.map((d) => d.id));
      next = page.body.next;
    }
    expect(seen).toEqual(all);
    expect([...all].sort().reverse()).toEqual(all);
  });
});
