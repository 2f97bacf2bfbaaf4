/**
 * Webhooks on PostgreSQL with two processes (ROLE=all both) on one schema: one dispatcher queues
 * (the reactor's lock), one sender per subscription sends (its advisory lock), so a receiver gets
 * every case event once, in order, whichever process runs; when the process doing the work stops,
 * the other takes over.
 */
import { createTestSchema, describePostgres, TestSchema } from '@caseledger/testing';
import { WebhookSender } from '@caseledger/webhooks';
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';
import { caseEventIds, ENV, openCase, respond, signContract } from '../support/webhook-cases';
import { WebhookReceiver } from '../support/webhook-receiver';

describePostgres('webhooks on PostgreSQL across two processes', () => {
  let schema: TestSchema;
  let first: ApiHarness;
  let second: ApiHarness;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    schema = await createTestSchema('hooks');
    const env = { ...ENV, DATABASE_URL: schema.connectionString };
    first = await startApi({ now: '2026-04-01T08:00:00Z', env });
    second = await startApi({ now: '2026-04-01T08:00:00Z', env });
    receiver = new WebhookReceiver(first.clock);
  });
  afterAll(async () => {
    await first?.close().catch(() => undefined);
    await second?.close();
    await receiver?.close();
    await schema?.drop();
  });

  const tickBoth = () => Promise.all([first.app.get(WebhookSender).tick(), second.app.get(WebhookSender).tick()]);

  it('sends every case event once and in order while both processes run, and goes on when one stops', async () => {
    const url = await receiver.start();
    const created = await first
      .as(ADMIN_KEY)
      .post('/v1/webhooks')
      .send({ url, eventTypes: ['case.*'] })
      .expect(201);
    receiver.secrets = [created.body.secret];
    const contractId = await signContract(first, 'acme');
    const agent = await first.createKey('agent');
    const cases: string[] = [];
    for (let i = 0; i < 4; i++) {
      const api = i % 2 === 0 ? first : second;
      cases.push(await openCase(api, contractId, `Case ${i}`));
    }
    for (const [i, caseId] of cases.entries()) await respond(i % 2 === 0 ? second : first, agent, caseId, 'Seen');
    const expected = (await Promise.all(cases.map((c) => caseEventIds(first, c)))).flat();
    // The dispatcher queues from its own catch-up subscription, which a loaded machine may not have
    // run yet: send until everything has arrived (or 20 s), then check that nothing came twice.
    const deadline = Date.now() + 20_000;
    do await tickBoth();
    while (receiver.received.length < expected.length && Date.now() < deadline);
    await tickBoth();

    expect(receiver.received.map((d) => d.event.id).sort()).toEqual([...expected].sort());
    for (const caseId of cases)
      expect(receiver.received.filter((d) => d.event.subject === caseId).map((d) => d.event.id)).toEqual(
        await caseEventIds(first, caseId),
      );
    expect(receiver.received.every((d) => d.verifiedBy.length === 1)).toBe(true);

    // The other process takes the dispatcher's and the sender's locks once they are let go.
    await first.close();
    const later = await openCase(second, contractId, 'After the first process stopped');
    const until = Date.now() + 20_000;
    while (!receiver.received.some((d) => d.event.subject === later) && Date.now() < until)
      await second.app.get(WebhookSender).tick();
    expect(receiver.received.filter((d) => d.event.subject === later).map((d) => d.event.id)).toEqual(
      await caseEventIds(second, later),
    );
  });
});
