/** Creates, reads and revokes keys, keeping the verifier's cache in step with revocations. */
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Clock, CLOCK, UuidV7Generator } from '@caseledger/application';
import { APP_CONFIG, AppConfig } from '@caseledger/runtime';
import type { Role } from '../auth/principal';
import { ApiKeyRecord, ApiKeyRepository } from './api-key.repository';
import { ApiKeyVerifier } from './api-key.verifier';
import { hashApiKeyToken, keyIdOfToken, mintApiKeyToken } from './api-key-token';

export interface NewApiKey {
  name: string;
  role: Role;
  accountId?: string;
  contactId?: string;
  expiresAt?: Date;
  createdBy?: string;
}

@Injectable()
export class ApiKeyIssuer implements OnModuleInit {
  private readonly logger = new Logger('ApiKeys');
  private readonly ids: UuidV7Generator;

  constructor(
    @Inject(ApiKeyRepository) private readonly keys: ApiKeyRepository,
    @Inject(ApiKeyVerifier) private readonly verifier: ApiKeyVerifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.ids = new UuidV7Generator(clock);
  }

  now(): Date {
    return this.clock.now().toJSDate();
  }

  async onModuleInit(): Promise<void> {
    await this.keys.migrate();
    const token = this.config.ADMIN_API_KEY;
    if (token === undefined) return;
    const outcome = await this.keys.ensureEnvironmentAdmin(keyIdOfToken(token), hashApiKeyToken(token), this.now());
    if (outcome === 'revoked')
      this.logger.warn(
        'the key in ADMIN_API_KEY was revoked through the API and stays revoked; set a new value to get an admin key',
      );
    else if (outcome === 'created') this.logger.log('created the admin key from ADMIN_API_KEY');
  }

  async issue(key: NewApiKey): Promise<{ record: ApiKeyRecord; secret: string }> {
    const id = this.ids.next();
    const secret = mintApiKeyToken(id);
    const record: ApiKeyRecord = {
      ...key,
      id,
      secretSha256: hashApiKeyToken(secret),
      fromEnvironment: false,
      createdAt: this.now(),
    };
    await this.keys.insert(record);
    this.verifier.remember(record);
    return { record, secret };
  }

  find(id: string): Promise<ApiKeyRecord | undefined> {
    return this.keys.find(id);
  }

  list(limit: number, afterId?: string): Promise<{ keys: ApiKeyRecord[]; more: boolean }> {
    return this.keys.list(limit, afterId);
  }

  async revoke(id: string): Promise<ApiKeyRecord | undefined> {
    const record = await this.keys.revoke(id, this.now());
    this.verifier.forget(id);
    return record;
  }
}
