/**
 * CaseLedger in one run, on a client generated from the API's own OpenAPI document: sign a
 * Beesender Business contract, authorise a contact, give that contact a customer key, then walk
 * one case from opening to a mutually accepted resolution, printing its SLA clocks after each step.
 *
 *   BASE_URL=http://localhost:3000 ADMIN_API_KEY=<the server's admin key> npm run quickstart
 *
 * The types come from `npm run quickstart:types` (openapi-typescript over /openapi.json); at run
 * time they are erased, so the script runs without them.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema';

type Api = Client<paths>;
type Clock = components['schemas']['ClockResponse'];

export interface QuickstartOptions {
  baseUrl: string;
  adminKey: string;
  /** Where the lines go; stdout by default. */
  print?: (line: string) => void;
}

/** A failed call stops the walk with the problem+json the API answered. */
function ok<T>(step: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) {
    throw new Error(`${step} answered ${result.response.status}: ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

function client(baseUrl: string, key: string): Api {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${key}` } });
}

function describeClock(clock: Clock): string {
  const minutes = (ms: number | null) => (ms === null ? '?' : String(Math.round(ms / 60_000)));
  const target = `${clock.target.minutes} ${clock.target.unit} min`;
  const state =
    clock.status === 'running'
      ? `due ${clock.dueAt}, ${minutes(clock.timeLeftMs)} of ${target} left`
      : clock.status === 'paused'
        ? `not counting while the customer answers, ${minutes(clock.timeLeftMs)} of ${target} left`
        : `after ${minutes(clock.usedMs)} of ${target}`;
  return `    ${clock.clockId.padEnd(16)} ${clock.status.padEnd(8)} ${state}`;
}

export async function runQuickstart({ baseUrl, adminKey, print = console.log }: QuickstartOptions): Promise<string> {
  const admin = client(baseUrl, adminKey);
  // A fresh account per run, so the script can run again against the same server.
  const accountId = `quickstart-${Date.now().toString(36)}`;

  const contract = ok(
    'signContract',
    await admin.POST('/v1/contracts', {
      body: {
        accountId,
        planId: 'beesender-business',
        serviceTimeZone: 'gmt+3',
        startsAt: '2026-01-01T00:00:00Z',
        // The plan promises a first response; this contract also agrees a resolution within 16 business hours.
        targetOverrides: [{ metric: 'resolution', minutes: 960, unit: 'business' }],
      },
    }),
  );
  print(`1. signed contract ${contract.id} (Beesender Business, resolution in 16 business hours) for ${accountId}`);

  ok(
    'addAuthorisedContact',
    await admin.POST('/v1/contracts/{contractId}/contacts', {
      params: { path: { contractId: contract.id } },
      body: { contactId: 'olga', name: 'Olga Petrova', email: 'olga@example.com' },
    }),
  );
  print('2. authorised contact olga');

  const customerKey = ok(
    'createApiKey (customer)',
    await admin.POST('/v1/api-keys', {
      body: { name: 'Olga at the customer', role: 'customer', accountId, contactId: 'olga' },
    }),
  );
  const agentKey = ok(
    'createApiKey (agent)',
    await admin.POST('/v1/api-keys', { body: { name: 'Support desk', role: 'agent' } }),
  );
  print(`3. created a customer key for olga (${customerKey.id}) and an agent key (${agentKey.id})`);
  const customer = client(baseUrl, customerKey.secret);
  const agent = client(baseUrl, agentKey.secret);

  const opened = ok(
    'openCase',
    await customer.POST('/v1/cases', {
      body: {
        contractId: contract.id,
        channel: 'portal',
        subject: 'Chats are not created from the website widget',
        description: '1. Open the widget 2. Send a message 3. No chat appears in the inbox',
        category: 'incident',
        priority: 'P2',
        criticality: 'nonCritical',
      },
    }),
  );
  const caseId = opened.id;
  const path = { params: { path: { caseId } } };

  const printClocks = async (step: string) => {
    const read = ok('getCase', await agent.GET('/v1/cases/{caseId}', path));
    print(`${step} → case ${read.status}, revision ${read.revision}`);
    for (const clock of read.clocks) print(describeClock(clock));
  };

  await printClocks(`4. customer opened case ${caseId}`);

  ok(
    'respondToCase',
    await agent.POST('/v1/cases/{caseId}/responses', { ...path, body: { message: 'Looking into it.' } }),
  );
  await printClocks('5. agent responded');

  ok(
    'requestInformation',
    await agent.POST('/v1/cases/{caseId}/information-requests', {
      ...path,
      body: { question: 'Which messenger does the widget forward to?' },
    }),
  );
  await printClocks('6. agent asked for information');

  ok(
    'provideInformation',
    await customer.POST('/v1/cases/{caseId}/information', { ...path, body: { answer: 'Telegram only.' } }),
  );
  await printClocks('7. customer provided it');

  ok(
    'proposeResolution',
    await agent.POST('/v1/cases/{caseId}/resolution-proposals', {
      ...path,
      body: { summary: 'The bot token had expired; rotated it.' },
    }),
  );
  await printClocks('8. agent proposed a resolution');

  ok('acceptResolution', await customer.POST('/v1/cases/{caseId}/resolution-proposals/acceptance', path));
  await printClocks('9. customer accepted it');

  return caseId;
}

if (require.main === module) {
  const adminKey = process.env.ADMIN_API_KEY;
  if (!adminKey) {
    console.error(
      'Set ADMIN_API_KEY to the admin key the server was started with (and BASE_URL if not http://localhost:3000).',
    );
    process.exit(2);
  }
  runQuickstart({ baseUrl: process.env.BASE_URL ?? 'http://localhost:3000', adminKey }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
