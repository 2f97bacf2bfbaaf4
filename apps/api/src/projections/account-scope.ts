import { HttpStatus } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { ProblemException, problemType } from '../problem-details/problem-details';

/**
 * The account a read-model query is confined to. A key bound to an account (every customer key)
 * reads that account only; naming another is a 403 rather than an empty page, since the caller asked
 * for something its key can never see.
 */
export function accountScope(principal: Principal, requested: string | undefined): string | undefined {
  if (principal.accountId === undefined) return requested;
  if (requested !== undefined && requested !== principal.accountId) {
    throw new ProblemException({
      type: problemType('forbidden'),
      title: 'Forbidden',
      status: HttpStatus.FORBIDDEN,
      detail: 'This key sees only its own account; leave out `account` or name that one.',
    });
  }
  return principal.accountId;
}
