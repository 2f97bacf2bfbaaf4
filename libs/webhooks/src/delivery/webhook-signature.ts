/**
 * The Standard Webhooks headers of a delivery. The signatures come from the `standardwebhooks`
 * package, one per secret that still signs (during a rotation, the new and the old), separated by
 * spaces as the spec allows, so a receiver holding either secret verifies the message.
 */
import { Webhook } from 'standardwebhooks';

export function webhookHeaders(
  messageId: string,
  at: Date,
  body: string,
  secrets: readonly string[],
): Record<string, string> {
  const signatures = secrets.map((secret) => new Webhook(secret).sign(messageId, at, body));
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
    'user-agent': 'CaseLedger-Webhooks/1',
  };
}
