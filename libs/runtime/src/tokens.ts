/**
 * Injection tokens of what every process opens before it does anything: the event store and the
 * state database (read models, checkpoints, API keys). The apps bind them; libraries inject them.
 */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const STATE_DB = Symbol('STATE_DB');
