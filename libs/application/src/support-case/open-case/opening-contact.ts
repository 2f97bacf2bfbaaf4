import { ContactNotAuthorised } from '@caseledger/domain';
import type { CommandContext } from '../../write-path/command-context';
import { actingContactId } from '../case-actor';

/**
 * The contact a new case is filed for: a customer key files as itself and may not name another
 * contact; vendor-side callers (an agent taking a call, a CRM import) must name one.
 */
export function openingContact(context: CommandContext, named: string | undefined): string {
  const own = actingContactId(context);
  if (own !== undefined && named !== undefined && named !== own) throw new ContactNotAuthorised(named);
  const contactId = own ?? named;
  if (contactId === undefined || contactId === '') throw new ContactNotAuthorised('(none given)');
  return contactId;
}
