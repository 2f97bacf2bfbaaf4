import { AggregateRoot } from '@nestjs/cqrs';
import type { Channel, Criticality, Priority, SlaMetric, SlaTarget, TargetUnit } from '@caseledger/sla';
import { DateTime } from 'luxon';
import { CaseTerms, caseTermsOf, ContractTerms, termsActiveAt } from '../contract/contract-terms';
import { otherSide, Side } from '../shared/actor';
import type { CaseCategory } from '../shared/case-category';
import { fromIsoInstant, IsoInstant, toIsoInstant } from '../shared/instant';
import {
  alertReached,
  clockStart,
  CustomerWait,
  deadlineOnResume,
  isLive,
  nextClockId,
  outcomeOfStopAt,
  pausedClock,
  pausesSince,
  resumedClock,
  SlaAlertKind,
  SlaClock,
  startedClock,
  stoppedClock,
  usedMsAt,
} from './sla-clocks';
import {
  AlreadyAssignedToAgent,
  CaseAlreadyClosed,
  CaseAlreadyOpened,
  CaseAlreadyResolved,
  CaseNotFound,
  CaseNotResolved,
  ChannelNotAllowed,
  EscalationAlreadyRecorded,
  SlaAlertAlreadyRecorded,
  SlaAlertNotReached,
  SlaClockNotFound,
  ContactNotAuthorised,
  ContractNotActive,
  FirstResponseOutstanding,
  HotlineCallAlreadyLogged,
  HotlineNotIncluded,
  InstantOutOfOrder,
  InvalidCadence,
  InvalidTransition,
  NoCallbackPending,
  NotACriticalIssue,
  NothingToReclassify,
  ReceivedAtInFuture,
  ReceivedBeforeContract,
  ResolutionMustComeFromOtherSide,
  TamOnlyForTamEscalation,
  TamRequiredForEscalation,
} from './support-case.errors';
import {
  CallbackLogged,
  CaseAssigned,
  CaseClosed,
  CaseEscalated,
  CaseMutuallyResolved,
  CaseOpened,
  CaseReclassified,
  CaseReopened,
  CaseResponded,
  ClockOutcome,
  SlaAlertData,
  SlaBreached,
  SlaWarningReached,
  EscalationLevel,
  HotlineCallLogged,
  InformationProvided,
  InformationRequested,
  ProgressUpdateGiven,
  ResolutionProposed,
  ResolutionRejected,
  SlaClockPaused,
  SlaClockResumed,
  SlaClockStarted,
  SlaClockStopped,
  SupportCaseEvent,
  UpdateCadenceAgreed,
  VitalInformation,
  WorkaroundProvided,
} from './support-case.events';

export type CaseStatus = 'open' | 'awaitingCustomer' | 'resolutionProposed' | 'resolved' | 'closed';

export interface OpenCase {
  caseId: string;
  /** `contract.termsAt(receivedAt ?? now)`. */
  terms: ContractTerms;
  contactId: string;
  channel: Channel;
  subject: string;
  description: string;
  category: CaseCategory;
  priority: Priority;
  criticality: Criticality;
  vitalInformation?: VitalInformation;
  /** For cases imported from email or a phone line: when the vendor actually received them. */
  receivedAt?: DateTime;
  now: DateTime;
}

export interface OpenCaseFromHotlineCall {
  caseId: string;
  terms: ContractTerms;
  contactId: string;
  vitalInformation: VitalInformation;
  /** P1 when omitted: a critical issue is persistent unavailability. */
  priority?: Priority;
  category?: CaseCategory;
  subject?: string;
  receivedAt?: DateTime;
  now: DateTime;
}

export interface Escalation {
  to: EscalationLevel;
  reason: string;
  tamId: string | null;
  causedBy: string | null;
  at: IsoInstant;
}

/** A warning or breach the deadline watcher recorded for a clock. */
export interface SlaAlert {
  kind: SlaAlertKind;
  clockId: string;
  at: IsoInstant;
  detectedAt: IsoInstant;
}

export interface Workaround {
  agentId: string;
  description: string;
  at: IsoInstant;
}

export interface ResolutionProposal {
  by: Side;
  actorId: string;
  summary: string;
  at: IsoInstant;
}

/** Clocks started when a case opens or reopens; callback and next-update clocks start on their own events. */
const OPENING_METRICS: readonly SlaMetric[] = ['firstResponse', 'workaround', 'resolution'];
/** Clocks that stop with a verdict at mutual resolution: the issue ended, which is what they wait for. */
const ENDED_BY_RESOLUTION: readonly SlaMetric[] = ['workaround', 'resolution'];
const DEFAULT_CALLBACK_MINUTES = 15;

/**
 * A support case under a contract's SLA. Command methods check the rules and apply events; `on…`
 * handlers set state from the events' fields only, so a replay rebuilds the same state.
 */
export class SupportCase extends AggregateRoot<SupportCaseEvent> {
  private _status: CaseStatus | 'notOpened' = 'notOpened';
  private _id = '';
  private _opened: CaseOpened['data'] | null = null;
  private _priority: Priority = 'P4';
  private _criticality: Criticality = 'nonCritical';
  private _agentId: string | null = null;
  private _firstRespondedAt: IsoInstant | null = null;
  private _hotlineCall: { vitalInformation: VitalInformation; at: IsoInstant } | null = null;
  private _callbackAt: IsoInstant | null = null;
  private _cadence: { minutes: number; unit: TargetUnit; agreedAt: IsoInstant } | null = null;
  private _escalations: Escalation[] = [];
  private _workarounds: Workaround[] = [];
  private _proposal: ResolutionProposal | null = null;
  private _resolvedAt: IsoInstant | null = null;
  private _closedAt: IsoInstant | null = null;
  private _waits: CustomerWait[] = [];
  private _clocks: SlaClock[] = [];
  private _slaAlerts: SlaAlert[] = [];
  private _lastAt: IsoInstant = '';

  static fromHistory(events: readonly SupportCaseEvent[]): SupportCase {
    const supportCase = new SupportCase();
    supportCase.loadFromHistory([...events]);
    return supportCase;
  }

  protected override getEventName(event: SupportCaseEvent): string {
    return event.type;
  }

  // ── opening ─────────────────────────────────────────────────────────────

  open(command: OpenCase): void {
    const { receivedAt, openedAt } = this.checkOpening(command);
    if (!command.terms.channels.includes(command.channel))
      throw new ChannelNotAllowed(command.channel, command.terms.planId);
    if (command.criticality === 'critical' && !command.terms.hotline.available)
      throw new HotlineNotIncluded(command.terms.planId);
    this.apply(
      new CaseOpened({
        caseId: command.caseId,
        contractId: command.terms.contractId,
        accountId: command.terms.accountId,
        contactId: command.contactId,
        channel: command.channel,
        subject: command.subject,
        description: command.description,
        category: command.category,
        priority: command.priority,
        criticality: command.criticality,
        vitalInformation: command.vitalInformation === undefined ? null : { ...command.vitalInformation },
        receivedAt,
        openedAt,
        terms: caseTermsOf(command.terms),
      }),
    );
    this.startOpeningClocks(receivedAt);
  }

  /** The older SparkPost procedure: the customer calls the Severity-1 line and the call opens the case. */
  openFromHotlineCall(command: OpenCaseFromHotlineCall): void {
    const { receivedAt, openedAt } = this.checkOpening(command);
    if (!command.terms.hotline.available) throw new HotlineNotIncluded(command.terms.planId);
    const vital = { ...command.vitalInformation };
    this.apply(
      new CaseOpened({
        caseId: command.caseId,
        contractId: command.terms.contractId,
        accountId: command.terms.accountId,
        contactId: command.contactId,
        channel: 'severity1Hotline',
        subject: command.subject ?? `Severity-1 hotline call from ${vital.company}`,
        description: vital.description,
        category: command.category ?? 'incident',
        priority: command.priority ?? 'P1',
        criticality: 'critical',
        vitalInformation: vital,
        receivedAt,
        openedAt,
        terms: caseTermsOf(command.terms),
      }),
    );
    this.apply(new HotlineCallLogged({ caseId: this._id, vitalInformation: vital, at: receivedAt }));
    this.startOpeningClocks(receivedAt);
    this.startClock(this.callbackTarget(), receivedAt);
  }

  // ── the Severity-1 hotline ──────────────────────────────────────────────

  logHotlineCall(command: { vitalInformation: VitalInformation; at: DateTime }): void {
    const at = this.checkCommand('log a hotline call for', ['open', 'awaitingCustomer'], command.at);
    if (this._criticality !== 'critical') throw new NotACriticalIssue(this._id);
    if (this._hotlineCall !== null) throw new HotlineCallAlreadyLogged(this._id);
    this.apply(new HotlineCallLogged({ caseId: this._id, vitalInformation: { ...command.vitalInformation }, at }));
    this.startClock(this.callbackTarget(), at);
  }

  /** The callback is the first time an agent speaks with the customer, so it also counts as the first response. */
  logCallback(command: { agentId: string; at: DateTime }): void {
    const at = this.checkCommand('log a callback for', ['open', 'awaitingCustomer', 'resolutionProposed'], command.at);
    const callback = this.liveClock('callback');
    if (this._hotlineCall === null || this._callbackAt !== null || callback === undefined)
      throw new NoCallbackPending(this._id);
    this.apply(new CallbackLogged({ caseId: this._id, agentId: command.agentId, at }));
    this.stopWithVerdict(callback, at);
    this.afterFirstResponse(at);
  }

  // ── working the case ────────────────────────────────────────────────────

  assign(command: { agentId: string; at: DateTime }): void {
    const at = this.checkCommand('assign', ['open', 'awaitingCustomer', 'resolutionProposed'], command.at);
    if (this._agentId === command.agentId) throw new AlreadyAssignedToAgent(command.agentId);
    this.apply(new CaseAssigned({ caseId: this._id, agentId: command.agentId, previousAgentId: this._agentId, at }));
  }

  /** Any response stops the first-response clock; later responses are just messages. */
  respond(command: { agentId: string; message: string; at: DateTime }): void {
    const at = this.checkCommand('respond to', ['open', 'awaitingCustomer', 'resolutionProposed'], command.at);
    const first = this._firstRespondedAt === null;
    this.apply(new CaseResponded({ caseId: this._id, agentId: command.agentId, message: command.message, at }));
    if (first) this.afterFirstResponse(at);
  }

  requestInformation(command: { agentId: string; question: string; at: DateTime }): void {
    const at = this.checkCommand('request information on', ['open'], command.at);
    this.apply(
      new InformationRequested({ caseId: this._id, agentId: command.agentId, question: command.question, at }),
    );
    for (const clock of this._clocks.filter((c) => c.phase === 'running' && this.pauses(c.metric))) {
      this.apply(new SlaClockPaused({ caseId: this._id, clockId: clock.clockId, at, usedMs: usedMsAt(clock, at) }));
    }
  }

  provideInformation(command: { contactId: string; answer: string; at: DateTime }): void {
    const at = this.checkCommand('provide information on', ['awaitingCustomer'], command.at);
    this.apply(new InformationProvided({ caseId: this._id, contactId: command.contactId, answer: command.answer, at }));
    for (const clock of this._clocks.filter((c) => c.phase === 'paused')) {
      this.apply(new SlaClockResumed({ caseId: this._id, clockId: clock.clockId, at, ...deadlineOnResume(clock, at) }));
    }
  }

  /** Stops the running next-update clock (met or breached) and starts the next one at the cadence. */
  giveProgressUpdate(command: { agentId: string; message: string; at: DateTime }): void {
    const at = this.checkCommand(
      'give a progress update on',
      ['open', 'awaitingCustomer', 'resolutionProposed'],
      command.at,
    );
    if (this._firstRespondedAt === null) throw new FirstResponseOutstanding(this._id);
    this.apply(new ProgressUpdateGiven({ caseId: this._id, agentId: command.agentId, message: command.message, at }));
    const running = this.liveClock('nextUpdate');
    if (running !== undefined) this.stopWithVerdict(running, at);
    this.startNextUpdate(at);
  }

  /**
   * Critical issues get updates "on a mutually agreed periodic basis". A next-update clock already
   * running keeps the deadline it was started with; the agreed cadence governs from the next update
   * (or from now, when no next-update clock runs yet but the case has had its first response).
   */
  agreeUpdateCadence(command: { minutes: number; unit?: TargetUnit; at: DateTime }): void {
    const at = this.checkCommand(
      'agree an update cadence for',
      ['open', 'awaitingCustomer', 'resolutionProposed'],
      command.at,
    );
    if (!Number.isInteger(command.minutes) || command.minutes <= 0) throw new InvalidCadence(command.minutes);
    const unit = command.unit ?? (this._criticality === 'critical' ? 'elapsed' : 'business');
    this.apply(new UpdateCadenceAgreed({ caseId: this._id, minutes: command.minutes, unit, at }));
    if (this._firstRespondedAt !== null && this.liveClock('nextUpdate') === undefined) this.startNextUpdate(at);
  }

  /**
   * Stops the clocks governed by the old class (`reclassified`) and starts the new class's clocks from
   * the reclassification instant, or from `receivedAt` when retroactive. Clocks already satisfied
   * (a first response given, a workaround provided) are not restarted; the callback clock belongs to
   * the hotline call and an agreed cadence to the parties, so neither changes.
   */
  reclassify(command: {
    priority?: Priority;
    criticality?: Criticality;
    retroactive?: boolean;
    reason: string;
    at: DateTime;
  }): void {
    const at = this.checkCommand('reclassify', ['open', 'awaitingCustomer'], command.at);
    const to = { priority: command.priority ?? this._priority, criticality: command.criticality ?? this._criticality };
    if (to.priority === this._priority && to.criticality === this._criticality) throw new NothingToReclassify();
    const terms = this.terms;
    if (to.criticality === 'critical' && !terms.hotline.available) throw new HotlineNotIncluded(terms.planId);
    const retroactive = command.retroactive ?? false;
    this.apply(
      new CaseReclassified({
        caseId: this._id,
        from: { priority: this._priority, criticality: this._criticality },
        to,
        retroactive,
        reason: command.reason,
        at,
      }),
    );
    const replaced = this._clocks.filter((c) => isLive(c) && this.followsClass(c.metric));
    for (const clock of replaced)
      this.apply(new SlaClockStopped({ caseId: this._id, clockId: clock.clockId, at, outcome: 'reclassified' }));
    const startedAt = retroactive ? this.opened.receivedAt : at;
    for (const target of this.targets().filter(
      (t) => OPENING_METRICS.includes(t.metric) && !this.satisfied(t.metric),
    )) {
      this.startClock(target, startedAt);
    }
    // Cadence clocks restart from now even when retroactive: they count from the last update, not from receipt.
    if (this._firstRespondedAt !== null && this.liveClock('nextUpdate') === undefined) this.startNextUpdate(at);
  }

  escalate(command: { to: EscalationLevel; reason: string; tamId?: string; causedBy?: string; at: DateTime }): void {
    const at = this.checkCommand('escalate', ['open', 'awaitingCustomer', 'resolutionProposed'], command.at);
    switch (command.to) {
      case 'tam':
        if (command.tamId === undefined || command.tamId === '') throw new TamRequiredForEscalation();
        break;
      case 'tier2':
      case 'engineering':
        if (command.tamId !== undefined) throw new TamOnlyForTamEscalation(command.to);
        break;
      default: {
        const _exhaustive: never = command.to;
        throw new Error(`unknown escalation level ${String(_exhaustive)}`);
      }
    }
    if (command.causedBy !== undefined && this._escalations.some((e) => e.causedBy === command.causedBy))
      throw new EscalationAlreadyRecorded(command.causedBy);
    this.apply(
      new CaseEscalated({
        caseId: this._id,
        to: command.to,
        reason: command.reason,
        tamId: command.tamId ?? null,
        causedBy: command.causedBy ?? null,
        at,
      }),
    );
  }

  /** A critical issue is worked until it ends or a workaround is provided: this stops the workaround clock. */
  provideWorkaround(command: { agentId: string; description: string; at: DateTime }): void {
    const at = this.checkCommand(
      'provide a workaround for',
      ['open', 'awaitingCustomer', 'resolutionProposed'],
      command.at,
    );
    this.apply(
      new WorkaroundProvided({ caseId: this._id, agentId: command.agentId, description: command.description, at }),
    );
    const clock = this.liveClock('workaround');
    if (clock !== undefined) this.stopWithVerdict(clock, at);
  }

  // ── resolution by mutual agreement ──────────────────────────────────────

  /** Only from `open`: a case awaiting the customer gets the information first, a proposal waits for its answer. */
  proposeResolution(command: { by: Side; actorId: string; summary: string; at: DateTime }): void {
    const at = this.checkCommand('propose a resolution for', ['open'], command.at);
    this.apply(
      new ResolutionProposed({
        caseId: this._id,
        by: command.by,
        actorId: command.actorId,
        summary: command.summary,
        at,
      }),
    );
  }

  acceptResolution(command: { by: Side; actorId: string; at: DateTime }): void {
    const at = this.checkCommand('accept a resolution of', ['resolutionProposed'], command.at);
    const proposal = this._proposal as ResolutionProposal;
    if (command.by === proposal.by) throw new ResolutionMustComeFromOtherSide(proposal.by);
    this.apply(
      new CaseMutuallyResolved({
        caseId: this._id,
        proposedBy: proposal.by,
        proposedByActorId: proposal.actorId,
        acceptedBy: command.by,
        acceptedByActorId: command.actorId,
        summary: proposal.summary,
        at,
      }),
    );
    for (const clock of this._clocks.filter(isLive)) {
      if (ENDED_BY_RESOLUTION.includes(clock.metric)) this.stopWithVerdict(clock, at);
      else this.apply(new SlaClockStopped({ caseId: this._id, clockId: clock.clockId, at, outcome: 'resolved' }));
    }
  }

  rejectResolution(command: { by: Side; actorId?: string; reason: string; at: DateTime }): void {
    const at = this.checkCommand('reject a resolution of', ['resolutionProposed'], command.at);
    const proposal = this._proposal as ResolutionProposal;
    if (command.by === proposal.by) throw new ResolutionMustComeFromOtherSide(proposal.by);
    this.apply(
      new ResolutionRejected({
        caseId: this._id,
        by: command.by,
        actorId: command.actorId ?? null,
        reason: command.reason,
        at,
      }),
    );
  }

  /** Reopening starts the case's opening clocks again from the reopening instant: it needs a fresh response. */
  reopen(command: { reason: string; at: DateTime }): void {
    const at = this.checkCommand('reopen', ['resolved'], command.at);
    this.apply(new CaseReopened({ caseId: this._id, reason: command.reason, at }));
    this.startOpeningClocks(at);
  }

  close(command: { at: DateTime }): void {
    this.assertOpened();
    if (this._status === 'closed') throw new CaseAlreadyClosed(this._id);
    if (this._status !== 'resolved') throw new CaseNotResolved(this._id);
    const at = this.checkInstant(command.at);
    this.apply(new CaseClosed({ caseId: this._id, at }));
  }

  // ── SLA alerts, recorded by the deadline watcher ────────────────────────

  /**
   * Records that a clock reached its warning instant `at` (the true instant, which may be well before
   * `detectedAt` after downtime). Refused unless the clock, by its own events, ran into that warning.
   */
  recordSlaWarning(command: { clockId: string; at: DateTime; detectedAt: DateTime }): void {
    this.apply(new SlaWarningReached(this.checkSlaAlert('warning', command)));
  }

  /** Records that a clock ran past its due instant `at`; refused unless it did, by its own events. */
  recordSlaBreach(command: { clockId: string; at: DateTime; detectedAt: DateTime }): void {
    this.apply(new SlaBreached(this.checkSlaAlert('breach', command)));
  }

  // ── queries ─────────────────────────────────────────────────────────────

  get id(): string {
    return this._id;
  }

  get status(): CaseStatus {
    this.assertOpened();
    return this._status as CaseStatus;
  }

  get isOpened(): boolean {
    return this._status !== 'notOpened';
  }

  get contractId(): string {
    return this.opened.contractId;
  }

  get accountId(): string {
    return this.opened.accountId;
  }

  get contactId(): string {
    return this.opened.contactId;
  }

  get channel(): Channel {
    return this.opened.channel;
  }

  get subject(): string {
    return this.opened.subject;
  }

  get description(): string {
    return this.opened.description;
  }

  get category(): CaseCategory {
    return this.opened.category;
  }

  get priority(): Priority {
    return this._priority;
  }

  get criticality(): Criticality {
    return this._criticality;
  }

  get vitalInformation(): VitalInformation | null {
    return this._hotlineCall?.vitalInformation ?? this.opened.vitalInformation;
  }

  get receivedAt(): DateTime {
    return fromIsoInstant(this.opened.receivedAt);
  }

  get openedAt(): DateTime {
    return fromIsoInstant(this.opened.openedAt);
  }

  get terms(): CaseTerms {
    return this.opened.terms;
  }

  get assignedAgentId(): string | null {
    return this._agentId;
  }

  /** The first response since the case was opened or last reopened. */
  get firstRespondedAt(): DateTime | null {
    return this._firstRespondedAt === null ? null : fromIsoInstant(this._firstRespondedAt);
  }

  get hotlineCall(): { vitalInformation: VitalInformation; at: IsoInstant } | null {
    return this._hotlineCall;
  }

  get callbackAt(): IsoInstant | null {
    return this._callbackAt;
  }

  get updateCadence(): { minutes: number; unit: TargetUnit; agreedAt: IsoInstant } | null {
    return this._cadence;
  }

  get escalations(): readonly Escalation[] {
    return this._escalations;
  }

  get workarounds(): readonly Workaround[] {
    return this._workarounds;
  }

  get resolutionProposal(): ResolutionProposal | null {
    return this._proposal;
  }

  get resolvedAt(): IsoInstant | null {
    return this._resolvedAt;
  }

  get closedAt(): IsoInstant | null {
    return this._closedAt;
  }

  get customerWaits(): readonly CustomerWait[] {
    return this._waits;
  }

  get clocks(): readonly SlaClock[] {
    return this._clocks;
  }

  get slaAlerts(): readonly SlaAlert[] {
    return this._slaAlerts;
  }

  /** The targets of the case's current class, under the terms it opened with. */
  targets(): SlaTarget[] {
    return this.terms.targets[this._priority][this._criticality];
  }

  // ── event handlers: state from the events' fields only ──────────────────

  onCaseOpened(event: CaseOpened): void {
    this._opened = event.data;
    this._id = event.data.caseId;
    this._status = 'open';
    this._priority = event.data.priority;
    this._criticality = event.data.criticality;
    this.touch(event.data.openedAt);
  }

  onHotlineCallLogged(event: HotlineCallLogged): void {
    this._hotlineCall = { vitalInformation: event.data.vitalInformation, at: event.data.at };
    this.touch(event.data.at);
  }

  onCallbackLogged(event: CallbackLogged): void {
    this._callbackAt = event.data.at;
    this._firstRespondedAt ??= event.data.at;
    this.touch(event.data.at);
  }

  onCaseAssigned(event: CaseAssigned): void {
    this._agentId = event.data.agentId;
    this.touch(event.data.at);
  }

  onCaseResponded(event: CaseResponded): void {
    this._firstRespondedAt ??= event.data.at;
    this.touch(event.data.at);
  }

  onInformationRequested(event: InformationRequested): void {
    this._status = 'awaitingCustomer';
    this._waits = [...this._waits, { from: event.data.at, to: null }];
    this.touch(event.data.at);
  }

  onInformationProvided(event: InformationProvided): void {
    this._status = 'open';
    this._waits = this._waits.map((w) => (w.to === null ? { ...w, to: event.data.at } : w));
    this.touch(event.data.at);
  }

  onProgressUpdateGiven(event: ProgressUpdateGiven): void {
    this.touch(event.data.at);
  }

  onUpdateCadenceAgreed(event: UpdateCadenceAgreed): void {
    this._cadence = { minutes: event.data.minutes, unit: event.data.unit, agreedAt: event.data.at };
    this.touch(event.data.at);
  }

  onCaseReclassified(event: CaseReclassified): void {
    this._priority = event.data.to.priority;
    this._criticality = event.data.to.criticality;
    this.touch(event.data.at);
  }

  onCaseEscalated(event: CaseEscalated): void {
    const { caseId: _caseId, ...escalation } = event.data;
    this._escalations = [...this._escalations, escalation];
    this.touch(event.data.at);
  }

  onWorkaroundProvided(event: WorkaroundProvided): void {
    this._workarounds = [
      ...this._workarounds,
      { agentId: event.data.agentId, description: event.data.description, at: event.data.at },
    ];
    this.touch(event.data.at);
  }

  onResolutionProposed(event: ResolutionProposed): void {
    this._status = 'resolutionProposed';
    this._proposal = { by: event.data.by, actorId: event.data.actorId, summary: event.data.summary, at: event.data.at };
    this.touch(event.data.at);
  }

  onResolutionRejected(event: ResolutionRejected): void {
    this._status = 'open';
    this._proposal = null;
    this.touch(event.data.at);
  }

  onCaseMutuallyResolved(event: CaseMutuallyResolved): void {
    this._status = 'resolved';
    this._proposal = null;
    this._resolvedAt = event.data.at;
    this.touch(event.data.at);
  }

  onCaseReopened(event: CaseReopened): void {
    this._status = 'open';
    this._resolvedAt = null;
    this._firstRespondedAt = null;
    this.touch(event.data.at);
  }

  onCaseClosed(event: CaseClosed): void {
    this._status = 'closed';
    this._closedAt = event.data.at;
    this.touch(event.data.at);
  }

  onSlaClockStarted(event: SlaClockStarted): void {
    this._clocks = [...this._clocks, startedClock(event.data)];
  }

  onSlaClockPaused(event: SlaClockPaused): void {
    this.updateClock(event.data.clockId, (c) => pausedClock(c, event.data.at));
  }

  onSlaClockResumed(event: SlaClockResumed): void {
    this.updateClock(event.data.clockId, (c) => resumedClock(c, event.data));
  }

  onSlaClockStopped(event: SlaClockStopped): void {
    this.updateClock(event.data.clockId, (c) => stoppedClock(c, event.data));
  }

  onSlaWarningReached(event: SlaWarningReached): void {
    this.recordAlert('warning', event.data);
  }

  onSlaBreached(event: SlaBreached): void {
    this.recordAlert('breach', event.data);
  }

  // ── internals ───────────────────────────────────────────────────────────

  private get opened(): CaseOpened['data'] {
    if (this._opened === null) throw new CaseNotFound();
    return this._opened;
  }

  /** Clock events may carry earlier instants (a retroactive restart); commands never go back in time. */
  private touch(at: IsoInstant): void {
    if (this._lastAt === '' || Date.parse(at) > Date.parse(this._lastAt)) this._lastAt = at;
  }

  /** Alerts carry past instants by nature, so, like clock events, they do not move the case's last instant. */
  private recordAlert(kind: SlaAlertKind, data: SlaAlertData): void {
    this._slaAlerts = [...this._slaAlerts, { kind, clockId: data.clockId, at: data.at, detectedAt: data.detectedAt }];
  }

  private checkSlaAlert(
    kind: SlaAlertKind,
    command: { clockId: string; at: DateTime; detectedAt: DateTime },
  ): SlaAlertData {
    this.assertOpened();
    const clock = this._clocks.find((c) => c.clockId === command.clockId);
    if (clock === undefined) throw new SlaClockNotFound(command.clockId);
    const at = toIsoInstant(command.at);
    const detectedAt = toIsoInstant(command.detectedAt, 'detectedAt');
    if (this._slaAlerts.some((a) => a.kind === kind && a.clockId === clock.clockId))
      throw new SlaAlertAlreadyRecorded(kind, clock.clockId, at);
    if (!alertReached(clock, kind, at, detectedAt)) throw new SlaAlertNotReached(kind, clock.clockId, at);
    return { caseId: this._id, clockId: clock.clockId, metric: clock.metric, at, detectedAt };
  }

  private updateClock(clockId: string, change: (clock: SlaClock) => SlaClock): void {
    this._clocks = this._clocks.map((c) => (c.clockId === clockId ? change(c) : c));
  }

  private checkOpening(command: {
    caseId: string;
    terms: ContractTerms;
    contactId: string;
    receivedAt?: DateTime;
    now: DateTime;
  }): {
    receivedAt: IsoInstant;
    openedAt: IsoInstant;
  } {
    if (this._status !== 'notOpened') throw new CaseAlreadyOpened(this._id);
    const openedAt = toIsoInstant(command.now, 'now');
    const receivedAt = command.receivedAt === undefined ? openedAt : toIsoInstant(command.receivedAt, 'receivedAt');
    const receivedMs = Date.parse(receivedAt);
    if (receivedMs > Date.parse(openedAt)) throw new ReceivedAtInFuture(receivedAt, openedAt);
    const { terms } = command;
    if (receivedMs < Date.parse(terms.startsAt)) throw new ReceivedBeforeContract(receivedAt, terms.startsAt);
    if (!termsActiveAt(terms, receivedMs)) throw new ContractNotActive(terms.contractId, receivedAt);
    if (!terms.authorisedContactIds.includes(command.contactId)) throw new ContactNotAuthorised(command.contactId);
    return { receivedAt, openedAt };
  }

  private assertOpened(): void {
    if (this._status === 'notOpened') throw new CaseNotFound();
  }

  /** Refuses a command the case's status does not allow, and an instant before the case's last one. */
  private checkCommand(action: string, allowed: readonly CaseStatus[], at: DateTime): IsoInstant {
    const status = this._status;
    switch (status) {
      case 'notOpened':
        throw new CaseNotFound();
      case 'closed':
        throw new CaseAlreadyClosed(this._id);
      case 'resolved':
        if (!allowed.includes(status)) throw new CaseAlreadyResolved(this._id);
        break;
      case 'open':
      case 'awaitingCustomer':
      case 'resolutionProposed':
        if (!allowed.includes(status))
          throw new InvalidTransition(action, status, `allowed only when ${allowed.join(' or ')}`);
        break;
      default: {
        const _exhaustive: never = status;
        throw new Error(`unknown case status ${String(_exhaustive)}`);
      }
    }
    return this.checkInstant(at);
  }

  private checkInstant(at: DateTime): IsoInstant {
    const iso = toIsoInstant(at);
    if (Date.parse(iso) < Date.parse(this._lastAt)) throw new InstantOutOfOrder(iso, this._lastAt);
    return iso;
  }

  private pauses(metric: SlaMetric): boolean {
    return this.terms.pausingMetrics.includes(metric);
  }

  /** Metrics whose target depends on the class of the case. */
  private followsClass(metric: SlaMetric): boolean {
    switch (metric) {
      case 'firstResponse':
      case 'workaround':
      case 'resolution':
        return true;
      case 'nextUpdate':
        return this._cadence === null;
      case 'callback':
        return false;
      default: {
        const _exhaustive: never = metric;
        throw new Error(`unknown metric ${String(_exhaustive)}`);
      }
    }
  }

  /** Whether the thing an opening clock waits for has already happened. */
  private satisfied(metric: SlaMetric): boolean {
    switch (metric) {
      case 'firstResponse':
        return this._firstRespondedAt !== null;
      case 'workaround':
        return this._workarounds.length > 0;
      case 'resolution':
      case 'nextUpdate':
      case 'callback':
        return false;
      default: {
        const _exhaustive: never = metric;
        throw new Error(`unknown metric ${String(_exhaustive)}`);
      }
    }
  }

  private liveClock(metric: SlaMetric): SlaClock | undefined {
    return this._clocks.find((c) => c.metric === metric && isLive(c));
  }

  private callbackTarget(): SlaTarget {
    const fromPlan = this.targets().find((t) => t.metric === 'callback');
    return (
      fromPlan ?? {
        metric: 'callback',
        minutes: this.terms.hotline.callbackMinutes ?? DEFAULT_CALLBACK_MINUTES,
        unit: 'elapsed',
      }
    );
  }

  private startOpeningClocks(at: IsoInstant): void {
    for (const target of this.targets().filter((t) => OPENING_METRICS.includes(t.metric))) this.startClock(target, at);
  }

  /**
   * Starts a clock at `startedAt`. When that is in the past (a retroactive restart) or the case awaits
   * the customer, the clock also goes through the customer waits since then, as pause/resume events
   * at their own instants, so its deadline follows from its events alone.
   */
  private startClock(target: SlaTarget, startedAt: IsoInstant): void {
    const terms = this.terms;
    const data = clockStart({
      caseId: this._id,
      clockId: nextClockId(this._clocks, target.metric),
      target,
      planId: terms.planId,
      calendar: terms.calendar,
      startedAt,
    });
    this.apply(new SlaClockStarted(data));
    if (!this.pauses(target.metric)) return;
    for (const { pauseAt, resumeAt } of pausesSince(startedAt, this._waits)) {
      const clock = this._clocks.find((c) => c.clockId === data.clockId) as SlaClock;
      this.apply(
        new SlaClockPaused({ caseId: this._id, clockId: clock.clockId, at: pauseAt, usedMs: usedMsAt(clock, pauseAt) }),
      );
      if (resumeAt === null) continue;
      const paused = this._clocks.find((c) => c.clockId === data.clockId) as SlaClock;
      this.apply(
        new SlaClockResumed({
          caseId: this._id,
          clockId: clock.clockId,
          at: resumeAt,
          ...deadlineOnResume(paused, resumeAt),
        }),
      );
    }
  }

  private stopWithVerdict(clock: SlaClock, at: IsoInstant): void {
    const outcome: ClockOutcome = outcomeOfStopAt(clock, at);
    this.apply(new SlaClockStopped({ caseId: this._id, clockId: clock.clockId, at, outcome }));
  }

  private afterFirstResponse(at: IsoInstant): void {
    const firstResponse = this.liveClock('firstResponse');
    if (firstResponse !== undefined) this.stopWithVerdict(firstResponse, at);
    if (this.liveClock('nextUpdate') === undefined) this.startNextUpdate(at);
  }

  /** The agreed cadence, else the plan's next-update target; none of either, no clock. */
  private startNextUpdate(at: IsoInstant): void {
    const target: SlaTarget | undefined =
      this._cadence !== null
        ? { metric: 'nextUpdate', minutes: this._cadence.minutes, unit: this._cadence.unit }
        : this.targets().find((t) => t.metric === 'nextUpdate');
    if (target !== undefined) this.startClock(target, at);
  }
}
