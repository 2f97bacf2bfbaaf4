import { DOMAIN_EVENT_TYPES } from './domain-events';
import {
  domainEventTypeOf,
  isPublicEventTypeSelector,
  matchesPublicEventTypes,
  PUBLIC_EVENT_FAMILIES,
  PUBLIC_EVENT_TYPES,
  publicEventType,
} from './public-event-types';

describe('public event types', () => {
  it('every domain event type has one public name, and no two share one', () => {
    const domainTypes = Object.keys(DOMAIN_EVENT_TYPES);
    const names = domainTypes.map((type) => publicEventType(type));
    expect(names.every((name) => typeof name === 'string')).toBe(true);
    expect(new Set(names).size).toBe(domainTypes.length);
    expect([...PUBLIC_EVENT_TYPES].sort()).toEqual([...names].sort());
  });

  it('names are lower-case, dotted family.fact, the family saying what the event is about', () => {
    for (const name of PUBLIC_EVENT_TYPES) expect(name).toMatch(/^(case|sla|contract|tam)\.[a-z]+(_[a-z]+)*$/);
    expect(PUBLIC_EVENT_FAMILIES).toEqual(['case', 'sla', 'contract', 'tam']);
  });

  it('maps the facts integrators ask for by name', () => {
    expect(publicEventType('CaseOpened')).toBe('case.opened');
    expect(publicEventType('CaseResponded')).toBe('case.responded');
    expect(publicEventType('CaseEscalated')).toBe('case.escalated');
    expect(publicEventType('SlaBreached')).toBe('sla.breached');
    expect(publicEventType('ContractSigned')).toBe('contract.signed');
  });

  it('a stored type that is not a domain event has no public name', () => {
    expect(publicEventType('$metadata')).toBeUndefined();
    expect(publicEventType('toString')).toBeUndefined();
  });

  it('goes back from a public name to the stored type', () => {
    for (const type of Object.keys(DOMAIN_EVENT_TYPES)) expect(domainEventTypeOf(publicEventType(type)!)).toBe(type);
    expect(domainEventTypeOf('case.nonsense')).toBeUndefined();
  });

  it('selectors are exact names, a family wildcard or *; anything else is refused', () => {
    for (const ok of ['case.opened', 'sla.breached', 'case.*', 'sla.*', 'contract.*', 'tam.*', '*'])
      expect([ok, isPublicEventTypeSelector(ok)]).toEqual([ok, true]);
    for (const bad of ['case', 'case.', 'case.open', 'cases.*', 'case.**', 'CaseOpened', '*.opened', 'c*'])
      expect([bad, isPublicEventTypeSelector(bad)]).toEqual([bad, false]);
  });

  it('a family wildcard selects that family only; no selectors select everything', () => {
    expect(matchesPublicEventTypes('case.opened', ['case.*'])).toBe(true);
    expect(matchesPublicEventTypes('sla.breached', ['case.*'])).toBe(false);
    expect(matchesPublicEventTypes('sla.breached', ['case.*', 'sla.breached'])).toBe(true);
    expect(matchesPublicEventTypes('sla.warning_reached', ['sla.breached'])).toBe(false);
    expect(matchesPublicEventTypes('tam.assigned', ['*'])).toBe(true);
    expect(matchesPublicEventTypes('tam.assigned', undefined)).toBe(true);
    expect(matchesPublicEventTypes('tam.assigned', [])).toBe(true);
  });
});
