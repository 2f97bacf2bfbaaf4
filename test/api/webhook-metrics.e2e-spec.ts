/**
 * Webhooks on GET /metrics: attempts by outcome and deliveries by how they settled, per
 * subscription, and each subscription's pending queue with the age of its oldest delivery (on the
 * injected clock), as a receiver fails and then recovers.
 */
import { WebhookSender } from '@caseledger/webhooks';
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';
import { caseEventIds, ENV, openCase, signContract } from '../support/webhook-cases';
import { WebhookReceiver } from '../support/webhook-receiver';

function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('webhook metrics', () => {
  let api: ApiHarness;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    api = await startApi({ now: '2026-04-01T08:00:00Z', env: ENV });
    receiver = new WebhookReceiver(api.clock);
  });
  afterAll(async () => {
    await api.close();
    await receiver.close();
  });

  it('counts attempts and settled deliveries by outcome, and shows the queue and its oldest age per subscription', async () => {
    const url = await receiver.start();
    const contractId = await signContract(api, 'acme');
    const created = await api
      .as(ADMIN_KEY)
      .post('/v1/webhooks')
      .send({ url, eventTypes: ['case.*'] })
      .expect(201);
    const subscription = created.body.id as string;
    const metrics = async () => (await api.http().get('/metrics').expect(200)).text;
    const of = (text: string, name: string, labels: Record<string, string> = {}) =>
      sample(text, name, { subscription, ...labels });

    // The receiver refuses the first case's events; the second case's go through.
    const failing = await openCase(api, contractId, 'Mail is down');
    receiver.answer = (d) => (d.event.subject === failing ? 503 : 200);
    const fine = await openCase(api, contractId, 'Calendar is slow');
    const failingEvents = (await caseEventIds(api, failing)).length;
    const fineEvents = (await caseEventIds(api, fine)).length;
    await api.app.get(WebhookSender).tick();

    api.clock.advance({ seconds: 3 });
    let text = await metrics();
    // One attempt of the failing case's first event: the later ones wait behind it.
    expect(of(text, 'caseledger_webhook_attempts_total', { outcome: 'rejected' })).toBe(1);
    expect(of(text, 'caseledger_webhook_attempts_total', { outcome: 'success' })).toBe(fineEvents);
    expect(of(text, 'caseledger_webhook_deliveries_total', { outcome: 'retrying' })).toBe(1);
    expect(of(text, 'caseledger_webhook_deliveries_total', { outcome: 'delivered' })).toBe(fineEvents);
    expect(of(text, 'caseledger_webhook_queue_depth')).toBe(failingEvents);
    expect(of(text, 'caseledger_webhook_oldest_pending_age_seconds')).toBe(3);

    // Recovered: the retry (due about 5 s later) and the events behind it go, and the queue empties.
    receiver.answer = () => 200;
    api.clock.advance({ minutes: 1 });
    await api.app.get(WebhookSender).tick();
    text = await metrics();
    expect(of(text, 'caseledger_webhook_attempts_total', { outcome: 'success' })).toBe(fineEvents + failingEvents);
    expect(of(text, 'caseledger_webhook_deliveries_total', { outcome: 'delivered' })).toBe(fineEvents + failingEvents);
    expect(of(text, 'caseledger_webhook_queue_depth')).toBeUndefined();
    expect(receiver.accepted()).toHaveLength(fineEvents + failingEvents);
  });
});
