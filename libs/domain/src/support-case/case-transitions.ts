import {
  CaseAlreadyClosed,
  CaseAlreadyOpened,
  CaseAlreadyResolved,
  CaseNotFound,
  CaseNotResolved,
  InvalidTransition,
} from './support-case.errors';
import type { CaseStatus } from './support-case.state';

/** The commands of a support case, by the aggregate's method names. */
export type CaseCommandName =
  | 'open'
  | 'openFromHotlineCall'
  | 'logHotlineCall'
  | 'logCallback'
  | 'assign'
  | 'respond'
  | 'requestInformation'
  | 'provideInformation'
  | 'giveProgressUpdate'
  | 'agreeUpdateCadence'
  | 'reclassify'
  | 'escalate'
  | 'provideWorkaround'
  | 'proposeResolution'
  | 'acceptResolution'
  | 'rejectResolution'
  | 'reopen'
  | 'close'
  | 'recordSlaWarning'
  | 'recordSlaBreach';

export type LifecycleStatus = CaseStatus | 'notOpened';

const WORKED: readonly CaseStatus[] = ['open', 'awaitingCustomer', 'resolutionProposed'];
/** The deadline watcher records what a clock already did, whatever became of the case since. */
const EVER_OPENED: readonly CaseStatus[] = ['open', 'awaitingCustomer', 'resolutionProposed', 'resolved', 'closed'];

/**
 * Status × command → allowed: each command with the statuses it is allowed in, and the words a
 * refusal uses for it. The one place the lifecycle's transitions are decided.
 */
export const CASE_TRANSITIONS: {
  readonly [C in CaseCommandName]: { readonly action: string; readonly allowedIn: readonly LifecycleStatus[] };
} = {
  open: { action: 'open', allowedIn: ['notOpened'] },
  openFromHotlineCall: { action: 'open', allowedIn: ['notOpened'] },
  logHotlineCall: { action: 'log a hotline call for', allowedIn: ['open', 'awaitingCustomer'] },
  logCallback: { action: 'log a callback for', allowedIn: WORKED },
  assign: { action: 'assign', allowedIn: WORKED },
  respond: { action: 'respond to', allowedIn: WORKED },
  requestInformation: { action: 'request information on', allowedIn: ['open'] },
  provideInformation: { action: 'provide information on', allowedIn: ['awaitingCustomer'] },
  giveProgressUpdate: { action: 'give a progress update on', allowedIn: WORKED },
  agreeUpdateCadence: { action: 'agree an update cadence for', allowedIn: WORKED },
  reclassify: { action: 'reclassify', allowedIn: ['open', 'awaitingCustomer'] },
  escalate: { action: 'escalate', allowedIn: WORKED },
  provideWorkaround: { action: 'provide a workaround for', allowedIn: WORKED },
  // Only from `open`: a case awaiting the customer gets the information first, a proposal waits for its answer.
  proposeResolution: { action: 'propose a resolution for', allowedIn: ['open'] },
  acceptResolution: { action: 'accept a resolution of', allowedIn: ['resolutionProposed'] },
  rejectResolution: { action: 'reject a resolution of', allowedIn: ['resolutionProposed'] },
  reopen: { action: 'reopen', allowedIn: ['resolved'] },
  close: { action: 'close', allowedIn: ['resolved'] },
  recordSlaWarning: { action: 'record an SLA warning for', allowedIn: EVER_OPENED },
  recordSlaBreach: { action: 'record an SLA breach for', allowedIn: EVER_OPENED },
};

export function isAllowed(command: CaseCommandName, status: LifecycleStatus): boolean {
  return CASE_TRANSITIONS[command].allowedIn.includes(status);
}

/** Refuses `command` in `status` with the error a client can act on; returns when it is allowed. */
export function checkTransition(command: CaseCommandName, status: LifecycleStatus, caseId: string): void {
  if (isAllowed(command, status)) return;
  const { action, allowedIn } = CASE_TRANSITIONS[command];
  if (command === 'open' || command === 'openFromHotlineCall') throw new CaseAlreadyOpened(caseId);
  switch (status) {
    case 'notOpened':
      throw new CaseNotFound();
    case 'closed':
      throw new CaseAlreadyClosed(caseId);
    case 'resolved':
      throw new CaseAlreadyResolved(caseId);
    case 'open':
    case 'awaitingCustomer':
    case 'resolutionProposed':
      if (command === 'close') throw new CaseNotResolved(caseId);
      throw new InvalidTransition(action, status, `allowed only when ${allowedIn.join(' or ')}`);
    default: {
      const _exhaustive: never = status;
      throw new Error(`unknown case status ${String(_exhaustive)}`);
    }
  }
}
