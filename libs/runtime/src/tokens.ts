/**
 * Injection tokens of what every process opens before it does anything: the event store and the
 * state database (read models, checkpoints, API keys). The apps bind them; libraries inject them.
 */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const STATE_DB = Symbol('STATE_DB');

/**
 * Opens contacts' personal data sealed in event data (docs/adr/0007), or gives "[erased]" once the
 * contact's key is destroyed. The application binds it; libraries that show event data to the
 * outside (webhooks) inject it, so no copy of an event ever leaves in clear what the store seals.
 */
export const PERSONAL_DATA_READER = Symbol('PERSONAL_DATA_READER');

export interface PersonalDataReader {
  reveal<R extends { type: string; data: unknown }>(records: readonly R[]): Promise<R[]>;
}
