/** Injection tokens of the ports the application layer depends on; the apps bind them. */
export { EVENT_STORE, PERSONAL_DATA_READER, STATE_DB } from '@caseledger/runtime';
