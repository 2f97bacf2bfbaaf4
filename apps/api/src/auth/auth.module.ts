import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { RateLimitingModule } from '../rate-limiting/rate-limiting.module';
import { ApiKeyGuard } from './api-key.guard';
import { ResourceTenancy } from './resource-tenancy';

/** Registers the API key guard for every route of the application. */
@Module({
  imports: [ApiKeysModule, RateLimitingModule],
  providers: [ResourceTenancy, { provide: APP_GUARD, useClass: ApiKeyGuard }],
})
export class AuthModule {}
