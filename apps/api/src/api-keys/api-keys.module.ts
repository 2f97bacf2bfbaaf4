import { Global, Module } from '@nestjs/common';
import { Clock, CLOCK } from '@caseledger/application';
import type { SqlClient } from '@caseledger/event-store';
import { STATE_DB } from '@caseledger/runtime';
import { ApiKeyIssuer } from './api-key.issuer';
import { ApiKeyRepository } from './api-key.repository';
import { API_KEY_CACHE_MS, API_KEY_NEGATIVE_CACHE_MS, ApiKeyVerifier } from './api-key.verifier';
import { ContactStanding } from './contact-standing';
import { ApiKeysHttpController } from './api-keys.http.controller';

@Global()
@Module({
  providers: [
    { provide: ApiKeyRepository, inject: [STATE_DB], useFactory: (sql: SqlClient) => new ApiKeyRepository(sql) },
    {
      provide: ApiKeyVerifier,
      inject: [ApiKeyRepository, CLOCK, ContactStanding],
      useFactory: (keys: ApiKeyRepository, clock: Clock, standing: ContactStanding) =>
        new ApiKeyVerifier(keys, clock, API_KEY_CACHE_MS, API_KEY_NEGATIVE_CACHE_MS, standing),
    },
    ContactStanding,
    ApiKeyIssuer,
  ],
  controllers: [ApiKeysHttpController],
  exports: [ApiKeyVerifier, ApiKeyIssuer],
})
export class ApiKeysModule {}
