import { DomainError } from './domain-error';
import * as contract from './contract/contract.errors';
import { InvalidCalendar } from './shared/calendar';
import { InvalidInstant } from './shared/instant';
import * as supportCase from './support-case/support-case.errors';
import * as tam from './tam-assignment/tam-assignment.errors';

/** Every domain error class; the status table below must name each one's code. */
export const DOMAIN_ERRORS = [
  InvalidCalendar,
  InvalidInstant,
  ...Object.values(contract),
  ...Object.values(tam),
  ...Object.values(supportCase),
] as const;

export type DomainErrorCode = InstanceType<(typeof DOMAIN_ERRORS)[number]>['code'];

/** 404: the aggregate does not exist; 409: the aggregate's state forbids it now; 422: a business rule refuses the input. */
export const DOMAIN_ERROR_STATUS: Record<DomainErrorCode, 404 | 409 | 422> = {
  'invalid-calendar': 422,
  'invalid-instant': 422,
  // contract
  'contract-not-found': 404,
  'contract-already-signed': 409,
  'unknown-plan': 422,
  'unknown-service-time-zone': 422,
  'invalid-contract-period': 422,
  'invalid-plan-overrides': 422,
  'contract-ended': 409,
  'contract-still-running': 409,
  'contact-limit-reached': 422,
  'allowance-exhausted': 422,
  'contact-already-authorised': 409,
  'authorised-contact-not-found': 404,
  'personal-data-already-erased': 409,
  'plan-unchanged': 409,
  'invalid-effective-date': 422,
  'downgrade-exceeds-contact-limit': 422,
  // TAM assignment
  'tam-already-assigned': 409,
  'no-tam-assigned': 409,
  'tam-already-holds-assignment': 409,
  'account-mismatch': 422,
  // support case
  'case-not-found': 404,
  'case-already-opened': 409,
  'contract-not-active': 422,
  'contact-not-authorised': 422,
  'channel-not-allowed': 422,
  'hotline-not-included': 422,
  'received-at-in-future': 422,
  'received-before-contract': 422,
  'case-already-resolved': 409,
  'case-already-closed': 409,
  'invalid-transition': 409,
  'instant-out-of-order': 422,
  'not-a-critical-issue': 409,
  'hotline-call-already-logged': 409,
  'no-callback-pending': 409,
  'already-assigned-to-agent': 409,
  'first-response-outstanding': 409,
  'invalid-cadence': 422,
  'nothing-to-reclassify': 409,
  'tam-required-for-escalation': 422,
  'tam-only-for-tam-escalation': 422,
  'resolution-must-come-from-other-side': 422,
  'case-not-resolved': 409,
  'sla-clock-not-found': 404,
  'case-revision-not-found': 404,
  'sla-alert-not-reached': 409,
  'sla-alert-already-recorded': 409,
  'escalation-already-recorded': 409,
  'occurred-at-in-future': 422,
  'occurred-at-too-old': 422,
  'occurred-at-before-previous-event': 422,
  'occurred-at-not-allowed': 422,
};

export function statusOfDomainError(error: DomainError): 404 | 409 | 422 {
  return DOMAIN_ERROR_STATUS[error.code as DomainErrorCode] ?? 422;
}
