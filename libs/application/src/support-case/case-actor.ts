/**
 * Which side of the mutual-resolution handshake a command speaks for, and as whom. A customer key
 * carries its authorised contact in the command's scope; every other key speaks for the vendor.
 */
import { Contract, ContactNotAuthorised, Side, SupportCase } from '@caseledger/domain';
import { CONTRACTS } from '../write-path/aggregate-kinds';
import type { AggregateRepository } from '../write-path/aggregate-repository';
import type { CommandContext } from '../write-path/command-context';

export function sideOf(context: CommandContext): Side {
  return context.scope?.contactId === undefined ? 'vendor' : 'customer';
}

/** The contact a customer key acts as; undefined for vendor-side keys. */
export function actingContactId(context: CommandContext): string | undefined {
  return context.scope?.contactId;
}

/**
 * Checks that `contactId` is still an authorised contact of the case's contract. The case's terms
 * keep the contacts as they were at opening, so a contact revoked since then is caught only by
 * reading the contract as it is now.
 */
export async function requireAuthorisedContact(
  repository: AggregateRepository,
  supportCase: SupportCase,
  contactId: string,
  context: CommandContext,
): Promise<void> {
  const { aggregate: contract } = await repository.get<Contract>(CONTRACTS, supportCase.contractId, context);
  if (!contract.isAuthorisedContact(contactId)) throw new ContactNotAuthorised(contactId);
}
