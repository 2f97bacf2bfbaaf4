import { DOMAIN_EVENT_TYPES, PUBLIC_EVENT_TYPES, publicEventType } from '@caseledger/domain';
import {
  eventTypePatternProblem,
  matchesEventTypes,
  WEBHOOK_EVENT_TYPES,
  webhookEventTypeOf,
} from './webhook-event-types';

describe('webhook event types', () => {
  it('name each stored type once and only stored types', () => {
    const from = WEBHOOK_EVENT_TYPES.map((t) => t.from);
    expect(new Set(from).size).toBe(from.length);
    for (const type of from) expect(Object.keys(DOMAIN_EVENT_TYPES)).toContain(type);
    expect(webhookEventTypeOf('CaseResponded')?.name).toBe('case.responded');
    expect(webhookEventTypeOf('SlaBreached')?.name).toBe('sla.breached');
  });

  it('are the public names of the change feed, one for every domain event type', () => {
    for (const type of WEBHOOK_EVENT_TYPES)
      expect([type.from, type.name]).toEqual([type.from, publicEventType(type.from)]);
    expect(WEBHOOK_EVENT_TYPES.map((t) => t.name).sort()).toEqual([...PUBLIC_EVENT_TYPES].sort());
  });

  it('a group wildcard matches its group only, * matches all, a name matches itself', () => {
    expect(matchesEventTypes(['case.*'], 'case.opened')).toBe(true);
    expect(matchesEventTypes(['case.*'], 'sla.breached')).toBe(false);
    expect(matchesEventTypes(['sla.breached'], 'sla.breached')).toBe(true);
    expect(matchesEventTypes(['sla.breached'], 'sla.warning_reached')).toBe(false);
    expect(matchesEventTypes(['*'], 'contract.signed')).toBe(true);
  });

  it('refuses patterns that name nothing', () => {
    expect(eventTypePatternProblem('case.*')).toBeUndefined();
    expect(eventTypePatternProblem('contract.*')).toBeUndefined();
    expect(eventTypePatternProblem('sla.breached')).toBeUndefined();
    expect(eventTypePatternProblem('case.deleted')).toMatch(/not an event type/);
    expect(eventTypePatternProblem('billing.*')).toMatch(/not an event type/);
    expect(eventTypePatternProblem('case.*.x')).toMatch(/not an event type/);
  });
});
