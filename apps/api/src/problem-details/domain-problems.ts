/**
 * Domain and write-path refusals as problem details. The domain names each refusal with a stable
 * code; the status comes from the domain's own table (404 missing, 409 state, 422 business rule).
 */
import { HttpStatus } from '@nestjs/common';
import { AggregateAlreadyExists, NoTamAssignmentRecorded, RevisionMismatch } from '@caseledger/application';
import { DomainError, statusOfDomainError } from '@caseledger/domain';
import { EventIdConflict, WrongExpectedVersion } from '@caseledger/event-store';
import { STATUS_CODES } from 'node:http';
import {
  WebhookDeliveryNotFound,
  WebhookFieldRefused,
  WebhookRevisionMismatch,
  WebhookSubscriptionNotFound,
} from '@caseledger/webhooks';
import { AccountNotVisible } from '../auth/resource-tenancy';
import { ProblemException, problemType } from './problem-details';

export function domainProblem(error: unknown): ProblemException | undefined {
  if (error instanceof DomainError) {
    const status = statusOfDomainError(error);
    const problems = (error as { problems?: readonly { field: string; message: string }[] }).problems;
    return new ProblemException({
      type: problemType(error.code),
      title: STATUS_CODES[status] ?? 'Refused',
      status,
      detail: error.message,
      code: error.code,
      ...(problems ? { errors: problems.map((p) => ({ field: p.field, message: p.message })) } : {}),
    });
  }
  if (error instanceof NoTamAssignmentRecorded || error instanceof AccountNotVisible) {
    return new ProblemException({
      type: problemType('not-found'),
      title: 'Not Found',
      status: HttpStatus.NOT_FOUND,
      detail: error.message,
    });
  }
  if (error instanceof RevisionMismatch) {
    return new ProblemException({
      type: problemType('precondition-failed'),
      title: 'Precondition Failed',
      status: HttpStatus.PRECONDITION_FAILED,
      detail: `If-Match named revision ${error.expected}, but the resource is at revision ${String(error.actual)}; reload it and decide again.`,
      currentRevision: String(error.actual),
    });
  }
  if (
    error instanceof AggregateAlreadyExists ||
    error instanceof WrongExpectedVersion ||
    error instanceof EventIdConflict
  ) {
    return new ProblemException({
      type: problemType('conflict'),
      title: 'Conflict',
      status: HttpStatus.CONFLICT,
      detail: 'A concurrent change got there first; nothing was written. Reload and retry.',
    });
  }
  return webhookProblem(error);
}

function webhookProblem(error: unknown): ProblemException | undefined {
  if (error instanceof WebhookSubscriptionNotFound || error instanceof WebhookDeliveryNotFound)
    return new ProblemException({
      type: problemType('not-found'),
      title: 'Not Found',
      status: HttpStatus.NOT_FOUND,
      detail: error.message,
    });
  if (error instanceof WebhookRevisionMismatch)
    return new ProblemException({
      type: problemType('precondition-failed'),
      title: 'Precondition Failed',
      status: HttpStatus.PRECONDITION_FAILED,
      detail: `If-Match named revision ${error.expected}, but the subscription is at revision ${error.actual}; read it again and retry.`,
      currentRevision: String(error.actual),
    });
  if (error instanceof WebhookFieldRefused)
    return new ProblemException({
      type: problemType('validation'),
      title: 'Request validation failed',
      status: HttpStatus.BAD_REQUEST,
      detail: `The request has 1 invalid field: ${error.reason}.`,
      errors: [{ field: error.field, message: error.reason }],
    });
  return undefined;
}
