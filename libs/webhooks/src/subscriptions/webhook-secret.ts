/** Signing secrets as the Standard Webhooks spec writes them: `whsec_` and base64 of random bytes. */
import { randomBytes } from 'node:crypto';

const SECRET_BYTES = 32;

export function mintWebhookSecret(): string {
  return `whsec_${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/** How long a rotated-out secret keeps signing beside the new one, so receivers can switch without a gap. */
export const ROTATED_SECRET_GRACE_MS = 24 * 60 * 60 * 1000;
