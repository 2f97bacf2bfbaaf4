/**
 * A Beesender Business P2 case of account `acme`, opened by its contact olga at 09:00Z, with the same
 * contact name under account `globex` beside it: the reader roles and the foreign customer that the
 * case-reading routes are tried with.
 */
import { ADMIN_KEY, ApiHarness } from './api-harness';

export interface TwoAccountCase {
  caseId: string;
  agent: string;
  auditor: string;
  /** acme's olga, who opened the case. */
  customer: string;
  /** globex's olga, who must see nothing of it. */
  foreigner: string;
  /** Moves the clock to `at`, then posts a case command as `key`, expecting 200. */
  step: (at: string, key: string, path: string, body: object) => Promise<void>;
}

export async function openTwoAccountCase(api: ApiHarness): Promise<TwoAccountCase> {
  const admin = () => api.as(ADMIN_KEY);
  const agent = await api.createKey('agent');
  const auditor = await api.createKey('auditor');
  const keys: Record<string, string> = {};
  let caseId = '';
  for (const accountId of ['acme', 'globex']) {
    const signed = await admin()
      .post('/v1/contracts')
      .send({
        accountId,
        planId: 'beesender-business',
        serviceTimeZone: 'gmt+3',
        startsAt: '2026-01-01T00:00:00Z',
        targetOverrides: [{ metric: 'resolution', minutes: 960, unit: 'business' }],
      })
      .expect(201);
    await admin()
      .post(`/v1/contracts/${signed.body.id}/contacts`)
      .send({ contactId: 'olga', name: 'Olga Petrova', email: `olga@${accountId}.example` })
      .expect(201);
    keys[accountId] = await api.createKey('customer', { accountId, contactId: 'olga' });
    if (accountId === 'acme') {
      api.clock.set('2026-04-02T09:00:00Z');
      const opened = await api
        .as(keys[accountId])
        .post('/v1/cases')
        .send({
          contractId: signed.body.id,
          channel: 'portal',
          subject: 'Chats are not created',
          description: 'No chat appears after a message',
          category: 'incident',
          priority: 'P2',
          criticality: 'nonCritical',
        })
        .expect(201);
      caseId = opened.body.id;
    }
  }
  return {
    caseId,
    agent,
    auditor,
    customer: keys.acme,
    foreigner: keys.globex,
    step: async (at, key, path, body) => {
      api.clock.set(at);
      await api.as(key).post(`/v1/cases/${caseId}/${path}`).send(body).expect(200);
    },
  };
}
