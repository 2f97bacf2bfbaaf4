/**
 * UUIDv7 ids (RFC 9562) for subscriptions and deliveries, from the injected clock: time-ordered, so
 * pages in id order are pages in creation order.
 */
import { randomBytes } from 'node:crypto';
import type { WebhookClock } from './webhook-clock';

let lastMs = 0;
let counter = 0;

export function webhookId(clock: WebhookClock): string {
  let ms = clock.now().toMillis();
  if (ms <= lastMs) {
    ms = lastMs;
    counter++;
  } else counter = 0;
  lastMs = ms;
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  // 12 bits of counter keep ids made in one millisecond increasing.
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
