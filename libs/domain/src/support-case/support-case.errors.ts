import type { Channel } from '@caseledger/sla';
import { DomainError } from '../domain-error';
import type { Side } from '../shared/actor';

export class CaseNotFound extends DomainError {
  readonly code = 'case-not-found';
  constructor() {
    super('the case has not been opened');
  }
}

export class CaseAlreadyOpened extends DomainError {
  readonly code = 'case-already-opened';
  constructor(readonly caseId: string) {
    super(`case ${caseId} is already open`);
  }
}

export class ContractNotActive extends DomainError {
  readonly code = 'contract-not-active';
  constructor(
    readonly contractId: string,
    readonly at: string,
  ) {
    super(`contract ${contractId} is not active at ${at}`);
  }
}

export class ContactNotAuthorised extends DomainError {
  readonly code = 'contact-not-authorised';
  constructor(readonly contactId: string) {
    super(`contact ${contactId} is not an authorised contact of the contract`);
  }
}

export class ChannelNotAllowed extends DomainError {
  readonly code = 'channel-not-allowed';
  constructor(
    readonly channel: Channel,
    readonly planId: string,
  ) {
    super(`plan ${planId} does not take cases through ${channel}`);
  }
}

export class HotlineNotIncluded extends DomainError {
  readonly code = 'hotline-not-included';
  constructor(readonly planId: string) {
    super(`plan ${planId} has no Severity-1 hotline, so it does not cover critical issues`);
  }
}

export class ReceivedAtInFuture extends DomainError {
  readonly code = 'received-at-in-future';
  constructor(
    readonly receivedAt: string,
    readonly now: string,
  ) {
    super(`receivedAt ${receivedAt} is later than now (${now})`);
  }
}

export class ReceivedBeforeContract extends DomainError {
  readonly code = 'received-before-contract';
  constructor(
    readonly receivedAt: string,
    readonly startsAt: string,
  ) {
    super(`receivedAt ${receivedAt} is before the contract starts (${startsAt})`);
  }
}

export class CaseAlreadyResolved extends DomainError {
  readonly code = 'case-already-resolved';
  constructor(readonly caseId: string) {
    super(`case ${caseId} has been resolved; reopen it first`);
  }
}

export class CaseAlreadyClosed extends DomainError {
  readonly code = 'case-already-closed';
  constructor(readonly caseId: string) {
    super(`case ${caseId} is closed`);
  }
}

/** A command that makes no sense in the case's current status. */
export class InvalidTransition extends DomainError {
  readonly code = 'invalid-transition';
  constructor(
    readonly command: string,
    readonly status: string,
    reason: string,
  ) {
    super(`cannot ${command} a case that is ${status}: ${reason}`);
  }
}

export class InstantOutOfOrder extends DomainError {
  readonly code = 'instant-out-of-order';
  constructor(
    readonly at: string,
    readonly lastAt: string,
  ) {
    super(`${at} is before the case's last recorded instant (${lastAt})`);
  }
}

export class NotACriticalIssue extends DomainError {
  readonly code = 'not-a-critical-issue';
  constructor(readonly caseId: string) {
    super(`case ${caseId} is not a critical issue; the Severity-1 hotline is for critical issues only`);
  }
}

export class HotlineCallAlreadyLogged extends DomainError {
  readonly code = 'hotline-call-already-logged';
  constructor(readonly caseId: string) {
    super(`a hotline call is already logged for case ${caseId}`);
  }
}

export class NoCallbackPending extends DomainError {
  readonly code = 'no-callback-pending';
  constructor(readonly caseId: string) {
    super(`case ${caseId} has no hotline call waiting for a callback`);
  }
}

export class AlreadyAssignedToAgent extends DomainError {
  readonly code = 'already-assigned-to-agent';
  constructor(readonly agentId: string) {
    super(`the case is already assigned to agent ${agentId}`);
  }
}

export class FirstResponseOutstanding extends DomainError {
  readonly code = 'first-response-outstanding';
  constructor(readonly caseId: string) {
    super(`case ${caseId} has had no response yet; respond before giving progress updates`);
  }
}

export class InvalidCadence extends DomainError {
  readonly code = 'invalid-cadence';
  constructor(readonly minutes: number) {
    super(`an update cadence must be a positive whole number of minutes, got ${minutes}`);
  }
}

export class NothingToReclassify extends DomainError {
  readonly code = 'nothing-to-reclassify';
  constructor() {
    super('the reclassification changes neither priority nor criticality');
  }
}

export class TamRequiredForEscalation extends DomainError {
  readonly code = 'tam-required-for-escalation';
  constructor() {
    super('an escalation to the TAM needs the id of the TAM assigned to the account');
  }
}

export class TamOnlyForTamEscalation extends DomainError {
  readonly code = 'tam-only-for-tam-escalation';
  constructor(readonly to: string) {
    super(`a tamId belongs only to an escalation to the TAM, not to ${to}`);
  }
}

export class ResolutionMustComeFromOtherSide extends DomainError {
  readonly code = 'resolution-must-come-from-other-side';
  constructor(readonly proposedBy: Side) {
    super(
      `the ${proposedBy} proposed the resolution, so only the ${proposedBy === 'customer' ? 'vendor' : 'customer'} can accept or reject it`,
    );
  }
}

export class CaseNotResolved extends DomainError {
  readonly code = 'case-not-resolved';
  constructor(readonly caseId: string) {
    super(`case ${caseId} can be closed only after customer and vendor agree it is resolved`);
  }
}

export class SlaClockNotFound extends DomainError {
  readonly code = 'sla-clock-not-found';
  constructor(readonly clockId: string) {
    super(`the case has no SLA clock ${clockId}`);
  }
}

/** The clock was not running into a warning or due instant at `at`: paused, stopped, or another instant. */
export class SlaAlertNotReached extends DomainError {
  readonly code = 'sla-alert-not-reached';
  constructor(
    readonly kind: string,
    readonly clockId: string,
    readonly at: string,
  ) {
    super(`clock ${clockId} did not reach a ${kind} at ${at}`);
  }
}

export class SlaAlertAlreadyRecorded extends DomainError {
  readonly code = 'sla-alert-already-recorded';
  constructor(
    readonly kind: string,
    readonly clockId: string,
    readonly at: string,
  ) {
    super(`the ${kind} of clock ${clockId} at ${at} is already recorded`);
  }
}

/** An automatic escalation answers its cause once; a second one for the same cause is a duplicate. */
export class EscalationAlreadyRecorded extends DomainError {
  readonly code = 'escalation-already-recorded';
  constructor(readonly causedBy: string) {
    super(`the case was already escalated because of ${causedBy}`);
  }
}

/** A read at a revision the case's stream has not reached. */
export class CaseRevisionNotFound extends DomainError {
  readonly code = 'case-revision-not-found';
  constructor(readonly revision: bigint) {
    super(`the case has no revision ${revision}`);
  }
}

/** Refusals of a reported `occurredAt`: each names the field and the bound it broke. */
abstract class OccurredAtRefused extends DomainError {
  readonly problems: readonly { field: string; message: string }[];
  constructor(message: string) {
    super(message);
    this.problems = [{ field: 'occurredAt', message }];
  }
}

export class OccurredAtInFuture extends OccurredAtRefused {
  readonly code = 'occurred-at-in-future';
  constructor(
    readonly occurredAt: string,
    readonly now: string,
    readonly maxSkewSeconds: number,
  ) {
    super(`occurredAt ${occurredAt} is more than ${maxSkewSeconds} s after now (${now})`);
  }
}

export class OccurredAtTooOld extends OccurredAtRefused {
  readonly code = 'occurred-at-too-old';
  constructor(
    readonly occurredAt: string,
    readonly now: string,
    readonly maxAgeHours: number,
  ) {
    super(`occurredAt ${occurredAt} is more than ${maxAgeHours} h before now (${now})`);
  }
}

export class OccurredAtBeforePreviousEvent extends OccurredAtRefused {
  readonly code = 'occurred-at-before-previous-event';
  constructor(
    readonly occurredAt: string,
    readonly previousAt: string,
  ) {
    super(`occurredAt ${occurredAt} is before the case's previous event (${previousAt})`);
  }
}

/** Only integration keys (a phone system, a CRM) report actions after the fact; everyone else acts now. */
export class OccurredAtNotAllowed extends OccurredAtRefused {
  readonly code = 'occurred-at-not-allowed';
  constructor(readonly role: string) {
    super(`occurredAt may be given by integration keys only, not by a ${role} key; leave it out to act now`);
  }
}
