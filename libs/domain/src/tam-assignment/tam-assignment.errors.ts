import { DomainError } from '../domain-error';

export class TamAlreadyAssigned extends DomainError {
  readonly code = 'tam-already-assigned';
  constructor(
    readonly accountId: string,
    readonly tamId: string,
  ) {
    super(`account ${accountId} already has TAM ${tamId}; reassign instead`);
  }
}

export class NoTamAssigned extends DomainError {
  readonly code = 'no-tam-assigned';
  constructor(readonly accountId: string) {
    super(`account ${accountId} has no TAM assigned`);
  }
}

export class TamAlreadyHoldsAssignment extends DomainError {
  readonly code = 'tam-already-holds-assignment';
  constructor(
    readonly accountId: string,
    readonly tamId: string,
  ) {
    super(`TAM ${tamId} is already assigned to account ${accountId}`);
  }
}

export class AccountMismatch extends DomainError {
  readonly code = 'account-mismatch';
  constructor(
    readonly expected: string,
    readonly given: string,
  ) {
    super(`this TAM assignment belongs to account ${expected}, not ${given}`);
  }
}
