/**
 * With WEBHOOK_ALLOW_PRIVATE_NETWORKS left false, a URL reaching loopback is refused at creation
 * (a literal address, and a hostname that resolves to one), and again when the sender connects: a
 * subscription whose host resolved publicly when it was made and now resolves to 127.0.0.1 (stored
 * here as such a subscription would be) gets no request, and its attempt says why.
 */
import { WebhookSender, WebhookSubscriptions } from '@caseledger/webhooks';
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';
import { openCase, signContract } from '../support/webhook-cases';
import { WebhookReceiver } from '../support/webhook-receiver';

describe('webhook SSRF protection', () => {
  let api: ApiHarness;
  let receiver: WebhookReceiver;
  let url: string;

  beforeAll(async () => {
    api = await startApi({ env: { ROLE: 'all', WEBHOOK_ALLOW_HTTP: 'true' } });
    receiver = new WebhookReceiver(api.clock);
    url = await receiver.start();
  });
  afterAll(async () => {
    await api.close();
    await receiver.close();
  });

  const count = async () => (await api.as(ADMIN_KEY).get('/v1/webhooks?limit=100').expect(200)).body.items.length;

  it.each([
    ['loopback by address', (port: string) => `http://127.0.0.1:${port}/hooks`, /127\.0\.0\.1/],
    [
      'a hostname resolving to loopback',
      (port: string) => `http://localhost:${port}/hooks`,
      /resolves to (127\.0\.0\.1|::1)/,
    ],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data', /169\.254\.169\.254/],
    ['a private network', () => 'https://10.0.0.7/hooks', /10\.0\.0\.7/],
    ['CGNAT', () => 'https://100.64.1.1/hooks', /100\.64\.1\.1/],
    ['IPv6 loopback', () => 'https://[::1]/hooks', /::1/],
  ])('refuses %s at creation with problem+json naming url, storing nothing', async (_, make, reason) => {
    const port = new URL(url).port;
    const before = await count();
    const refused = await api
      .as(ADMIN_KEY)
      .post('/v1/webhooks')
      .send({ url: make(port), eventTypes: ['case.*'] })
      .expect(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.errors).toEqual([{ field: 'url', message: expect.stringMatching(reason) }]);
    expect(await count()).toBe(before);
  });

  it('refuses the connection when the host resolves to loopback at sending time, and logs why', async () => {
    const subscription = await subscriptionStoredAsIfItHadPassed(api, `http://localhost:${new URL(url).port}/hooks`);
    const contractId = await signContract(api, 'acme');
    await openCase(api, contractId, 'Should not leave the building');
    await api.app.get(WebhookSender).tick();
    expect(receiver.received).toEqual([]);
    const log = await api.as(ADMIN_KEY).get(`/v1/webhooks/${subscription}/deliveries`).expect(200);
    expect(log.body.items.length).toBeGreaterThan(0);
    const [attempt] = log.body.items.at(-1).attempts;
    expect(attempt.statusCode).toBeUndefined();
    expect(attempt.error).toMatch(/127\.0\.0\.1|::1/);
    expect(attempt.error).toMatch(/not allowed/);
  });
});

/** Writes a subscription row the way creation would have, bypassing the address check. */
async function subscriptionStoredAsIfItHadPassed(api: ApiHarness, url: string): Promise<string> {
  const store = api.app.get(WebhookSubscriptions).store;
  const now = api.clock.now().toUTC().toISO()!;
  const id = '0195f3aa-2b3c-7d4e-8f50-61728394a5b6';
  const head = (await api.store.readAll()).at(-1)?.position;
  await store.insert({
    id,
    url,
    eventTypes: ['case.*'],
    enabled: true,
    secrets: [{ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }],
    revision: 0,
    startsAfter: head ? `${head.commit}-${head.prepare}` : '0-0',
    createdAt: now,
    updatedAt: now,
  });
  return id;
}
