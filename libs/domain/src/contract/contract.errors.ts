import { DomainError } from '../domain-error';

export class ContractNotFound extends DomainError {
  readonly code = 'contract-not-found';
  constructor() {
    super('the contract has not been signed');
  }
}

export class ContractAlreadySigned extends DomainError {
  readonly code = 'contract-already-signed';
  constructor(readonly contractId: string) {
    super(`contract ${contractId} is already signed`);
  }
}

export class UnknownPlan extends DomainError {
  readonly code = 'unknown-plan';
  constructor(readonly planId: string) {
    super(`there is no support plan "${planId}"`);
  }
}

export class UnknownServiceTimeZone extends DomainError {
  readonly code = 'unknown-service-time-zone';
  constructor(
    readonly planId: string,
    readonly serviceTimeZone: string,
    readonly offered: readonly string[],
  ) {
    super(`plan ${planId} offers no service time zone "${serviceTimeZone}"; it offers ${offered.join(', ')}`);
  }
}

export class InvalidContractPeriod extends DomainError {
  readonly code = 'invalid-contract-period';
  constructor(message: string) {
    super(message);
  }
}

export class InvalidPlanOverrides extends DomainError {
  readonly code = 'invalid-plan-overrides';
  constructor(readonly problems: readonly { field: string; message: string }[]) {
    super(
      `the contract's plan overrides are invalid: ${problems.map((p) => `${p.field || '(overrides)'}: ${p.message}`).join('; ')}`,
    );
  }
}

export class ContractEnded extends DomainError {
  readonly code = 'contract-ended';
  constructor(
    readonly contractId: string,
    readonly how: 'terminated' | 'expired',
  ) {
    super(`contract ${contractId} has ${how}`);
  }
}

export class ContractStillRunning extends DomainError {
  readonly code = 'contract-still-running';
  constructor(
    readonly contractId: string,
    readonly endsAt: string | null,
  ) {
    super(
      endsAt === null
        ? `contract ${contractId} has no end date, so it cannot expire`
        : `contract ${contractId} runs until ${endsAt}`,
    );
  }
}

export class ContactLimitReached extends DomainError {
  readonly code = 'contact-limit-reached';
  constructor(
    readonly planId: string,
    readonly limit: number,
  ) {
    super(`plan ${planId} allows ${limit} authorised contacts, and all are taken`);
  }
}

/** A counted allowance of the plan (e.g. application updates a year) is used up for the contract year. */
export class AllowanceExhausted extends DomainError {
  readonly code = 'allowance-exhausted';
  constructor(
    readonly allowance: string,
    readonly planId: string,
    readonly limit: number,
    readonly contractYear: number,
  ) {
    super(
      `plan ${planId} allows ${limit} ${allowance} in a contract year, and contract year ${contractYear} has used ` +
        `${limit === 0 ? 'none, as it includes none' : 'all of them'}`,
    );
  }
}

export class ContactAlreadyAuthorised extends DomainError {
  readonly code = 'contact-already-authorised';
  constructor(readonly contactId: string) {
    super(`contact ${contactId} is already authorised`);
  }
}

export class AuthorisedContactNotFound extends DomainError {
  readonly code = 'authorised-contact-not-found';
  constructor(readonly contactId: string) {
    super(`contact ${contactId} is not an authorised contact of this contract`);
  }
}

export class PersonalDataAlreadyErased extends DomainError {
  readonly code = 'personal-data-already-erased';
  constructor(readonly contactId: string) {
    super(`the personal data of contact ${contactId} is already erased`);
  }
}

export class PlanUnchanged extends DomainError {
  readonly code = 'plan-unchanged';
  constructor(readonly planId: string) {
    super(`the contract is already on plan ${planId}`);
  }
}

export class InvalidEffectiveDate extends DomainError {
  readonly code = 'invalid-effective-date';
  constructor(message: string) {
    super(message);
  }
}

/** A downgrade never revokes contacts silently: the account chooses whom to revoke first. */
export class DowngradeExceedsContactLimit extends DomainError {
  readonly code = 'downgrade-exceeds-contact-limit';
  constructor(
    readonly planId: string,
    readonly limit: number,
    readonly authorisedContacts: number,
  ) {
    super(
      `plan ${planId} allows ${limit} authorised contacts but ${authorisedContacts} are authorised; revoke ${authorisedContacts - limit} first`,
    );
  }
}
