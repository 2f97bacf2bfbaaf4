/**
 * Turns a bearer token into a principal. Verified rows are cached for a few seconds so the hot
 * path does not query SQL on every request; a revocation in this process drops its entry at once,
 * other processes see it within the cache lifetime.
 */
import type { Clock } from '@caseledger/application';
import type { Principal } from '../auth/principal';
import { ApiKeyRecord, ApiKeyRepository } from './api-key.repository';
import { keyIdOfToken, tokenMatchesHash } from './api-key-token';

export const API_KEY_CACHE_MS = 5000;
const MAX_CACHED_KEYS = 10_000;

export type Verification =
  { ok: true; principal: Principal } | { ok: false; reason: 'unknown' | 'revoked' | 'expired' };

interface CachedKey {
  record: ApiKeyRecord;
  until: number;
}

export class ApiKeyVerifier {
  private readonly cache = new Map<string, CachedKey>();

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly clock: Clock,
    private readonly cacheMs = API_KEY_CACHE_MS,
  ) {}

  async verify(token: string): Promise<Verification> {
    const now = this.clock.now().toMillis();
    const id = keyIdOfToken(token);
    const record = await this.lookUp(id, now);
    // Revoked and expired are told only to a caller who holds the right secret.
    if (!record || !tokenMatchesHash(token, record.secretSha256)) return { ok: false, reason: 'unknown' };
    if (record.revokedAt && record.revokedAt.getTime() <= now) return { ok: false, reason: 'revoked' };
    if (record.expiresAt && record.expiresAt.getTime() <= now) return { ok: false, reason: 'expired' };
    return { ok: true, principal: principalOf(record) };
  }

  forget(id: string): void {
    this.cache.delete(id);
  }

  private async lookUp(id: string, now: number): Promise<ApiKeyRecord | undefined> {
    const cached = this.cache.get(id);
    if (cached && cached.until > now) return cached.record;
    const record = await this.keys.find(id);
    // Unknown ids are not cached: made-up tokens would evict the real keys. Callers sending them
    // spend the per-IP rate limit instead.
    if (!record) return undefined;
    if (this.cache.size >= MAX_CACHED_KEYS) this.cache.clear();
    this.cache.set(id, { record, until: now + this.cacheMs });
    return record;
  }
}

export function principalOf(record: ApiKeyRecord): Principal {
  return {
    keyId: record.id,
    role: record.role,
    name: record.name,
    ...(record.accountId !== undefined && { accountId: record.accountId }),
    ...(record.contactId !== undefined && { contactId: record.contactId }),
  };
}
