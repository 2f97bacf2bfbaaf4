/**
 * The shape of an API key as the client holds it: `clk_<key id as 32 hex>_<secret>`. The id makes
 * verification a primary-key lookup; only SHA-256 of the whole token is stored. A plain hash (no
 * salt, no slow KDF) is enough because the secret is 32 random bytes, far beyond brute force, and
 * it keeps verification cheap on the hot path.
 */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_KEY_PREFIX = 'clk_';
const SECRET_BYTES = 32;
const TOKEN_PATTERN = /^clk_([0-9a-f]{32})_([A-Za-z0-9_-]{43,})$/;

export function mintApiKeyToken(keyId: string): string {
  return `${API_KEY_PREFIX}${keyId.replace(/-/g, '')}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
}

/**
 * The key id a token claims. Tokens that are not in our shape (the operator-chosen ADMIN_API_KEY)
 * get an id derived from their hash, so they too are found by primary key.
 */
export function keyIdOfToken(token: string): string {
  const match = TOKEN_PATTERN.exec(token);
  // One-shot hash(): every request verifies its key, and a Hash object per call showed in profiles.
  const hex = match ? match[1] : hash('sha256', `caseledger-key-id:${token}`, 'hex').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function hashApiKeyToken(token: string): string {
  return hash('sha256', token, 'hex');
}

export function tokenMatchesHash(token: string, storedHashHex: string): boolean {
  const given = hash('sha256', token, 'buffer');
  const stored = Buffer.from(storedHashHex, 'hex');
  return stored.length === given.length && timingSafeEqual(given, stored);
}

/** Bearer credentials per RFC 6750; anything else (Basic, an empty token) counts as no key. */
export function bearerToken(authorization: string | string[] | undefined): string | undefined {
  if (typeof authorization !== 'string') return undefined;
  const match = /^Bearer +([\x21-\x7e]{1,512})\s*$/i.exec(authorization);
  return match?.[1];
}
