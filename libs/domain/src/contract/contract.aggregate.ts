import { AggregateRoot } from '@nestjs/cqrs';
import {
  CalendarDefinition,
  Channel,
  CRITICALITIES,
  Criticality,
  getPlan,
  PlanId,
  PlanOverrides,
  PRIORITIES,
  Priority,
  SlaTarget,
  SupportPlan,
  TargetOverride,
  validatePlanOverrides,
  withOverrides,
} from '@caseledger/sla';
import { DateTime } from 'luxon';
import { validCalendar } from '../shared/calendar';
import { fromIsoInstant, IsoInstant, toIsoInstant } from '../shared/instant';
import { contractYearOf } from './contract-year';
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
  AuthorisedContact,
  AuthorisedContactAdded,
  AuthorisedContactRevoked,
  ContactPersonalDataErased,
  ContractCalendarChanged,
  ContractEvent,
  ContractExpired,
  ContractPlanChanged,
  ContractSigned,
  ContractTerminated,
} from './contract.events';
import { ContractTerms, TargetsByClass, termsActiveAt } from './contract-terms';
import { ERASED } from '../personal-data/personal-data';

export type ContractStatus = 'unsigned' | 'signed' | 'terminated' | 'expired';

export type VersionedCalendar = CalendarDefinition & { version: number };

export interface SignContract {
  contractId: string;
  accountId: string;
  planId: string;
  /** One of the plan's service time zone ids; the plan's default zone when omitted. */
  serviceTimeZone?: string;
  /** A custom calendar that replaces the service time zone's. */
  calendar?: CalendarDefinition;
  /** Changes to the plan's targets, e.g. a resolution target the plan does not have. */
  targetOverrides?: TargetOverride[];
  /** Other amendments to the plan: contact limit, Severity-1 hotline, service time zones. */
  planOverrides?: Omit<PlanOverrides, 'targets'>;
  startsAt: DateTime;
  endsAt?: DateTime;
  now: DateTime;
}

export interface AddAuthorisedContact {
  contactId: string;
  name: string;
  email: string;
  phone?: string;
  at: DateTime;
}

interface Dated<T> {
  value: T;
  effectiveAt: IsoInstant;
}

function knownPlan(planId: string, overrides: PlanOverrides): SupportPlan {
  const plan = getPlan(planId);
  if (!plan) throw new UnknownPlan(planId);
  return withOverrides(plan, overrides);
}

/** The entry in force at `atMs`: the last one effective at or before it, else the first. */
function inForceAt<T>(history: readonly Dated<T>[], atMs: number): T {
  let current = history[0];
  for (const entry of history) if (Date.parse(entry.effectiveAt) <= atMs) current = entry;
  return current.value;
}

function checkedOverrides(
  targetOverrides: readonly TargetOverride[] | undefined,
  planOverrides: Omit<PlanOverrides, 'targets'> | undefined,
): PlanOverrides {
  const overrides: PlanOverrides = { ...(planOverrides ?? {}) };
  if (targetOverrides !== undefined && targetOverrides.length > 0) overrides.targets = [...targetOverrides];
  const validation = validatePlanOverrides(overrides);
  if (!validation.ok) throw new InvalidPlanOverrides(validation.problems);
  // Round-trip through JSON so the event holds plain data only (no undefined, no shared references).
  return JSON.parse(JSON.stringify(validation.overrides)) as PlanOverrides;
}

export class Contract extends AggregateRoot<ContractEvent> {
  private _id = '';
  private _accountId = '';
  private _status: ContractStatus = 'unsigned';
  private _serviceTimeZone = '';
  private _startsAt: IsoInstant = '';
  private _endsAt: IsoInstant | null = null;
  private _endedAt: IsoInstant | null = null;
  private _plans: Dated<PlanId>[] = [];
  private _calendars: Dated<VersionedCalendar>[] = [];
  private _overrides: PlanOverrides = {};
  private _contacts = new Map<string, AuthorisedContact>();
  /** Every contact ever authorised, revoked ones included: their data stays on the record until erased. */
  private _knownContacts = new Set<string>();
  private _erasedContacts = new Set<string>();
  /** The contract year of each application update requested so far. */
  private _applicationUpdates: number[] = [];

  static fromHistory(events: readonly ContractEvent[]): Contract {
    const contract = new Contract();
    contract.loadFromHistory([...events]);
    return contract;
  }

  protected override getEventName(event: ContractEvent): string {
    return event.type;
  }

  // ── commands ────────────────────────────────────────────────────────────

  sign(command: SignContract): void {
    if (this._status !== 'unsigned') throw new ContractAlreadySigned(this._id);
    const overrides = checkedOverrides(command.targetOverrides, command.planOverrides);
    const plan = knownPlan(command.planId, overrides);
    const zoneId = command.serviceTimeZone ?? plan.defaultServiceTimeZone;
    const zone = plan.serviceTimeZones.find((z) => z.id === zoneId);
    if (!zone)
      throw new UnknownServiceTimeZone(
        plan.id,
        zoneId,
        plan.serviceTimeZones.map((z) => z.id),
      );
    const calendar = validCalendar(command.calendar ?? zone.calendar, 'calendar');
    const startsAt = toIsoInstant(command.startsAt, 'startsAt');
    const endsAt = command.endsAt === undefined ? null : toIsoInstant(command.endsAt, 'endsAt');
    if (endsAt !== null && Date.parse(endsAt) <= Date.parse(startsAt)) {
      throw new InvalidContractPeriod(`endsAt (${endsAt}) must be after startsAt (${startsAt})`);
    }
    this.apply(
      new ContractSigned({
        contractId: command.contractId,
        accountId: command.accountId,
        planId: plan.id,
        serviceTimeZone: zone.id,
        calendar: { ...calendar, version: 1 },
        overrides,
        startsAt,
        endsAt,
        signedAt: toIsoInstant(command.now, 'now'),
      }),
    );
  }

  addAuthorisedContact(command: AddAuthorisedContact): void {
    this.assertRunning();
    if (this._contacts.has(command.contactId)) throw new ContactAlreadyAuthorised(command.contactId);
    const at = toIsoInstant(command.at);
    // A scheduled downgrade already binds: a contact added now would have to be revoked at its start.
    const binding = this.plansFrom(Date.parse(at)).reduce((min, plan) =>
      plan.authorisedContactLimit < min.authorisedContactLimit ? plan : min,
    );
    if (this._contacts.size >= binding.authorisedContactLimit)
      throw new ContactLimitReached(binding.id, binding.authorisedContactLimit);
    this.apply(
      new AuthorisedContactAdded({
        contractId: this._id,
        contact: {
          contactId: command.contactId,
          name: command.name,
          email: command.email,
          phone: command.phone ?? null,
        },
        at,
      }),
    );
  }

  revokeAuthorisedContact(command: { contactId: string; at: DateTime }): void {
    this.assertRunning();
    if (!this._contacts.has(command.contactId)) throw new AuthorisedContactNotFound(command.contactId);
    this.apply(
      new AuthorisedContactRevoked({
        contractId: this._id,
        contactId: command.contactId,
        at: toIsoInstant(command.at),
      }),
    );
  }

  /**
   * Erasure applies to any contact the contract ever authorised, revoked or not, and on a contract
   * that has ended: the right to erasure outlives the contract. Re-authorised after an erasure, a
   * contact can be erased again.
   */
  erasePersonalData(command: { contactId: string; at: DateTime }): void {
    this.assertSigned();
    if (!this._knownContacts.has(command.contactId)) throw new AuthorisedContactNotFound(command.contactId);
    if (this._erasedContacts.has(command.contactId)) throw new PersonalDataAlreadyErased(command.contactId);
    this.apply(
      new ContactPersonalDataErased({
        contractId: this._id,
        contactId: command.contactId,
        at: toIsoInstant(command.at),
      }),
    );
  }

  /**
   * Upgrades and downgrades alike take effect at `effectiveAt`. A downgrade below the number of
   * authorised contacts is refused rather than revoking anyone implicitly.
   */
  changePlan(command: { planId: string; effectiveAt: DateTime }): void {
    this.assertRunning();
    const plan = knownPlan(command.planId, this._overrides);
    const latest = this._plans[this._plans.length - 1];
    if (latest.value === plan.id) throw new PlanUnchanged(plan.id);
    const effectiveAt = toIsoInstant(command.effectiveAt, 'effectiveAt');
    const effectiveMs = Date.parse(effectiveAt);
    if (effectiveMs < Date.parse(this._startsAt))
      throw new InvalidEffectiveDate(
        `a plan change cannot take effect (${effectiveAt}) before the contract starts (${this._startsAt})`,
      );
    if (effectiveMs <= Date.parse(latest.effectiveAt)) {
      throw new InvalidEffectiveDate(`a plan change must take effect after the previous one (${latest.effectiveAt})`);
    }
    if (this._endsAt !== null && effectiveMs >= Date.parse(this._endsAt)) {
      throw new InvalidEffectiveDate(
        `a plan change cannot take effect (${effectiveAt}) after the contract ends (${this._endsAt})`,
      );
    }
    if (this._contacts.size > plan.authorisedContactLimit) {
      throw new DowngradeExceedsContactLimit(plan.id, plan.authorisedContactLimit, this._contacts.size);
    }
    this.apply(
      new ContractPlanChanged({ contractId: this._id, fromPlanId: latest.value, toPlanId: plan.id, effectiveAt }),
    );
  }

  /** Records a new calendar version from `now`; cases already open keep the version they recorded. */
  changeCalendar(command: { calendar: CalendarDefinition; now: DateTime }): void {
    this.assertRunning();
    const { version, ...definition } = validCalendar(command.calendar, 'calendar');
    void version;
    this.apply(
      new ContractCalendarChanged({
        contractId: this._id,
        calendar: { ...definition, version: this.calendar.version + 1 },
        effectiveAt: toIsoInstant(command.now, 'now'),
      }),
    );
  }

  /** Counts against the plan's yearly allowance in force at `at`; the request past it is refused. */
  requestApplicationUpdate(command: { description: string; at: DateTime }): void {
    this.assertRunning();
    const at = toIsoInstant(command.at);
    const plan = knownPlan(inForceAt(this._plans, Date.parse(at)), this._overrides);
    const contractYear = contractYearOf(this._startsAt, at);
    const used = this._applicationUpdates.filter((year) => year === contractYear).length;
    if (used >= plan.updateAllowancePerYear)
      throw new AllowanceExhausted('application updates', plan.id, plan.updateAllowancePerYear, contractYear);
    this.apply(
      new ApplicationUpdateRequested({ contractId: this._id, contractYear, description: command.description, at }),
    );
  }

  terminate(command: { reason: string; at: DateTime }): void {
    this.assertRunning();
    this.apply(new ContractTerminated({ contractId: this._id, reason: command.reason, at: toIsoInstant(command.at) }));
  }

  expire(command: { at: DateTime }): void {
    this.assertRunning();
    const at = toIsoInstant(command.at);
    if (this._endsAt === null || Date.parse(at) < Date.parse(this._endsAt))
      throw new ContractStillRunning(this._id, this._endsAt);
    this.apply(new ContractExpired({ contractId: this._id, endsAt: this._endsAt, at }));
  }

  // ── queries ─────────────────────────────────────────────────────────────

  get id(): string {
    return this._id;
  }

  get accountId(): string {
    return this._accountId;
  }

  get status(): ContractStatus {
    return this._status;
  }

  get serviceTimeZone(): string {
    return this._serviceTimeZone;
  }

  get startsAt(): DateTime {
    return fromIsoInstant(this._startsAt);
  }

  get endsAt(): DateTime | null {
    return this._endsAt === null ? null : fromIsoInstant(this._endsAt);
  }

  get endedAt(): DateTime | null {
    return this._endedAt === null ? null : fromIsoInstant(this._endedAt);
  }

  get overrides(): PlanOverrides {
    return this._overrides;
  }

  get authorisedContacts(): readonly AuthorisedContact[] {
    return [...this._contacts.values()];
  }

  isAuthorisedContact(contactId: string): boolean {
    return this._contacts.has(contactId);
  }

  /** Whether the contract ever authorised the contact, revoked or not. */
  hasKnownContact(contactId: string): boolean {
    return this._knownContacts.has(contactId);
  }

  /** Whether the contact's personal data was erased since it was last authorised. */
  isPersonalDataErased(contactId: string): boolean {
    return this._erasedContacts.has(contactId);
  }

  isActiveAt(t: DateTime): boolean {
    return (
      this._status !== 'unsigned' &&
      termsActiveAt({ startsAt: this._startsAt, endsAt: this._endsAt, endedAt: this._endedAt }, t.toMillis())
    );
  }

  /** The plan in force at `t`; before the start, the plan signed. */
  planAt(t: DateTime): SupportPlan {
    this.assertSigned();
    return knownPlan(inForceAt(this._plans, t.toMillis()), this._overrides);
  }

  /** The latest plan recorded, including one scheduled for the future. */
  get plan(): SupportPlan {
    this.assertSigned();
    return knownPlan(this._plans[this._plans.length - 1].value, this._overrides);
  }

  /** The latest calendar version. */
  get calendar(): VersionedCalendar {
    this.assertSigned();
    return this._calendars[this._calendars.length - 1].value;
  }

  calendarAt(t: DateTime): VersionedCalendar {
    this.assertSigned();
    return inForceAt(this._calendars, t.toMillis());
  }

  /** The plan's targets for a class of case, with the contract's overrides applied. */
  targetsFor(priority: Priority, criticality: Criticality, at?: DateTime): SlaTarget[] {
    const plan = at === undefined ? this.plan : this.planAt(at);
    return plan.targets(priority, criticality).map((t) => ({ ...t }));
  }

  allowsChannel(channel: Channel, at?: DateTime): boolean {
    const plan = at === undefined ? this.plan : this.planAt(at);
    return plan.registrationChannels.includes(channel) || plan.communicationChannels.includes(channel);
  }

  hasSeverity1HotlineAt(at: DateTime): boolean {
    return this.planAt(at).severity1Hotline.available;
  }

  get hasSeverity1Hotline(): boolean {
    return this.plan.severity1Hotline.available;
  }

  /** A plain snapshot of the terms in force at `t`, for a case opened (or received) at `t`. */
  termsAt(t: DateTime): ContractTerms {
    const plan = this.planAt(t);
    const targets = {} as TargetsByClass;
    for (const priority of PRIORITIES) {
      targets[priority] = {} as Record<Criticality, SlaTarget[]>;
      for (const criticality of CRITICALITIES)
        targets[priority][criticality] = this.targetsFor(priority, criticality, t);
    }
    const channels = [...new Set([...plan.registrationChannels, ...plan.communicationChannels])];
    return {
      contractId: this._id,
      accountId: this._accountId,
      asOf: toIsoInstant(t),
      startsAt: this._startsAt,
      endsAt: this._endsAt,
      endedAt: this._endedAt,
      planId: plan.id,
      planName: plan.name,
      calendar: this.calendarAt(t),
      targets,
      pausingMetrics: [...plan.pausesWhileAwaitingCustomer],
      hotline: {
        available: plan.severity1Hotline.available,
        callbackMinutes: plan.severity1Hotline.callbackMinutes ?? null,
      },
      channels,
      authorisedContactIds: [...this._contacts.keys()],
    };
  }

  // ── event handlers: state from the event's fields only ──────────────────

  onContractSigned(event: ContractSigned): void {
    const d = event.data;
    this._id = d.contractId;
    this._accountId = d.accountId;
    this._status = 'signed';
    this._serviceTimeZone = d.serviceTimeZone;
    this._startsAt = d.startsAt;
    this._endsAt = d.endsAt;
    this._plans = [{ value: d.planId, effectiveAt: d.startsAt }];
    this._calendars = [{ value: d.calendar, effectiveAt: d.startsAt }];
    this._overrides = d.overrides;
  }

  onAuthorisedContactAdded(event: AuthorisedContactAdded): void {
    this._contacts.set(event.data.contact.contactId, event.data.contact);
    this._knownContacts.add(event.data.contact.contactId);
    this._erasedContacts.delete(event.data.contact.contactId);
  }

  onAuthorisedContactRevoked(event: AuthorisedContactRevoked): void {
    this._contacts.delete(event.data.contactId);
  }

  /** The stored fields already read as "[erased]" once the key is gone; this keeps a state folded before in step. */
  onContactPersonalDataErased(event: ContactPersonalDataErased): void {
    const { contactId } = event.data;
    this._erasedContacts.add(contactId);
    const contact = this._contacts.get(contactId);
    if (contact)
      this._contacts.set(contactId, {
        contactId,
        name: ERASED,
        email: ERASED,
        phone: contact.phone === null ? null : ERASED,
      });
  }

  onContractPlanChanged(event: ContractPlanChanged): void {
    this._plans = [...this._plans, { value: event.data.toPlanId, effectiveAt: event.data.effectiveAt }];
  }

  onContractCalendarChanged(event: ContractCalendarChanged): void {
    this._calendars = [...this._calendars, { value: event.data.calendar, effectiveAt: event.data.effectiveAt }];
  }

  onApplicationUpdateRequested(event: ApplicationUpdateRequested): void {
    this._applicationUpdates = [...this._applicationUpdates, event.data.contractYear];
  }

  onContractTerminated(event: ContractTerminated): void {
    this._status = 'terminated';
    this._endedAt = event.data.at;
  }

  onContractExpired(event: ContractExpired): void {
    this._status = 'expired';
    this._endedAt = event.data.at;
  }

  // ── guards ──────────────────────────────────────────────────────────────

  private assertSigned(): void {
    if (this._status === 'unsigned') throw new ContractNotFound();
  }

  private assertRunning(): void {
    switch (this._status) {
      case 'unsigned':
        throw new ContractNotFound();
      case 'signed':
        return;
      case 'terminated':
      case 'expired':
        throw new ContractEnded(this._id, this._status);
      default: {
        const _exhaustive: never = this._status;
        throw new Error(`unknown contract status ${String(_exhaustive)}`);
      }
    }
  }

  /** The plan in force at `atMs` and every plan scheduled after it. */
  private plansFrom(atMs: number): SupportPlan[] {
    const current = inForceAt(this._plans, atMs);
    const later = this._plans.filter((p) => Date.parse(p.effectiveAt) > atMs).map((p) => p.value);
    return [current, ...later].map((id) => knownPlan(id, this._overrides));
  }
}
