/**
 * Turns a bearer token into a principal. Verified rows are cached for a few seconds so the hot
 * path does not query SQL on every request; a revocation in this process drops its entry at once,
 * other processes see it within the cache lifetime. Ids found missing are remembered as briefly,
 * in a map of their own, so repeating a made-up token costs no query and cannot evict real keys.
 * Both lifetimes run on the application clock.
 *
 * A customer key also needs its contact to stand: an authorised contact of a running contract of its
 * account (contact-standing.ts). That is asked with each database lookup and cached with the row, so
 * revoking the contact or ending the contract disables the key within the cache lifetime, and a
 * contact authorised again gets a working key back, with nothing to keep in step with the contracts.
 */
import type { Clock } from '@caseledger/application';
import type { Principal } from '../auth/principal';
import { ApiKeyRecord, ApiKeyRepository } from './api-key.repository';
import { keyIdOfToken, tokenMatchesHash } from './api-key-token';

export const API_KEY_CACHE_MS = 5000;
/** How long an id found missing is answered as unknown without asking the database again. */
export const API_KEY_NEGATIVE_CACHE_MS = 5000;
const MAX_CACHED_KEYS = 10_000;

export type Verification =
  | { ok: true; principal: Principal }
  | { ok: false; reason: 'unknown' | 'revoked' | 'expired' }
  | { ok: false; reason: 'contactNotAuthorised'; accountId: string; contactId: string };

/** Whether a customer key's contact may still act for its account at `at`. */
export interface ContactStandingCheck {
  isAuthorised(accountId: string, contactId: string, at: Date): Promise<boolean>;
}

interface CachedKey {
  record: ApiKeyRecord;
  /** False when the key's contact no longer stands; true for keys without a contact. */
  contactStands: boolean;
  until: number;
}

export class ApiKeyVerifier {
  private readonly cache = new Map<string, CachedKey>();
  private readonly missing = new Map<string, number>();

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly clock: Clock,
    private readonly cacheMs = API_KEY_CACHE_MS,
    private readonly negativeCacheMs = API_KEY_NEGATIVE_CACHE_MS,
    private readonly standing?: ContactStandingCheck,
  ) {}

  /** The answer for this token from memory alone, or undefined when only the database can tell. */
  fromCache(token: string): Verification | undefined {
    const now = this.clock.nowMillis();
    const id = keyIdOfToken(token);
    const cached = this.cache.get(id);
    if (cached && cached.until > now) return this.judge(token, cached, now);
    const missingUntil = this.missing.get(id);
    if (missingUntil !== undefined && missingUntil > now) return { ok: false, reason: 'unknown' };
    return undefined;
  }

  async verify(token: string): Promise<Verification> {
    const now = this.clock.nowMillis();
    return this.judge(token, await this.lookUp(keyIdOfToken(token), now), now);
  }

  private judge(token: string, key: CachedKey | undefined, now: number): Verification {
    const record = key?.record;
    // Revoked, expired and a contact that no longer stands are told only to a caller who holds the right secret.
    if (!key || !record || !tokenMatchesHash(token, record.secretSha256)) return { ok: false, reason: 'unknown' };
    if (record.revokedAt && record.revokedAt.getTime() <= now) return { ok: false, reason: 'revoked' };
    if (record.expiresAt && record.expiresAt.getTime() <= now) return { ok: false, reason: 'expired' };
    if (!key.contactStands)
      return {
        ok: false,
        reason: 'contactNotAuthorised',
        accountId: record.accountId ?? '',
        contactId: record.contactId ?? '',
      };
    return { ok: true, principal: principalOf(record) };
  }

  /**
   * A key this process has just issued (its contact checked by the issuer): its first use needs no
   * lookup, so it costs no address budget.
   */
  remember(record: ApiKeyRecord): void {
    this.missing.delete(record.id);
    this.cacheRecord(record, true, this.clock.nowMillis());
  }

  forget(id: string): void {
    this.cache.delete(id);
    this.missing.delete(id);
  }

  private async lookUp(id: string, now: number): Promise<CachedKey | undefined> {
    const cached = this.cache.get(id);
    if (cached && cached.until > now) return cached;
    const missingUntil = this.missing.get(id);
    if (missingUntil !== undefined && missingUntil > now) return undefined;
    const record = await this.keys.find(id);
    if (!record) {
      if (this.missing.size >= MAX_CACHED_KEYS) this.missing.clear();
      this.missing.set(id, now + this.negativeCacheMs);
      return undefined;
    }
    this.missing.delete(id);
    return this.cacheRecord(record, await this.contactStands(record, now), now);
  }

  private async contactStands(record: ApiKeyRecord, now: number): Promise<boolean> {
    if (this.standing === undefined || record.role !== 'customer') return true;
    if (record.accountId === undefined || record.contactId === undefined) return false;
    return this.standing.isAuthorised(record.accountId, record.contactId, new Date(now));
  }

  private cacheRecord(record: ApiKeyRecord, contactStands: boolean, now: number): CachedKey {
    if (this.cache.size >= MAX_CACHED_KEYS) this.cache.clear();
    const entry = { record, contactStands, until: now + this.cacheMs };
    this.cache.set(record.id, entry);
    return entry;
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
