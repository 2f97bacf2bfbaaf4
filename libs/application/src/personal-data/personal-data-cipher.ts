/**
 * AES-256-GCM over one field's text, and the envelope the sealed field is stored as:
 * `{ "$pii": { "contact", "key", "iv", "ct" } }`. `contact` says whose data it is (for an auditor
 * reading raw events), `key` names the key that sealed it, `ct` is the ciphertext followed by the
 * 16-byte authentication tag. The key id is the additional authenticated data, so a ciphertext
 * moved under another key id does not open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SealedField {
  $pii: { contact: string; key: string; iv: string; ct: string };
}

export interface PersonalDataKey {
  keyId: string;
  secret: Buffer;
}

/** A sealed field whose key exists but does not open it: the stored event was altered. */
export class PersonalDataUnreadable extends Error {
  constructor(readonly keyId: string) {
    super(
      `a field sealed under personal-data key ${keyId} does not decrypt with that key: the stored event was altered`,
    );
    this.name = 'PersonalDataUnreadable';
  }
}

export function isSealedField(value: unknown): value is SealedField {
  if (typeof value !== 'object' || value === null || !('$pii' in value)) return false;
  const inner = value.$pii;
  return typeof inner === 'object' && inner !== null && typeof (inner as { key?: unknown }).key === 'string';
}

export function sealField(plaintext: string, key: PersonalDataKey, contactId: string): SealedField {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.secret, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(key.keyId, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { $pii: { contact: contactId, key: key.keyId, iv: iv.toString('base64'), ct: ct.toString('base64') } };
}

export function openField(field: SealedField, secret: Buffer): string {
  const { key, iv, ct } = field.$pii;
  const bytes = Buffer.from(ct, 'base64');
  if (bytes.length < TAG_BYTES) throw new PersonalDataUnreadable(key);
  try {
    const decipher = createDecipheriv('aes-256-gcm', secret, Buffer.from(iv, 'base64'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(key, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new PersonalDataUnreadable(key);
  }
}
