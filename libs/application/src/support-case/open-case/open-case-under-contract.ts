import type { SupportCase, ContractTerms } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import type { IdGenerator } from '../../ids/uuid-v7';
import { CONTRACTS, SUPPORT_CASES } from '../../write-path/aggregate-kinds';
import type { AggregateRepository, WriteResult } from '../../write-path/aggregate-repository';
import type { CommandContext } from '../../write-path/command-context';
import { newAggregateId } from '../../write-path/idempotent-ids';
import { openingContact } from './opening-contact';

/**
 * What both ways of opening a case share (a ticket, or the Severity-1 call itself): the contract is
 * consulted within the caller's scope (a customer naming another account's contract gets "not found"),
 * the case gets a new id (the same one again for a retry under the same Idempotency-Key), and the terms in force when
 * the case was received govern its clocks.
 */
export async function openCaseUnderContract(
  deps: { repository: AggregateRepository; ids: IdGenerator },
  input: { contractId: string; contactId?: string; receivedAt?: DateTime },
  context: CommandContext,
  now: DateTime,
  open: (supportCase: SupportCase, opening: { caseId: string; contactId: string; terms: ContractTerms }) => void,
): Promise<WriteResult & { caseId: string }> {
  const contactId = openingContact(context, input.contactId);
  const caseId = newAggregateId(deps.ids, context, 'case');
  // The contract is consulted, not written: from the write path's cache when this process knows it,
  // checked by its revision in the case's own append, so a change made elsewhere is never missed.
  const result = await deps.repository.createConsulting(
    SUPPORT_CASES,
    caseId,
    { kind: CONTRACTS, id: input.contractId },
    (supportCase, contract) =>
      open(supportCase, { caseId, contactId, terms: contract.termsAt(input.receivedAt ?? now) }),
    context,
  );
  return { ...result, caseId };
}
