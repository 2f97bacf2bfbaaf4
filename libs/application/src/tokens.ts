/** Injection tokens of the ports the application layer depends on; the apps bind them. */
export const EVENT_STORE = Symbol('EVENT_STORE');
