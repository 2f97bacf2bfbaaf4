import { aggregateSpecification } from '@caseledger/testing';
import { DateTime } from 'luxon';
import { InvalidCalendar } from '../shared/calendar';
import { InvalidInstant } from '../shared/instant';
import { ERASED } from '../personal-data/personal-data';
import { Contract } from './contract.aggregate';
import { contractYearBounds, contractYearOf } from './contract-year';
import {
  AllowanceExhausted,
  AuthorisedContactNotFound,
  ContactAlreadyAuthorised,
  ContactLimitReached,
  ContractAlreadySigned,
  ContractEnded,
  ContractNotFound,
  ContractStillRunning,
  DowngradeExceedsContactLimit,
  InvalidContractPeriod,
  InvalidEffectiveDate,
  InvalidPlanOverrides,
  PersonalDataAlreadyErased,
  PlanUnchanged,
  UnknownPlan,
  UnknownServiceTimeZone,
} from './contract.errors';
import {
  ApplicationUpdateRequested,
  AuthorisedContactAdded,
  AuthorisedContactRevoked,
  ContactPersonalDataErased,
  ContractCalendarChanged,
  ContractExpired,
  ContractPlanChanged,
  ContractSigned,
  ContractSignedData,
  ContractTerminated,
} from './contract.events';

const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
const spec = aggregateSpecification(() => new Contract());

const GMT3_BUSINESS_HOURS = {
  timeZone: 'Etc/GMT-3',
  weekly: {
    mon: [{ from: '09:00', to: '18:00' }],
    tue: [{ from: '09:00', to: '18:00' }],
    wed: [{ from: '09:00', to: '18:00' }],
    thu: [{ from: '09:00', to: '18:00' }],
    fri: [{ from: '09:00', to: '18:00' }],
    sat: [{ from: '09:00', to: '18:00' }],
    sun: [{ from: '09:00', to: '18:00' }],
  },
  version: 1,
};

const signed = (overrides: Partial<ContractSignedData> = {}) =>
  new ContractSigned({
    contractId: 'k-1',
    accountId: 'acc-1',
    planId: 'beesender-business',
    serviceTimeZone: 'gmt+3',
    calendar: GMT3_BUSINESS_HOURS,
    overrides: {},
    startsAt: '2026-01-01T00:00:00.000Z',
    endsAt: '2027-01-01T00:00:00.000Z',
    signedAt: '2025-12-20T10:00:00.000Z',
    ...overrides,
  });

const contactAdded = (contactId: string, addedAt = '2026-01-02T10:00:00.000Z') =>
  new AuthorisedContactAdded({
    contractId: 'k-1',
    contact: { contactId, name: `Name ${contactId}`, email: `${contactId}@example.com`, phone: null },
    at: addedAt,
  });

const addContact =
  (contactId: string, when = '2026-02-01T10:00:00Z') =>
  (c: Contract) =>
    c.addAuthorisedContact({ contactId, name: `Name ${contactId}`, email: `${contactId}@example.com`, at: at(when) });

const signBeesenderBusiness = {
  contractId: 'k-1',
  accountId: 'acc-1',
  planId: 'beesender-business',
  serviceTimeZone: 'gmt+3',
  startsAt: at('2026-01-01T00:00:00Z'),
  endsAt: at('2027-01-01T00:00:00Z'),
  now: at('2025-12-20T10:00:00Z'),
};

describe('Contract', () => {
  describe('sign', () => {
    it('records the plan, the service time zone calendar as version 1 and the contract period', () => {
      spec
        .given()
        .when((c) => c.sign(signBeesenderBusiness))
        .then(signed());
    });

    it('a custom calendar replaces the service time zone calendar', () => {
      const calendar = {
        timeZone: 'Europe/Moscow',
        weekly: { mon: [{ from: '10:00', to: '19:00' }] },
        closedDates: ['2026-05-01'],
      };
      spec
        .given()
        .when((c) => c.sign({ ...signBeesenderBusiness, calendar }))
        .then(signed({ calendar: { ...calendar, version: 1 } }));
    });

    it('without a service time zone the plan default zone applies', () => {
      const { serviceTimeZone: _omit, ...command } = signBeesenderBusiness;
      spec
        .given()
        .when((c) => c.sign(command))
        .then(signed());
    });

    it('records target overrides and other plan amendments in the contract', () => {
      spec
        .given()
        .when((c) =>
          c.sign({
            ...signBeesenderBusiness,
            endsAt: undefined,
            targetOverrides: [{ metric: 'resolution', priority: 'P2', minutes: 960, unit: 'business' }],
            planOverrides: { authorisedContactLimit: 7 },
          }),
        )
        .then(
          signed({
            endsAt: null,
            overrides: {
              authorisedContactLimit: 7,
              targets: [{ metric: 'resolution', priority: 'P2', minutes: 960, unit: 'business' }],
            },
          }),
        );
    });

    it('a contract is signed only once', () => {
      spec
        .given(signed())
        .when((c) => c.sign(signBeesenderBusiness))
        .thenThrows(ContractAlreadySigned);
    });

    it('an unknown plan is refused', () => {
      spec
        .given()
        .when((c) => c.sign({ ...signBeesenderBusiness, planId: 'gold' }))
        .thenThrows(UnknownPlan, (e) => expect(e.planId).toBe('gold'));
    });

    it('a service time zone the plan does not offer is refused', () => {
      spec
        .given()
        .when((c) => c.sign({ ...signBeesenderBusiness, serviceTimeZone: 'uk' }))
        .thenThrows(UnknownServiceTimeZone, (e) => expect(e.offered).toContain('gmt+3'));
    });

    it('an invalid custom calendar is refused with every problem named by field', () => {
      spec
        .given()
        .when((c) => c.sign({ ...signBeesenderBusiness, calendar: { timeZone: 'Mars/Olympus' } }))
        .thenThrows(InvalidCalendar, (e) => expect(e.problems[0].field).toBe('calendar.timeZone'));
    });

    it('a contract must end after it starts', () => {
      spec
        .given()
        .when((c) => c.sign({ ...signBeesenderBusiness, endsAt: at('2026-01-01T00:00:00Z') }))
        .thenThrows(InvalidContractPeriod);
    });

    it('invalid target overrides are refused', () => {
      spec
        .given()
        .when((c) =>
          c.sign({
            ...signBeesenderBusiness,
            targetOverrides: [{ metric: 'resolution', minutes: -5, unit: 'business' }],
          }),
        )
        .thenThrows(InvalidPlanOverrides, (e) => expect(e.problems[0].field).toBe('targets[0].minutes'));
    });

    it('an invalid instant is refused', () => {
      spec
        .given()
        .when((c) => c.sign({ ...signBeesenderBusiness, startsAt: DateTime.invalid('nonsense') }))
        .thenThrows(InvalidInstant, (e) => expect(e.field).toBe('startsAt'));
    });
  });

  describe('authorised contacts', () => {
    it('an authorised contact is added with name, email and phone', () => {
      spec
        .given(signed())
        .when((c) =>
          c.addAuthorisedContact({
            contactId: 'c-1',
            name: 'Olga',
            email: 'olga@example.com',
            phone: '+7 900',
            at: at('2026-01-02T10:00:00Z'),
          }),
        )
        .then(
          new AuthorisedContactAdded({
            contractId: 'k-1',
            contact: { contactId: 'c-1', name: 'Olga', email: 'olga@example.com', phone: '+7 900' },
            at: '2026-01-02T10:00:00.000Z',
          }),
        );
    });

    it('the contact over the plan limit is refused with ContactLimitReached (Business: 5)', () => {
      spec
        .given(signed(), ...['c-1', 'c-2', 'c-3', 'c-4', 'c-5'].map((id) => contactAdded(id)))
        .when(addContact('c-6'))
        .thenThrows(ContactLimitReached, (e) => expect([e.planId, e.limit]).toEqual(['beesender-business', 5]));
    });

    it('the contract override of the contact limit replaces the plan limit', () => {
      spec
        .given(signed({ overrides: { authorisedContactLimit: 1 } }), contactAdded('c-1'))
        .when(addContact('c-2'))
        .thenThrows(ContactLimitReached, (e) => expect(e.limit).toBe(1));
    });

    it('a scheduled downgrade already caps new contacts', () => {
      spec
        .given(
          signed(),
          contactAdded('c-1'),
          new ContractPlanChanged({
            contractId: 'k-1',
            fromPlanId: 'beesender-business',
            toPlanId: 'beesender-basic',
            effectiveAt: '2026-06-01T00:00:00.000Z',
          }),
          contactAdded('c-2'),
        )
        .when(addContact('c-3', '2026-02-01T00:00:00Z'))
        .thenThrows(ContactLimitReached, (e) => expect([e.planId, e.limit]).toEqual(['beesender-basic', 2]));
    });

    it('the same contact cannot be authorised twice', () => {
      spec.given(signed(), contactAdded('c-1')).when(addContact('c-1')).thenThrows(ContactAlreadyAuthorised);
    });

    it('a revoked contact frees a place under the limit', () => {
      const contract = spec
        .given(
          signed({ planId: 'beesender-basic' }),
          contactAdded('c-1'),
          contactAdded('c-2'),
          new AuthorisedContactRevoked({ contractId: 'k-1', contactId: 'c-1', at: '2026-01-03T00:00:00.000Z' }),
        )
        .when(addContact('c-3'))
        .then(contactAdded('c-3', '2026-02-01T10:00:00.000Z'));
      expect(contract.authorisedContacts.map((c) => c.contactId)).toEqual(['c-2', 'c-3']);
    });

    it('an authorised contact is revoked', () => {
      const contract = spec
        .given(signed(), contactAdded('c-1'))
        .when((c) => c.revokeAuthorisedContact({ contactId: 'c-1', at: at('2026-03-01T00:00:00Z') }))
        .then(new AuthorisedContactRevoked({ contractId: 'k-1', contactId: 'c-1', at: '2026-03-01T00:00:00.000Z' }));
      expect(contract.isAuthorisedContact('c-1')).toBe(false);
    });

    it('revoking a contact who is not authorised is refused', () => {
      spec
        .given(signed())
        .when((c) => c.revokeAuthorisedContact({ contactId: 'c-9', at: at('2026-03-01T00:00:00Z') }))
        .thenThrows(AuthorisedContactNotFound);
    });

    it('contacts cannot be added to a contract never signed', () => {
      spec.given().when(addContact('c-1')).thenThrows(ContractNotFound);
    });

    it('contacts cannot be added to a terminated contract', () => {
      spec
        .given(
          signed(),
          new ContractTerminated({ contractId: 'k-1', reason: 'unpaid', at: '2026-03-01T00:00:00.000Z' }),
        )
        .when(addContact('c-1'))
        .thenThrows(ContractEnded, (e) => expect(e.how).toBe('terminated'));
    });
  });

  describe('changePlan', () => {
    it('an upgrade takes effect from its instant, and the plan before it still governs earlier instants', () => {
      const contract = spec
        .given(signed({ planId: 'beesender-basic' }))
        .when((c) => c.changePlan({ planId: 'beesender-premium', effectiveAt: at('2026-04-01T00:00:00Z') }))
        .then(
          new ContractPlanChanged({
            contractId: 'k-1',
            fromPlanId: 'beesender-basic',
            toPlanId: 'beesender-premium',
            effectiveAt: '2026-04-01T00:00:00.000Z',
          }),
        );
      expect(contract.planAt(at('2026-03-31T23:59:59Z')).id).toBe('beesender-basic');
      expect(contract.planAt(at('2026-04-01T00:00:00Z')).id).toBe('beesender-premium');
    });

    it('a downgrade below the number of authorised contacts is refused, not applied by revoking contacts', () => {
      spec
        .given(signed(), contactAdded('c-1'), contactAdded('c-2'), contactAdded('c-3'))
        .when((c) => c.changePlan({ planId: 'beesender-basic', effectiveAt: at('2026-04-01T00:00:00Z') }))
        .thenThrows(DowngradeExceedsContactLimit, (e) => expect([e.limit, e.authorisedContacts]).toEqual([2, 3]));
    });

    it('changing to the same plan is refused', () => {
      spec
        .given(signed())
        .when((c) => c.changePlan({ planId: 'beesender-business', effectiveAt: at('2026-04-01T00:00:00Z') }))
        .thenThrows(PlanUnchanged);
    });

    it('changing to an unknown plan is refused', () => {
      spec
        .given(signed())
        .when((c) => c.changePlan({ planId: 'platinum', effectiveAt: at('2026-04-01T00:00:00Z') }))
        .thenThrows(UnknownPlan);
    });

    it('a plan change cannot take effect before the contract starts', () => {
      spec
        .given(signed())
        .when((c) => c.changePlan({ planId: 'beesender-premium', effectiveAt: at('2025-12-31T00:00:00Z') }))
        .thenThrows(InvalidEffectiveDate);
    });

    it('a plan change must take effect after the previous change', () => {
      spec
        .given(
          signed(),
          new ContractPlanChanged({
            contractId: 'k-1',
            fromPlanId: 'beesender-business',
            toPlanId: 'beesender-premium',
            effectiveAt: '2026-04-01T00:00:00.000Z',
          }),
        )
        .when((c) => c.changePlan({ planId: 'beesender-basic', effectiveAt: at('2026-03-01T00:00:00Z') }))
        .thenThrows(InvalidEffectiveDate);
    });

    it('a plan change cannot take effect after the contract ends', () => {
      spec
        .given(signed())
        .when((c) => c.changePlan({ planId: 'beesender-premium', effectiveAt: at('2027-02-01T00:00:00Z') }))
        .thenThrows(InvalidEffectiveDate);
    });
  });

  describe('changeCalendar', () => {
    it('a calendar change records the next version from now, and earlier instants keep the earlier version', () => {
      const calendar = { timeZone: 'Etc/GMT-3', alwaysOpen: true };
      const contract = spec
        .given(signed())
        .when((c) => c.changeCalendar({ calendar, now: at('2026-05-01T00:00:00Z') }))
        .then(
          new ContractCalendarChanged({
            contractId: 'k-1',
            calendar: { ...calendar, version: 2 },
            effectiveAt: '2026-05-01T00:00:00.000Z',
          }),
        );
      expect(contract.calendar.version).toBe(2);
      expect(contract.calendarAt(at('2026-04-30T00:00:00Z')).version).toBe(1);
    });

    it('an invalid calendar is refused', () => {
      spec
        .given(signed())
        .when((c) =>
          c.changeCalendar({
            // Monday's night runs to Tuesday 09:00, into Tuesday's own opening.
            calendar: {
              timeZone: 'UTC',
              weekly: { mon: [{ from: '18:00', to: '09:00' }], tue: [{ from: '08:00', to: '12:00' }] },
            },
            now: at('2026-05-01T00:00:00Z'),
          }),
        )
        .thenThrows(InvalidCalendar);
    });

    it('the calendar of an expired contract cannot change', () => {
      spec
        .given(
          signed(),
          new ContractExpired({
            contractId: 'k-1',
            endsAt: '2027-01-01T00:00:00.000Z',
            at: '2027-01-01T00:00:00.000Z',
          }),
        )
        .when((c) => c.changeCalendar({ calendar: GMT3_BUSINESS_HOURS, now: at('2027-02-01T00:00:00Z') }))
        .thenThrows(ContractEnded, (e) => expect(e.how).toBe('expired'));
    });
  });

  describe('terminate and expire', () => {
    it('a terminated contract is no longer active from the termination', () => {
      const contract = spec
        .given(signed())
        .when((c) => c.terminate({ reason: 'customer left', at: at('2026-06-01T00:00:00Z') }))
        .then(new ContractTerminated({ contractId: 'k-1', reason: 'customer left', at: '2026-06-01T00:00:00.000Z' }));
      expect(contract.isActiveAt(at('2026-05-31T23:59:59Z'))).toBe(true);
      expect(contract.isActiveAt(at('2026-06-01T00:00:00Z'))).toBe(false);
    });

    it('a contract is terminated only once', () => {
      spec
        .given(signed(), new ContractTerminated({ contractId: 'k-1', reason: 'x', at: '2026-06-01T00:00:00.000Z' }))
        .when((c) => c.terminate({ reason: 'again', at: at('2026-07-01T00:00:00Z') }))
        .thenThrows(ContractEnded);
    });

    it('a contract expires at or after its end date', () => {
      spec
        .given(signed())
        .when((c) => c.expire({ at: at('2027-01-01T00:00:00Z') }))
        .then(
          new ContractExpired({
            contractId: 'k-1',
            endsAt: '2027-01-01T00:00:00.000Z',
            at: '2027-01-01T00:00:00.000Z',
          }),
        );
    });

    it('a contract cannot expire before its end date', () => {
      spec
        .given(signed())
        .when((c) => c.expire({ at: at('2026-12-31T23:59:59Z') }))
        .thenThrows(ContractStillRunning);
    });

    it('a contract without an end date never expires', () => {
      spec
        .given(signed({ endsAt: null }))
        .when((c) => c.expire({ at: at('2030-01-01T00:00:00Z') }))
        .thenThrows(ContractStillRunning, (e) => expect(e.endsAt).toBeNull());
    });

    it('a terminated contract cannot also expire', () => {
      spec
        .given(signed(), new ContractTerminated({ contractId: 'k-1', reason: 'x', at: '2026-06-01T00:00:00.000Z' }))
        .when((c) => c.expire({ at: at('2027-01-02T00:00:00Z') }))
        .thenThrows(ContractEnded);
    });
  });

  describe('queries', () => {
    const contract = Contract.fromHistory([
      signed({ overrides: { targets: [{ metric: 'resolution', priority: 'P2', minutes: 960, unit: 'business' }] } }),
      contactAdded('c-1'),
      new ContractPlanChanged({
        contractId: 'k-1',
        fromPlanId: 'beesender-business',
        toPlanId: 'beesender-premium',
        effectiveAt: '2026-06-01T00:00:00.000Z',
      }),
    ]);

    it('is active from its start until its end date', () => {
      expect(contract.isActiveAt(at('2025-12-31T23:59:59Z'))).toBe(false);
      expect(contract.isActiveAt(at('2026-01-01T00:00:00Z'))).toBe(true);
      expect(contract.isActiveAt(at('2027-01-01T00:00:00Z'))).toBe(false);
    });

    it('the targets of a class apply the contract overrides on top of the plan in force', () => {
      expect(contract.targetsFor('P2', 'nonCritical', at('2026-02-01T00:00:00Z'))).toEqual([
        { metric: 'firstResponse', minutes: 240, unit: 'business' },
        { metric: 'resolution', minutes: 960, unit: 'business' },
      ]);
      expect(contract.targetsFor('P1', 'nonCritical', at('2026-02-01T00:00:00Z'))).toEqual([
        { metric: 'firstResponse', minutes: 60, unit: 'business' },
      ]);
    });

    it('channels are those the plan takes cases or talks through', () => {
      expect(contract.allowsChannel('phone', at('2026-02-01T00:00:00Z'))).toBe(true);
      expect(contract.allowsChannel('skype', at('2026-02-01T00:00:00Z'))).toBe(false);
      expect(contract.allowsChannel('skype')).toBe(true);
      expect(contract.hasSeverity1Hotline).toBe(false);
    });

    it('terms at an instant are a plain snapshot of the plan, calendar, targets and contacts in force then', () => {
      const terms = contract.termsAt(at('2026-02-01T00:00:00Z'));
      expect(terms).toMatchObject({
        contractId: 'k-1',
        accountId: 'acc-1',
        asOf: '2026-02-01T00:00:00.000Z',
        planId: 'beesender-business',
        planName: 'Business',
        calendar: GMT3_BUSINESS_HOURS,
        pausingMetrics: ['nextUpdate', 'workaround', 'resolution'],
        hotline: { available: false, callbackMinutes: null },
        authorisedContactIds: ['c-1'],
        endedAt: null,
      });
      expect(terms.channels).toEqual(expect.arrayContaining(['portal', 'email', 'chatBot', 'phone']));
      expect(terms.targets.P2.nonCritical).toEqual(
        contract.targetsFor('P2', 'nonCritical', at('2026-02-01T00:00:00Z')),
      );
      expect(JSON.parse(JSON.stringify(terms))).toEqual(terms);
      expect(contract.termsAt(at('2026-07-01T00:00:00Z')).planId).toBe('beesender-premium');
    });
  });

  describe('erasePersonalData', () => {
    const erased = (contactId: string, when = '2026-05-01T00:00:00.000Z') =>
      new ContactPersonalDataErased({ contractId: 'k-1', contactId, at: when });
    const erase =
      (contactId: string, when = '2026-05-01T00:00:00Z') =>
      (c: Contract) =>
        c.erasePersonalData({ contactId, at: at(when) });

    it("an authorised contact's personal data is erased, and the contact stays authorised under its id", () => {
      const contract = spec.given(signed(), contactAdded('c-1')).when(erase('c-1')).then(erased('c-1'));
      expect(contract.isAuthorisedContact('c-1')).toBe(true);
      expect(contract.isPersonalDataErased('c-1')).toBe(true);
      expect(contract.authorisedContacts).toEqual([{ contactId: 'c-1', name: ERASED, email: ERASED, phone: null }]);
    });

    it('a revoked contact can be erased, and so can a contact of a terminated contract', () => {
      spec
        .given(
          signed(),
          contactAdded('c-1'),
          new AuthorisedContactRevoked({ contractId: 'k-1', contactId: 'c-1', at: '2026-03-01T00:00:00.000Z' }),
          new ContractTerminated({ contractId: 'k-1', reason: 'unpaid', at: '2026-04-01T00:00:00.000Z' }),
        )
        .when(erase('c-1'))
        .then(erased('c-1'));
    });

    it('a contact the contract never authorised is not found', () => {
      spec.given(signed(), contactAdded('c-1')).when(erase('c-9')).thenThrows(AuthorisedContactNotFound);
    });

    it('erasing twice is refused; a contact authorised again after an erasure can be erased again', () => {
      spec.given(signed(), contactAdded('c-1'), erased('c-1')).when(erase('c-1')).thenThrows(PersonalDataAlreadyErased);
      spec
        .given(
          signed(),
          contactAdded('c-1'),
          new AuthorisedContactRevoked({ contractId: 'k-1', contactId: 'c-1', at: '2026-03-01T00:00:00.000Z' }),
          erased('c-1', '2026-03-02T00:00:00.000Z'),
          contactAdded('c-1', '2026-04-01T00:00:00.000Z'),
        )
        .when(erase('c-1'))
        .then(erased('c-1'));
    });

    it('a contract whose contacts read as erased still folds and decides', () => {
      const contract = spec
        .given(
          signed(),
          new AuthorisedContactAdded({
            contractId: 'k-1',
            contact: { contactId: 'c-1', name: ERASED, email: ERASED, phone: ERASED },
            at: '2026-01-02T10:00:00.000Z',
          }),
        )
        .when(addContact('c-2'))
        .then(contactAdded('c-2', '2026-02-01T10:00:00.000Z'));
      expect(contract.authorisedContacts.map((c) => c.name)).toEqual([ERASED, 'Name c-2']);
    });
  });
});

describe('Contract application updates', () => {
  const updateRequested = (contractYear: number, when: string) =>
    new ApplicationUpdateRequested({ contractId: 'k-1', contractYear, description: 'Update 5.2', at: when });
  const requestUpdate = (when: string) => (c: Contract) =>
    c.requestApplicationUpdate({ description: 'Update 5.2', at: at(when) });

  it('counts an update against the contract year it falls in', () => {
    spec
      .given(signed({ endsAt: null }), updateRequested(1, '2026-02-01T10:00:00.000Z'))
      .when(requestUpdate('2026-12-31T23:59:59Z'))
      .then(updateRequested(1, '2026-12-31T23:59:59.000Z'));
  });

  it('refuses the update past the yearly allowance with AllowanceExhausted (Business: 2 a year)', () => {
    spec
      .given(
        signed({ endsAt: null }),
        updateRequested(1, '2026-02-01T10:00:00.000Z'),
        updateRequested(1, '2026-03-01T10:00:00.000Z'),
      )
      .when(requestUpdate('2026-06-01T10:00:00Z'))
      .thenThrows(AllowanceExhausted, (e) =>
        expect([e.planId, e.limit, e.contractYear]).toEqual(['beesender-business', 2, 1]),
      );
  });

  it('a new contract year starts with the whole allowance again', () => {
    spec
      .given(
        signed({ endsAt: null }),
        updateRequested(1, '2026-02-01T10:00:00.000Z'),
        updateRequested(1, '2026-03-01T10:00:00.000Z'),
      )
      .when(requestUpdate('2027-01-01T00:00:00Z'))
      .then(updateRequested(2, '2027-01-01T00:00:00.000Z'));
  });

  it('a plan without the allowance refuses the first update; an override grants one', () => {
    spec
      .given(signed({ planId: 'beesender-basic' }))
      .when(requestUpdate('2026-02-01T10:00:00Z'))
      .thenThrows(AllowanceExhausted, (e) => expect(e.limit).toBe(0));
    spec
      .given(signed({ planId: 'beesender-basic', overrides: { updateAllowancePerYear: 1 } }))
      .when(requestUpdate('2026-02-01T10:00:00Z'))
      .then(updateRequested(1, '2026-02-01T10:00:00.000Z'));
  });
});

describe('contract years', () => {
  it('run from the start to each anniversary', () => {
    expect(contractYearOf('2026-03-15T00:00:00.000Z', '2027-03-14T23:59:59.999Z')).toBe(1);
    expect(contractYearOf('2026-03-15T00:00:00.000Z', '2027-03-15T00:00:00.000Z')).toBe(2);
    expect(contractYearOf('2026-03-15T00:00:00.000Z', '2026-01-01T00:00:00.000Z')).toBe(1);
    expect(contractYearBounds('2026-03-15T00:00:00.000Z', 2)).toEqual({
      from: '2027-03-15T00:00:00.000Z',
      to: '2028-03-15T00:00:00.000Z',
    });
  });
});
