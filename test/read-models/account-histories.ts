/**
 * Synthetic contract and TAM-assignment histories in the domain events' shapes, appended straight to
 * a store, for the account directory's runner tests. Deterministic for a seed. Each account: a signed
 * contract with contacts (some revoked), some plan changes and terminations; a TAM assigned, some
 * reassigned, adjusted or unassigned.
 */
import { randomUUID } from 'node:crypto';
import {
  comparePositions,
  START_POSITION,
  type EventStore,
  type EventToAppend,
  type GlobalPosition,
} from '@caseledger/event-store';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (ms: number) => new Date(ms).toISOString();
const HOURS = { timeZone: 'Europe/London', weekly: { mon: [{ from: '09:00', to: '17:00' }] } };

function streams(index: number, seed: number): { streamId: string; events: EventToAppend[] }[] {
  const random = prng(seed * 7_000_003 + index);
  // Unique per call, as the case histories' ids are: the runner tests append the same seeds more than once.
  const accountId = `directory-${seed}-${index}-${randomUUID().slice(0, 8)}`;
  const meta = { schemaVersion: 1, tenantId: accountId };
  const contractId = randomUUID();
  let t = Date.parse('2026-01-05T08:00:00Z') + index * 60_000;
  const contract: EventToAppend[] = [];
  const addContract = (type: string, data: Record<string, unknown>) =>
    contract.push({ eventId: randomUUID(), type, data: { contractId, ...data }, metadata: meta });
  addContract('ContractSigned', {
    accountId,
    planId: 'beesender-business',
    serviceTimeZone: 'gmt+3',
    calendar: { alwaysOpen: true, version: 1 },
    overrides: {},
    startsAt: '2026-01-01T00:00:00.000Z',
    endsAt: null,
    signedAt: iso(t),
  });
  for (const contactId of ['olga', 'ivan']) {
    t += 60_000;
    addContract('AuthorisedContactAdded', {
      contact: { contactId, name: contactId, email: `${contactId}@example.com`, phone: null },
      at: iso(t),
    });
  }
  if (random() < 0.4) addContract('AuthorisedContactRevoked', { contactId: 'ivan', at: iso((t += 60_000)) });
  if (random() < 0.5)
    addContract('ContractPlanChanged', {
      fromPlanId: 'beesender-business',
      toPlanId: 'beesender-enterprise',
      effectiveAt: iso((t += 60_000)),
    });
  if (random() < 0.3) addContract('ContractTerminated', { reason: 'Ended', at: iso((t += 60_000)) });

  const tam: EventToAppend[] = [];
  const addTam = (type: string, data: Record<string, unknown>) =>
    tam.push({ eventId: randomUUID(), type, data: { accountId, ...data }, metadata: meta });
  const profile = (id: string) => ({
    id,
    name: id,
    phone: '+1 212 555 0100',
    email: `${id}@vendor.example`,
    workingHours: HOURS,
  });
  addTam('TamAssigned', { tam: profile(`tam-${index % 3}`), at: iso((t += 60_000)) });
  if (random() < 0.5)
    addTam('TamReassigned', {
      previousTamId: `tam-${index % 3}`,
      tam: profile('tam-9'),
      reason: null,
      at: iso((t += 60_000)),
    });
  if (random() < 0.3)
    addTam('TamWorkingHoursAdjusted', { tamId: 'tam-x', workingHours: HOURS, at: iso((t += 60_000)) });
  if (random() < 0.2) addTam('TamUnassigned', { tamId: 'tam-x', reason: null, at: iso((t += 60_000)) });
  return [
    { streamId: `contract-${contractId}`, events: contract },
    { streamId: `tam-${accountId}`, events: tam },
  ];
}

/** Appends `accounts` contract and TAM histories; answers the last position. */
export async function appendAccountHistories(
  store: EventStore,
  accounts: number,
  options: { seed?: number; from?: number } = {},
): Promise<{ last: GlobalPosition }> {
  let last = START_POSITION;
  const from = options.from ?? 0;
  for (let i = from; i < from + accounts; i++) {
    for (const { streamId, events } of streams(i, options.seed ?? 1)) {
      const result = await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
      if (comparePositions(result.position, last) > 0) last = result.position;
    }
  }
  return { last };
}
