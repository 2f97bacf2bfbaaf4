/**
 * The integrator's starting point, examples/crm-receiver, against the real sender on loopback: it
 * keeps each case's record from the deliveries' case summaries, calls the CRM once per event in the
 * case's order, drops a replay's duplicates by `webhook-id`, and refuses a forged delivery.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { WebhookSender } from '@caseledger/webhooks';
import { CaseLedgerEvent, CrmReceiver } from '../../examples/crm-receiver/crm-receiver';
import { ADMIN_KEY, ApiHarness, startApi } from '../support/api-harness';
import { caseEventIds, ENV, openCase, respond, signContract } from '../support/webhook-cases';

describe('the example CRM receiver', () => {
  let api: ApiHarness;
  let server: Server;
  let receiver: CrmReceiver;
  const applied: CaseLedgerEvent[] = [];

  beforeAll(async () => {
    api = await startApi({ now: '2026-04-01T08:00:00Z', env: ENV });
  });
  afterAll(async () => {
    await api.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('keeps each case from its deliveries, applies each event once in order, and refuses forgeries', async () => {
    const start = api.clock.now();
    const contractId = await signContract(api, 'acme');
    const agent = await api.createKey('agent');
    // The secret exists only once the subscription does, which needs the receiver's URL.
    receiver = new CrmReceiver({
      secrets: [],
      onEvent: (event) => void applied.push(event),
      now: () => api.clock.now().toMillis(),
    });
    server = receiver.server();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/caseledger`;
    const created = await api
      .as(ADMIN_KEY)
      .post('/v1/webhooks')
      .send({ url, eventTypes: ['case.*'] })
      .expect(201);
    const secret = created.body.secret as string;
    receiver.useSecrets([secret]);

    const caseId = await openCase(api, contractId, 'Mail is down');
    api.clock.advance({ minutes: 2 });
    await api.as(agent).post(`/v1/cases/${caseId}/assignment`).send({ agentId: 'agent-4' }).expect(200);
    api.clock.advance({ minutes: 2 });
    await respond(api, agent, caseId, 'Looking into it');
    await api.app.get(WebhookSender).tick();

    const expected = await caseEventIds(api, caseId);
    expect(applied.map((e) => e.id)).toEqual(expected);
    const current = await api.as(ADMIN_KEY).get(`/v1/cases/${caseId}`).expect(200);
    expect(receiver.cases.get(caseId)).toMatchObject({
      status: current.body.status,
      priority: current.body.priority,
      assignedAgentId: 'agent-4',
      lastEventType: 'com.caseledger.case.responded',
    });

    // A replay resends every event with the ids the receiver has seen: nothing is applied twice.
    const replay = await api
      .as(ADMIN_KEY)
      .post(`/v1/webhooks/${created.body.id}/replay`)
      .send({ from: start.toISO() })
      .expect(202);
    expect(replay.body.queued).toBe(expected.length);
    await api.app.get(WebhookSender).tick();
    expect(applied.map((e) => e.id)).toEqual(expected);
    const log = await api.as(ADMIN_KEY).get(`/v1/webhooks/${created.body.id}/deliveries?limit=100`).expect(200);
    expect((log.body.items as { status: string }[]).every((d) => d.status === 'delivered')).toBe(true);

    // Signed with another secret, or with the right one but an old timestamp: refused, nothing applied.
    const body = JSON.stringify({ ...applied[0], id: 'forged-1', data: { case: { revision: 99, status: 'closed' } } });
    const when = new Date(api.clock.now().toMillis());
    const forged = new Webhook(`whsec_${Buffer.from('not the secret at all').toString('base64')}`);
    const stale = new Date(when.getTime() - 10 * 60_000);
    for (const [signer, at] of [
      [forged, when],
      [new Webhook(secret), stale],
    ] as const) {
      const headers = { 'webhook-id': 'forged-1', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)) };
      const answer = await receiver.handle(
        { ...headers, 'webhook-signature': signer.sign('forged-1', at, body) },
        body,
      );
      expect(answer.status).toBe(400);
    }
    expect(applied).toHaveLength(expected.length);
    expect(receiver.cases.get(caseId)?.status).toBe(current.body.status);
  });
});
