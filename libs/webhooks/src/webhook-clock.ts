/**
 * The webhooks' source of "now": the application's injected clock, bound by the app that imports
 * the module (this library may not import libs/application), so tests move time instead of sleeping.
 */
import type { DateTime } from 'luxon';

export interface WebhookClock {
  now(): DateTime;
}

export const WEBHOOK_CLOCK = Symbol('WEBHOOK_CLOCK');

export const isoNow = (clock: WebhookClock): string => clock.now().toUTC().toISO()!;
