import { AggregateRoot } from '@nestjs/cqrs';
import type { Channel, Criticality, Priority, TargetUnit } from '@caseledger/sla';
import { DateTime } from 'luxon';
import { CaseTerms, caseTermsOf, ContractTerms, termsActiveAt } from '../contract/contract-terms';
import { Side } from '../shared/actor';
import type { CaseCategory } from '../shared/case-category';
import { fromIsoInstant, IsoInstant, toIsoInstant } from '../shared/instant';
import {
  alertReached,
  pausedClock,
  resumedClock,
  SlaAlertKind,
  SlaClock,
  startedClock,
  stoppedClock,
} from './sla-clocks';
import {
  AlreadyAssignedToAgent,
  CaseNotFound,
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
  EscalationNotPossible,
  EscalationNotPossibleData,
  CaseMutuallyResolved,
  CaseOpened,
  CaseReclassified,
  CaseReopened,
  CaseResponded,
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
import {
  CaseStatus,
  Escalation,
  NOT_OPENED,
  openingOf,
  ResolutionProposal,
  SlaAlert,
  SupportCaseState,
} from './support-case.state';
import { clockEventsFor, ClockStep, liveClock } from './sla-clock-policy';
import { CaseCommandName, checkTransition } from './case-transitions';
import { ActionInstant, occurredInstant } from './occurred-at';

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

/**
 * A support case under a contract's SLA. Command methods check the rules and apply events; `on…`
 * handlers set state from the events' fields only, so a replay rebuilds the same state.
 */
/**
 * One `on<Event>` handler per event of the union, each taking its own event. `AggregateRoot` calls
 * `on${event.type}` and silently skips an event with no such method, so the set is checked here instead:
 * a missing or mistyped handler is a type error.
 */
export type SupportCaseEventHandlers = { [E in SupportCaseEvent as `on${E['type']}`]: (event: E) => void };

export class SupportCase extends AggregateRoot<SupportCaseEvent> implements SupportCaseEventHandlers {
  private _state: SupportCaseState = NOT_OPENED;

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
    const { receivedAt, openedAt } = this.checkOpening('open', command);
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
    this.applyClockStep({ kind: 'opened', at: receivedAt });
  }

  /** The older SparkPost procedure: the customer calls the Severity-1 line and the call opens the case. */
  openFromHotlineCall(command: OpenCaseFromHotlineCall): void {
    const { receivedAt, openedAt } = this.checkOpening('openFromHotlineCall', command);
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
    this.apply(new HotlineCallLogged({ caseId: this.id, vitalInformation: vital, at: receivedAt }));
    this.applyClockStep({ kind: 'opened', at: receivedAt });
    this.applyClockStep({ kind: 'hotlineCallLogged', at: receivedAt });
  }

  // ── the Severity-1 hotline ──────────────────────────────────────────────

  logHotlineCall(command: { vitalInformation: VitalInformation } & ActionInstant): void {
    const { at, recorded } = this.checkAction('logHotlineCall', command);
    if (this._state.criticality !== 'critical') throw new NotACriticalIssue(this.id);
    if (this._state.hotlineCall !== null) throw new HotlineCallAlreadyLogged(this.id);
    this.apply(
      new HotlineCallLogged({ caseId: this.id, vitalInformation: { ...command.vitalInformation }, at, ...recorded }),
    );
    this.applyClockStep({ kind: 'hotlineCallLogged', at });
  }

  /** The callback is the first time an agent speaks with the customer, so it also counts as the first response. */
  logCallback(command: { agentId: string } & ActionInstant): void {
    const { at, recorded } = this.checkAction('logCallback', command);
    const callback = liveClock(this._state.clocks, 'callback');
    if (this._state.hotlineCall === null || this._state.callbackAt !== null || callback === undefined)
      throw new NoCallbackPending(this.id);
    this.apply(new CallbackLogged({ caseId: this.id, agentId: command.agentId, at, ...recorded }));
    this.applyClockStep({ kind: 'callbackLogged', at });
  }

  // ── working the case ────────────────────────────────────────────────────

  assign(command: { agentId: string; at: DateTime }): void {
    const at = this.checkCommand('assign', command.at);
    if (this._state.assignedAgentId === command.agentId) throw new AlreadyAssignedToAgent(command.agentId);
    this.apply(
      new CaseAssigned({ caseId: this.id, agentId: command.agentId, previousAgentId: this._state.assignedAgentId, at }),
    );
  }

  /** Any response stops the first-response clock; later responses are just messages. */
  respond(command: { agentId: string; message: string } & ActionInstant): void {
    const { at, recorded } = this.checkAction('respond', command);
    const first = this._state.firstRespondedAt === null;
    this.apply(
      new CaseResponded({ caseId: this.id, agentId: command.agentId, message: command.message, at, ...recorded }),
    );
    if (first) this.applyClockStep({ kind: 'firstResponse', at });
  }

  requestInformation(command: { agentId: string; question: string; at: DateTime }): void {
    const at = this.checkCommand('requestInformation', command.at);
    this.apply(new InformationRequested({ caseId: this.id, agentId: command.agentId, question: command.question, at }));
    this.applyClockStep({ kind: 'informationRequested', at });
  }

  provideInformation(command: { contactId: string; answer: string } & ActionInstant): void {
    const { at, recorded } = this.checkAction('provideInformation', command);
    this.apply(
      new InformationProvided({
        caseId: this.id,
        contactId: command.contactId,
        answer: command.answer,
        at,
        ...recorded,
      }),
    );
    this.applyClockStep({ kind: 'informationProvided', at });
  }

  /** Stops the running next-update clock (met or breached) and starts the next one at the cadence. */
  giveProgressUpdate(command: { agentId: string; message: string } & ActionInstant): void {
    const { at, recorded } = this.checkAction('giveProgressUpdate', command);
    if (this._state.firstRespondedAt === null) throw new FirstResponseOutstanding(this.id);
    this.apply(
      new ProgressUpdateGiven({
        caseId: this.id,
        agentId: command.agentId,
        message: command.message,
        at,
        ...recorded,
      }),
    );
    this.applyClockStep({ kind: 'progressUpdateGiven', at });
  }

  /**
   * Critical issues get updates "on a mutually agreed periodic basis". A next-update clock already
   * running keeps the deadline it was started with; the agreed cadence governs from the next update
   * (or from now, when no next-update clock runs yet but the case has had its first response).
   */
  agreeUpdateCadence(command: { minutes: number; unit?: TargetUnit; at: DateTime }): void {
    const at = this.checkCommand('agreeUpdateCadence', command.at);
    if (!Number.isInteger(command.minutes) || command.minutes <= 0) throw new InvalidCadence(command.minutes);
    const unit = command.unit ?? (this._state.criticality === 'critical' ? 'elapsed' : 'business');
    this.apply(new UpdateCadenceAgreed({ caseId: this.id, minutes: command.minutes, unit, at }));
    this.applyClockStep({ kind: 'cadenceAgreed', at });
  }

  /** The clocks follow the new class (see the clock policy); `retroactive` restarts them from receipt. */
  reclassify(command: {
    priority?: Priority;
    criticality?: Criticality;
    retroactive?: boolean;
    reason: string;
    at: DateTime;
  }): void {
    const at = this.checkCommand('reclassify', command.at);
    const to = {
      priority: command.priority ?? this._state.priority,
      criticality: command.criticality ?? this._state.criticality,
    };
    if (to.priority === this._state.priority && to.criticality === this._state.criticality)
      throw new NothingToReclassify();
    const terms = this.terms;
    if (to.criticality === 'critical' && !terms.hotline.available) throw new HotlineNotIncluded(terms.planId);
    const retroactive = command.retroactive ?? false;
    this.apply(
      new CaseReclassified({
        caseId: this.id,
        from: { priority: this._state.priority, criticality: this._state.criticality },
        to,
        retroactive,
        reason: command.reason,
        at,
      }),
    );
    this.applyClockStep({ kind: 'reclassified', at, retroactive });
  }

  escalate(command: { to: EscalationLevel; reason: string; tamId?: string; causedBy?: string; at: DateTime }): void {
    const at = this.checkCommand('escalate', command.at);
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
    if (command.causedBy !== undefined && this._state.escalations.some((e) => e.causedBy === command.causedBy))
      throw new EscalationAlreadyRecorded(command.causedBy);
    this.apply(
      new CaseEscalated({
        caseId: this.id,
        to: command.to,
        reason: command.reason,
        tamId: command.tamId ?? null,
        causedBy: command.causedBy ?? null,
        at,
      }),
    );
  }

  /**
   * Records that a breach called for an escalation that could not be made. Allowed where an escalation
   * is, and once per cause: a breach gets one answer, an escalation or this.
   */
  recordEscalationNotPossible(command: Omit<EscalationNotPossibleData, 'caseId' | 'at'> & { at: DateTime }): void {
    const at = this.checkCommand('escalate', command.at);
    const { causedBy } = command;
    if (
      this._state.escalations.some((e) => e.causedBy === causedBy) ||
      this._state.escalationsNotPossible.some((e) => e.causedBy === causedBy)
    )
      throw new EscalationAlreadyRecorded(causedBy);
    this.apply(
      new EscalationNotPossible({
        caseId: this.id,
        to: command.to,
        reason: command.reason,
        clockId: command.clockId,
        breachedAt: command.breachedAt,
        causedBy,
        at,
      }),
    );
  }

  /** A critical issue is worked until it ends or a workaround is provided: this stops the workaround clock. */
  provideWorkaround(command: { agentId: string; description: string; at: DateTime }): void {
    const at = this.checkCommand('provideWorkaround', command.at);
    this.apply(
      new WorkaroundProvided({ caseId: this.id, agentId: command.agentId, description: command.description, at }),
    );
    this.applyClockStep({ kind: 'workaroundProvided', at });
  }

  // ── resolution by mutual agreement ──────────────────────────────────────

  proposeResolution(command: { by: Side; actorId: string; summary: string; at: DateTime }): void {
    const at = this.checkCommand('proposeResolution', command.at);
    this.apply(
      new ResolutionProposed({
        caseId: this.id,
        by: command.by,
        actorId: command.actorId,
        summary: command.summary,
        at,
      }),
    );
  }

  acceptResolution(command: { by: Side; actorId: string; at: DateTime }): void {
    const at = this.checkCommand('acceptResolution', command.at);
    const proposal = this._state.resolutionProposal as ResolutionProposal;
    if (command.by === proposal.by) throw new ResolutionMustComeFromOtherSide(proposal.by);
    this.apply(
      new CaseMutuallyResolved({
        caseId: this.id,
        proposedBy: proposal.by,
        proposedByActorId: proposal.actorId,
        acceptedBy: command.by,
        acceptedByActorId: command.actorId,
        summary: proposal.summary,
        at,
      }),
    );
    this.applyClockStep({ kind: 'mutuallyResolved', at });
  }

  rejectResolution(command: { by: Side; actorId?: string; reason: string; at: DateTime }): void {
    const at = this.checkCommand('rejectResolution', command.at);
    const proposal = this._state.resolutionProposal as ResolutionProposal;
    if (command.by === proposal.by) throw new ResolutionMustComeFromOtherSide(proposal.by);
    this.apply(
      new ResolutionRejected({
        caseId: this.id,
        by: command.by,
        actorId: command.actorId ?? null,
        reason: command.reason,
        at,
      }),
    );
  }

  /** Reopening starts the case's opening clocks again from the reopening instant: it needs a fresh response. */
  reopen(command: { reason: string; at: DateTime }): void {
    const at = this.checkCommand('reopen', command.at);
    this.apply(new CaseReopened({ caseId: this.id, reason: command.reason, at }));
    this.applyClockStep({ kind: 'reopened', at });
  }

  close(command: { at: DateTime }): void {
    checkTransition('close', this._state.status, this.id);
    const at = this.checkInstant(command.at);
    this.apply(new CaseClosed({ caseId: this.id, at }));
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

  /** The case as folded from its events; replaced whole by every event, never changed in place. */
  get state(): SupportCaseState {
    return this._state;
  }

  get id(): string {
    return this._state.opened?.caseId ?? '';
  }

  get status(): CaseStatus {
    this.assertOpened();
    return this._state.status as CaseStatus;
  }

  get contractId(): string {
    return openingOf(this._state).contractId;
  }

  get accountId(): string {
    return openingOf(this._state).accountId;
  }

  get contactId(): string {
    return openingOf(this._state).contactId;
  }

  get priority(): Priority {
    return this._state.priority;
  }

  get criticality(): Criticality {
    return this._state.criticality;
  }

  get openedAt(): DateTime {
    return fromIsoInstant(openingOf(this._state).openedAt);
  }

  get hotlineCall(): SupportCaseState['hotlineCall'] {
    return this._state.hotlineCall;
  }

  get escalations(): readonly Escalation[] {
    return this._state.escalations;
  }

  get clocks(): readonly SlaClock[] {
    return this._state.clocks;
  }

  get slaAlerts(): readonly SlaAlert[] {
    return this._state.slaAlerts;
  }

  // ── event handlers: state from the events' fields only ──────────────────

  onCaseOpened(event: CaseOpened): void {
    const { data } = event;
    this.evolve(
      { opened: data, status: 'open', priority: data.priority, criticality: data.criticality },
      data.openedAt,
    );
  }

  onHotlineCallLogged(event: HotlineCallLogged): void {
    const { vitalInformation, at } = event.data;
    this.evolve({ hotlineCall: { vitalInformation, at } }, at);
  }

  onCallbackLogged(event: CallbackLogged): void {
    const { at } = event.data;
    this.evolve({ callbackAt: at, firstRespondedAt: this._state.firstRespondedAt ?? at }, at);
  }

  onCaseAssigned(event: CaseAssigned): void {
    this.evolve({ assignedAgentId: event.data.agentId }, event.data.at);
  }

  onCaseResponded(event: CaseResponded): void {
    const { at } = event.data;
    this.evolve({ firstRespondedAt: this._state.firstRespondedAt ?? at }, at);
  }

  onInformationRequested(event: InformationRequested): void {
    const { at } = event.data;
    this.evolve(
      { status: 'awaitingCustomer', customerWaits: [...this._state.customerWaits, { from: at, to: null }] },
      at,
    );
  }

  onInformationProvided(event: InformationProvided): void {
    const { at } = event.data;
    const customerWaits = this._state.customerWaits.map((w) => (w.to === null ? { ...w, to: at } : w));
    this.evolve({ status: 'open', customerWaits }, at);
  }

  onProgressUpdateGiven(event: ProgressUpdateGiven): void {
    this.evolve({}, event.data.at);
  }

  onUpdateCadenceAgreed(event: UpdateCadenceAgreed): void {
    const { minutes, unit, at } = event.data;
    this.evolve({ updateCadence: { minutes, unit, agreedAt: at } }, at);
  }

  onCaseReclassified(event: CaseReclassified): void {
    const { to, at } = event.data;
    this.evolve({ priority: to.priority, criticality: to.criticality }, at);
  }

  onCaseEscalated(event: CaseEscalated): void {
    const { caseId: _caseId, ...escalation } = event.data;
    this.evolve({ escalations: [...this._state.escalations, escalation] }, escalation.at);
  }

  onEscalationNotPossible(event: EscalationNotPossible): void {
    const { caseId: _caseId, ...unmade } = event.data;
    this.evolve({ escalationsNotPossible: [...this._state.escalationsNotPossible, unmade] }, unmade.at);
  }

  onWorkaroundProvided(event: WorkaroundProvided): void {
    const { agentId, description, at } = event.data;
    this.evolve({ workarounds: [...this._state.workarounds, { agentId, description, at }] }, at);
  }

  onResolutionProposed(event: ResolutionProposed): void {
    const { by, actorId, summary, at } = event.data;
    this.evolve({ status: 'resolutionProposed', resolutionProposal: { by, actorId, summary, at } }, at);
  }

  onResolutionRejected(event: ResolutionRejected): void {
    this.evolve({ status: 'open', resolutionProposal: null }, event.data.at);
  }

  onCaseMutuallyResolved(event: CaseMutuallyResolved): void {
    const { at } = event.data;
    this.evolve({ status: 'resolved', resolutionProposal: null, resolvedAt: at }, at);
  }

  onCaseReopened(event: CaseReopened): void {
    this.evolve({ status: 'open', resolvedAt: null, firstRespondedAt: null }, event.data.at);
  }

  onCaseClosed(event: CaseClosed): void {
    const { at } = event.data;
    this.evolve({ status: 'closed', closedAt: at }, at);
  }

  // Clock events may carry earlier instants (a retroactive restart), and alerts past ones by nature,
  // so neither moves the case's last instant.

  onSlaClockStarted(event: SlaClockStarted): void {
    this.evolve({ clocks: [...this._state.clocks, startedClock(event.data)] });
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

  private get terms(): CaseTerms {
    return openingOf(this._state).terms;
  }

  /** The next state: `changes` applied, and the last instant moved forward to `at` when given and later. */
  private evolve(changes: Partial<SupportCaseState>, at?: IsoInstant): void {
    const lastAt = this._state.lastAt;
    const later = at !== undefined && (lastAt === '' || Date.parse(at) > Date.parse(lastAt));
    this._state = { ...this._state, ...changes, ...(later ? { lastAt: at } : {}) };
  }

  private recordAlert(kind: SlaAlertKind, data: SlaAlertData): void {
    const alert = { kind, clockId: data.clockId, at: data.at, detectedAt: data.detectedAt };
    this.evolve({ slaAlerts: [...this._state.slaAlerts, alert] });
  }

  private checkSlaAlert(
    kind: SlaAlertKind,
    command: { clockId: string; at: DateTime; detectedAt: DateTime },
  ): SlaAlertData {
    checkTransition(kind === 'warning' ? 'recordSlaWarning' : 'recordSlaBreach', this._state.status, this.id);
    const clock = this._state.clocks.find((c) => c.clockId === command.clockId);
    if (clock === undefined) throw new SlaClockNotFound(command.clockId);
    const at = toIsoInstant(command.at);
    const detectedAt = toIsoInstant(command.detectedAt, 'detectedAt');
    if (this._state.slaAlerts.some((a) => a.kind === kind && a.clockId === clock.clockId))
      throw new SlaAlertAlreadyRecorded(kind, clock.clockId, at);
    if (!alertReached(clock, kind, at, detectedAt)) throw new SlaAlertNotReached(kind, clock.clockId, at);
    return { caseId: this.id, clockId: clock.clockId, metric: clock.metric, at, detectedAt };
  }

  private updateClock(clockId: string, change: (clock: SlaClock) => SlaClock): void {
    this.evolve({ clocks: this._state.clocks.map((c) => (c.clockId === clockId ? change(c) : c)) });
  }

  private checkOpening(
    opening: 'open' | 'openFromHotlineCall',
    command: {
      caseId: string;
      terms: ContractTerms;
      contactId: string;
      receivedAt?: DateTime;
      now: DateTime;
    },
  ): {
    receivedAt: IsoInstant;
    openedAt: IsoInstant;
  } {
    checkTransition(opening, this._state.status, this.id);
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
    if (this._state.status === 'notOpened') throw new CaseNotFound();
  }

  /** Refuses a command the case's status does not allow, and an instant before the case's last one. */
  private checkCommand(command: CaseCommandName, at: DateTime): IsoInstant {
    checkTransition(command, this._state.status, this.id);
    return this.checkInstant(at);
  }

  /**
   * As checkCommand, for actions another system may report after the fact: their `occurredAt` is
   * bounded (see occurred-at.ts) and must not go before any event of the case, its SLA warnings and
   * breaches included.
   */
  private checkAction(
    command: CaseCommandName,
    action: ActionInstant,
  ): { at: IsoInstant; recorded: { recordedAt?: IsoInstant } } {
    if (action.occurredAt === undefined) return { at: this.checkCommand(command, action.at), recorded: {} };
    checkTransition(command, this._state.status, this.id);
    const previousAt = this._state.slaAlerts.reduce(
      (latest, alert) => (latest === '' || Date.parse(alert.at) > Date.parse(latest) ? alert.at : latest),
      this._state.lastAt,
    );
    const { at, recordedAt } = occurredInstant(action, previousAt);
    return { at, recorded: recordedAt === undefined ? {} : { recordedAt } };
  }

  private checkInstant(at: DateTime): IsoInstant {
    const iso = toIsoInstant(at);
    if (Date.parse(iso) < Date.parse(this._state.lastAt)) throw new InstantOutOfOrder(iso, this._state.lastAt);
    return iso;
  }

  /** The clock events that follow a step, by the SLA clock policy, applied in order. */
  private applyClockStep(step: ClockStep): void {
    for (const event of clockEventsFor(this._state, step)) this.apply(event);
  }
}
