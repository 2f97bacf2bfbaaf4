import { Global, Module } from '@nestjs/common';
import { Clock, CLOCK } from '@caseledger/application';
import type { SqlClient } from '@caseledger/event-store';
import { STATE_DB } from '@caseledger/runtime';
import { ApiKeyIssuer } from './api-key.issuer';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeyVerifier } from './api-key.verifier';
import { ApiKeysHttpController } from './api-keys.http.controller';

@Global()
@Module({
  providers: [
    { provide: ApiKeyRepository, inject: [STATE_DB], useFactory: (sql: SqlClient) => new ApiKeyRepository(sql) },
    {
      provide: ApiKeyVerifier,
      inject: [ApiKeyRepository, CLOCK],
      useFactory: (keys: ApiKeyRepository, clock: Clock) => new ApiKeyVerifier(keys, clock),
    },
    ApiKeyIssuer,
  ],
  controllers: [ApiKeysHttpController],
  exports: [ApiKeyVerifier, ApiKeyIssuer],
})
export class ApiKeysModule {}
