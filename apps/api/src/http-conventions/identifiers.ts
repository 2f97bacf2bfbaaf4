/**
 * The shapes of the ids the API takes from callers, in one place: an account named when a contract
 * is signed must be one every route (and an API key) accepts later, and so must a contact.
 */

/** Customer accounts (tenants). */
export const ACCOUNT_ID = /^[\w.:-]{1,100}$/;
export const ACCOUNT_ID_MESSAGE = 'must be 1-100 letters, digits, or . _ : -';

/** Contact, agent and TAM ids as the directory of the customer or the vendor spells them. */
export const PERSON_ID = /^[\w.:@-]{1,100}$/;
export const PERSON_ID_MESSAGE = 'must be 1-100 letters, digits, or . _ : @ -';

/** Resource ids CaseLedger makes (UUIDv7, any UUID version accepted). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
