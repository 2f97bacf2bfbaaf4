/**
 * Synthetic case histories in the domain events' shapes, appended straight to a store: for runner
 * tests and the projection bench, where going through HTTP would measure the write path instead.
 * Deterministic for a seed. Each case: opened with three clocks, assigned, answered, asked for
 * information (clocks paused) and answered by the customer (resumed); some breach; most resolve.
 */
import { randomUUID } from 'node:crypto';
import {
  comparePositions,
  START_POSITION,
  type EventStore,
  type EventToAppend,
  type GlobalPosition,
} from '@caseledger/event-store';

const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];
const METRICS = ['firstResponse', 'workaround', 'resolution'];

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

export interface CaseHistory {
  streamId: string;
  events: EventToAppend[];
}

export function caseHistory(index: number, seed = 1): CaseHistory {
  const random = prng(seed * 1_000_003 + index);
  const caseId = randomUUID();
  const accountId = `account-${index % 17}`;
  const agentId = `agent-${Math.floor(random() * 8)}`;
  const priority = PRIORITIES[Math.floor(random() * 4)];
  const criticality = random() < 0.2 ? 'critical' : 'nonCritical';
  let t = Date.parse('2026-04-06T08:00:00Z') + index * 60_000;
  const events: EventToAppend[] = [];
  const meta = { schemaVersion: 1, tenantId: accountId };
  const add = (type: string, data: Record<string, unknown>) =>
    events.push({ eventId: randomUUID(), type, data: { caseId, ...data }, metadata: meta });
  add('CaseOpened', {
    contractId: `contract-${index % 17}`,
    accountId,
    contactId: 'olga',
    channel: 'portal',
    subject: `Case ${index}: widget ${index % 3 === 0 ? 'down' : 'slow'}`,
    description: 'Synthetic',
    category: 'incident',
    priority,
    criticality,
    vitalInformation: null,
    receivedAt: iso(t),
    openedAt: iso(t),
    terms: { contractId: `contract-${index % 17}`, accountId, planId: 'beesender-business', planName: 'Business' },
  });
  for (const metric of METRICS) {
    add('SlaClockStarted', {
      clockId: `${metric}-1`,
      metric,
      target: { minutes: 60, unit: 'elapsed', warnAtShare: 0.75 },
      planId: 'beesender-business',
      calendarVersion: null,
      calendar: { timeZone: 'UTC', alwaysOpen: true, version: 1 },
      startedAt: iso(t),
      dueAt: iso(t + 3_600_000),
      warningAt: iso(t + 2_700_000),
    });
  }
  t += 60_000;
  add('CaseAssigned', { agentId, previousAgentId: null, at: iso(t) });
  const breaches = random() < 0.3;
  t += breaches ? 4_000_000 : 600_000;
  if (breaches)
    add('SlaBreached', {
      clockId: 'firstResponse-1',
      metric: 'firstResponse',
      at: iso(t - 400_000),
      detectedAt: iso(t - 399_000),
    });
  add('CaseResponded', { agentId, message: 'Looking', at: iso(t) });
  add('SlaClockStopped', { clockId: 'firstResponse-1', at: iso(t), outcome: breaches ? 'breached' : 'met' });
  if (random() < 0.7) {
    t += 60_000;
    add('InformationRequested', { agentId, question: 'Which region?', at: iso(t) });
    add('SlaClockPaused', { clockId: 'workaround-1', at: iso(t), usedMs: 1 });
    t += 300_000;
    add('InformationProvided', { contactId: 'olga', answer: 'EU', at: iso(t) });
    add('SlaClockResumed', {
      clockId: 'workaround-1',
      at: iso(t),
      dueAt: iso(t + 3_000_000),
      warningAt: iso(t + 2_000_000),
    });
  }
  if (random() < 0.6) {
    t += 60_000;
    add('CaseMutuallyResolved', {
      proposedBy: 'vendor',
      proposedByActorId: agentId,
      acceptedBy: 'customer',
      acceptedByActorId: 'olga',
      summary: 'Fixed',
      at: iso(t),
    });
    add('SlaClockStopped', { clockId: 'workaround-1', at: iso(t), outcome: 'met' });
    add('SlaClockStopped', { clockId: 'resolution-1', at: iso(t), outcome: 'met' });
  }
  return { streamId: `case-${caseId}`, events };
}

/** The contract the cases of `index % 17` belong to, signed with one authorised contact. */
export function contractHistory(index: number): CaseHistory {
  const contractId = `contract-${index % 17}`;
  const accountId = `account-${index % 17}`;
  const metadata = { schemaVersion: 1, tenantId: accountId };
  const signedAt = '2026-01-01T00:00:00.000Z';
  return {
    streamId: `contract-${contractId}`,
    events: [
      {
        eventId: randomUUID(),
        type: 'ContractSigned',
        data: {
          contractId,
          accountId,
          planId: 'beesender-business',
          serviceTimeZone: 'gmt+3',
          calendar: { timeZone: 'UTC', alwaysOpen: true, version: 1 },
          overrides: {},
          startsAt: signedAt,
          endsAt: null,
          signedAt,
        },
        metadata,
      },
      {
        eventId: randomUUID(),
        type: 'AuthorisedContactAdded',
        data: {
          contractId,
          contact: { contactId: 'olga', name: 'Olga', email: 'olga@example.com', phone: null },
          at: signedAt,
        },
        metadata,
      },
    ],
  };
}

/**
 * Appends `cases` histories, `parallel` streams at a time, and the contracts of the first 17 indexes;
 * answers the number of events and the last position.
 */
export async function appendCaseHistories(
  store: EventStore,
  cases: number,
  options: { seed?: number; parallel?: number; from?: number } = {},
): Promise<{ events: number; last: GlobalPosition }> {
  let events = 0;
  let last = START_POSITION;
  const parallel = options.parallel ?? 8;
  const from = options.from ?? 0;
  for (let i = from; i < from + cases; i += parallel) {
    const batch = Array.from({ length: Math.min(parallel, from + cases - i) }, (_, k) => [
      caseHistory(i + k, options.seed),
      ...(i + k < 17 ? [contractHistory(i + k)] : []),
    ]).flat();
    const results = await Promise.all(
      batch.map((h) => store.appendToStream(h.streamId, h.events, { expectedRevision: 'no_stream' })),
    );
    for (const result of results) if (comparePositions(result.position, last) > 0) last = result.position;
    events += batch.reduce((n, h) => n + h.events.length, 0);
  }
  return { events, last };
}
