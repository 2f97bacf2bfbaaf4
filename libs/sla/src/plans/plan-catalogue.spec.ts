import { DateTime } from 'luxon';
import { compileCalendar } from '../calendar/business-calendar';
import { dueInstant } from '../targets/sla-target';
import { PLANS, getPlan, serviceCalendar, validateSupportPlan } from './plan-catalogue';
import { applyTargetOverrides, validatePlanOverrides, withOverrides } from './plan-overrides';
import { PRIORITIES, SupportPlan } from './support-plan';

const plan = (id: string) => getPlan(id) as SupportPlan;

describe('the built-in plans', () => {
  it('have stable ids and each passes validation', () => {
    expect(PLANS.map((p) => p.id)).toEqual([
      'bird-email-premium',
      'bird-email-enterprise',
      'beesender-basic',
      'beesender-business',
      'beesender-premium',
    ]);
    for (const p of PLANS) expect(validateSupportPlan(p)).toEqual([]);
    expect(getPlan('nope')).toBeUndefined();
  });

  it('each cites its source document and lists where it took a default', () => {
    for (const p of PLANS) {
      expect(p.source).toMatch(/^\d{3}_[0-9a-f]{16}\.txt/);
      expect(p.openQuestions.length).toBeGreaterThan(0);
    }
  });

  it('Beesender first response: P1 4/1/1 and P2–P4 8/4/2 business hours', () => {
    const hours = (id: string, priority: 'P1' | 'P2' | 'P3' | 'P4') =>
      plan(id)
        .targets(priority, 'nonCritical')
        .map((t) => [t.metric, t.minutes / 60, t.unit]);
    expect(hours('beesender-basic', 'P1')).toEqual([['firstResponse', 4, 'business']]);
    expect(hours('beesender-business', 'P1')).toEqual([['firstResponse', 1, 'business']]);
    expect(hours('beesender-premium', 'P1')).toEqual([['firstResponse', 1, 'business']]);
    for (const p of ['P2', 'P3', 'P4'] as const) {
      expect(hours('beesender-basic', p)).toEqual([['firstResponse', 8, 'business']]);
      expect(hours('beesender-business', p)).toEqual([['firstResponse', 4, 'business']]);
      expect(hours('beesender-premium', p)).toEqual([['firstResponse', 2, 'business']]);
    }
  });

  it('Beesender tiers: contacts 2/5/15, price 5/12/20% of the licence, channels per tier', () => {
    const tiers = ['beesender-basic', 'beesender-business', 'beesender-premium'].map(plan);
    expect(tiers.map((p) => p.authorisedContactLimit)).toEqual([2, 5, 15]);
    expect(tiers.map((p) => p.priceShareOfLicencePercent)).toEqual([5, 12, 20]);
    expect(tiers.map((p) => p.communicationChannels)).toEqual([
      ['portal', 'email'],
      ['portal', 'email', 'phone'],
      ['portal', 'email', 'phone', 'skype'],
    ]);
    for (const p of tiers) expect(p.registrationChannels).toEqual(['portal', 'chatBot', 'email']);
  });

  it('Beesender zones GMT+1/+2/+3/+8/+10/−2 are fixed offsets with the Etc sign inverted', () => {
    const p = plan('beesender-basic');
    const offsets = p.serviceTimeZones.map((z) => [
      z.id,
      DateTime.fromISO('2025-06-01T12:00Z').setZone(z.calendar.timeZone).offset / 60,
    ]);
    expect(offsets).toEqual([
      ['gmt+1', 1],
      ['gmt+2', 2],
      ['gmt+3', 3],
      ['gmt+8', 8],
      ['gmt+10', 10],
      ['gmt-2', -2],
    ]);
  });

  it('Beesender desk hours: Basic 9–18 Mon–Fri, Business 9–18 every day, Premium 24/7', () => {
    const saturdayNoonPlus3 = DateTime.fromISO('2025-03-08T12:00:00+03:00');
    const p1 = (id: string) => {
      const p = plan(id);
      return dueInstant(
        compileCalendar(serviceCalendar(p, 'gmt+3')!),
        p.targets('P1', 'critical')[0],
        saturdayNoonPlus3,
      ).dueAt.toISO();
    };
    expect(p1('beesender-basic')).toBe('2025-03-10T10:00:00.000Z'); // Monday 09:00 +03 plus 4 h
    expect(p1('beesender-business')).toBe('2025-03-08T10:00:00.000Z'); // Saturday 13:00 +03
    expect(p1('beesender-premium')).toBe('2025-03-08T10:00:00.000Z');
  });

  it('Bird service time zones: US Eastern and US Pacific 9–17, UK 08:30–16:30, Mon–Fri less bank holidays', () => {
    const zones = plan('bird-email-enterprise').serviceTimeZones;
    expect(zones.map((z) => [z.id, z.calendar.timeZone, z.calendar.weekly?.mon, z.calendar.holidayRegion])).toEqual([
      ['us-eastern', 'America/New_York', [{ from: '09:00', to: '17:00' }], 'US'],
      ['us-pacific', 'America/Los_Angeles', [{ from: '09:00', to: '17:00' }], 'US'],
      ['uk', 'Europe/London', [{ from: '08:30', to: '16:30' }], 'GB-ENG'],
    ]);
    expect(zones[0].calendar.weekly?.sat).toBeUndefined();
  });

  it('Bird Enterprise critical issues: 15-minute callback in elapsed time and an hourly update by default; non-critical: one business day, a documented default', () => {
    const p = plan('bird-email-enterprise');
    for (const priority of PRIORITIES) {
      expect(p.targets(priority, 'critical')).toEqual([
        { metric: 'callback', minutes: 15, unit: 'elapsed' },
        { metric: 'nextUpdate', minutes: 60, unit: 'elapsed' },
      ]);
      expect(p.targets(priority, 'nonCritical')).toEqual([{ metric: 'firstResponse', minutes: 480, unit: 'business' }]);
    }
    expect(p.severity1Hotline).toEqual({ available: true, callbackMinutes: 15 });
    expect(p.targetTable.filter((r) => r.basis === 'default').map((r) => r.target.metric)).toEqual([
      'firstResponse',
      'nextUpdate',
    ]);
    expect(p.tam).toMatchObject({ role: 'technicalAccountManager', included: true, reachableBy: ['phone', 'email'] });
  });

  it('Bird Premium has the Bird critical-issue procedure, marked as taken from the Enterprise texts', () => {
    const p = plan('bird-email-premium');
    expect(p.severity1Hotline).toEqual({ available: true, callbackMinutes: 15 });
    expect(p.targets('P1', 'critical')).toEqual([
      { metric: 'callback', minutes: 15, unit: 'elapsed' },
      { metric: 'nextUpdate', minutes: 60, unit: 'elapsed' },
    ]);
    expect(p.targets('P3', 'nonCritical')).toEqual([{ metric: 'firstResponse', minutes: 480, unit: 'business' }]);
    expect(p.targetTable.filter((r) => r.target.metric === 'callback').map((r) => r.basis)).toEqual(['default']);
    expect(p.openQuestions.join(' ')).toContain('names no Severity-1 hotline');
  });

  it('plans serialise to JSON with their target tables', () => {
    const json = JSON.parse(JSON.stringify(plan('beesender-basic')));
    expect(json.targetTable).toHaveLength(2);
    expect(json.targets).toBeUndefined();
  });
});

describe('contract overrides', () => {
  it('change a target, add one, remove one, and can apply to one priority or criticality only', () => {
    const base = plan('bird-email-enterprise').targets('P1', 'critical');
    const result = applyTargetOverrides(
      base,
      [
        { metric: 'nextUpdate', minutes: 30 },
        { metric: 'resolution', minutes: 24 * 60, unit: 'elapsed' },
        { metric: 'callback', remove: true, priority: 'P1' },
        { metric: 'nextUpdate', minutes: 120, criticality: 'nonCritical' },
      ],
      { priority: 'P1', criticality: 'critical' },
    );
    expect(result).toEqual([
      { metric: 'nextUpdate', minutes: 30, unit: 'elapsed' },
      { metric: 'resolution', minutes: 1440, unit: 'elapsed' },
    ]);
    expect(base).toEqual(plan('bird-email-enterprise').targets('P1', 'critical'));
  });

  it('withOverrides amends a copy of the plan and shows the contract rows in its table', () => {
    const original = plan('beesender-basic');
    const amended = withOverrides(original, {
      targets: [{ metric: 'firstResponse', priority: 'P1', minutes: 120 }],
      authorisedContactLimit: 4,
    });
    expect(amended.targets('P1', 'critical')).toEqual([{ metric: 'firstResponse', minutes: 120, unit: 'business' }]);
    expect(amended.targets('P2', 'critical')).toEqual([{ metric: 'firstResponse', minutes: 480, unit: 'business' }]);
    expect(amended.authorisedContactLimit).toBe(4);
    expect(amended.targetTable.filter((r) => r.basis === 'contract')).toEqual([
      expect.objectContaining({
        priorities: ['P1'],
        criticalities: ['critical'],
        target: { metric: 'firstResponse', minutes: 120, unit: 'business' },
      }),
      expect.objectContaining({ priorities: ['P1'], criticalities: ['nonCritical'] }),
    ]);
    expect(original.targets('P1', 'critical')[0].minutes).toBe(240);
    expect(original.authorisedContactLimit).toBe(2);
    expect(validateSupportPlan(amended)).toEqual([]);
  });

  it('invalid overrides are rejected with every problem listed', () => {
    const v = validatePlanOverrides({
      targets: [
        { metric: 'lunch', minutes: -5 },
        { metric: 'callback', unit: 'fortnights', warnAtShare: 2, priority: 'P9' },
      ],
      authorisedContactLimit: 1.5,
      serviceTimeZones: [{ id: 'x', label: 'X', calendar: { timeZone: 'Bad/Zone', weekly: {} } }],
      discount: 10,
    });
    expect(v.ok).toBe(false);
    expect(!v.ok && v.problems.map((p) => p.field)).toEqual([
      'discount',
      'authorisedContactLimit',
      'targets[0].metric',
      'targets[0].minutes',
      'targets[1].priority',
      'targets[1].unit',
      'targets[1].warnAtShare',
      'serviceTimeZones[0].calendar.timeZone',
    ]);
  });
});
