/** How the write path finds, creates and scopes each aggregate: one descriptor per kind. */
import type { AggregateRoot } from '@nestjs/cqrs';
import {
  CaseNotFound,
  caseStream,
  Contract,
  ContractNotFound,
  contractStream,
  DataSubject,
  DomainError,
  NoTamAssigned,
  SupportCase,
  TAMAssignment,
  tamStream,
} from '@caseledger/domain';

export interface AggregateKind<A extends AggregateRoot> {
  name: string;
  streamOf(id: string): string;
  create(): A;
  /** The tenant the aggregate belongs to, written as `tenantId` into every event's metadata. */
  accountOf(aggregate: A): string;
  /** The refusal for a missing aggregate (and for one outside the caller's scope). */
  notFound(id: string): DomainError;
  /** Whose personal data the aggregate's events record when an event names no contact (a case's contact). */
  dataSubjectOf?(aggregate: A): DataSubject;
  /**
   * By event type, the top-level keys of event data that many streams record alike: the stream
   * cache keeps each distinct value of them once (see SharedParts in stream-cache.ts).
   */
  sharedParts?: Readonly<Record<string, readonly string[]>>;
}

export const CONTRACTS: AggregateKind<Contract> = {
  name: 'contract',
  streamOf: contractStream,
  create: () => new Contract(),
  accountOf: (contract) => contract.accountId,
  notFound: () => new ContractNotFound(),
};

export const SUPPORT_CASES: AggregateKind<SupportCase> = {
  name: 'case',
  streamOf: caseStream,
  create: () => new SupportCase(),
  accountOf: (supportCase) => supportCase.accountId,
  notFound: () => new CaseNotFound(),
  dataSubjectOf: (supportCase) => ({ contractId: supportCase.contractId, contactId: supportCase.contactId }),
  // Every case opened under one version of a contract records the same terms.
  sharedParts: { CaseOpened: ['terms'] },
};

/** Keyed by account: one TAM assignment stream per customer account. */
export const TAM_ASSIGNMENTS: AggregateKind<TAMAssignment> = {
  name: 'tam-assignment',
  streamOf: tamStream,
  create: () => new TAMAssignment(),
  accountOf: (assignment) => assignment.accountId,
  notFound: (accountId) => new NoTamAssigned(accountId),
};
