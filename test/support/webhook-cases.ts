/**
 * The cases the webhook specs send events about: a contract of an account with contact `ann`,
 * P3 non-critical cases (no breach escalates them), agent responses, and the case events a `case.*`
 * subscriber must get, as the case's stream recorded them.
 */
import { WEBHOOK_EVENT_TYPES } from '@caseledger/webhooks';
import { ADMIN_KEY, ApiHarness } from './api-harness';

/** Background work on (the sender), http to the loopback receiver allowed. */
export const ENV = { ROLE: 'all', WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' };
const CASE_TYPES = new Set<string>(WEBHOOK_EVENT_TYPES.filter((t) => t.name.startsWith('case.')).map((t) => t.from));

export async function signContract(api: ApiHarness, accountId: string): Promise<string> {
  const admin = api.as(ADMIN_KEY);
  const signed = await admin
    .post('/v1/contracts')
    .send({ accountId, planId: 'bird-email-enterprise', serviceTimeZone: 'uk', startsAt: '2026-01-01T00:00:00Z' })
    .expect(201);
  await admin
    .post(`/v1/contracts/${signed.body.id}/contacts`)
    .send({ contactId: 'ann', name: 'Ann', email: `ann@${accountId}.example` })
    .expect(201);
  return signed.body.id;
}

export async function openCase(api: ApiHarness, contractId: string, subject: string): Promise<string> {
  const opened = await api
    .as(ADMIN_KEY)
    .post('/v1/cases')
    .send({
      contractId,
      contactId: 'ann',
      channel: 'portal',
      subject,
      description: 'Sends fail',
      category: 'incident',
      priority: 'P3',
      criticality: 'nonCritical',
    })
    .expect(201);
  return opened.body.id;
}

export async function respond(api: ApiHarness, agent: string, caseId: string, message: string): Promise<void> {
  await api.as(agent).post(`/v1/cases/${caseId}/responses`).send({ message }).expect(200);
}

/** The ids of the case events a `case.*` subscriber must get, in the order the case recorded them. */
export async function caseEventIds(api: ApiHarness, caseId: string): Promise<string[]> {
  return (await api.store.readStream(`case-${caseId}`)).filter((e) => CASE_TYPES.has(e.type)).map((e) => e.eventId);
}
