/**
 * Which account a resource named in the path belongs to, read from the first event of its stream
 * (every event's metadata carries the tenant). The guard asks it before refusing an account-bound
 * key by role: another account's resource must look exactly like a missing one, whatever the route.
 */
import { Inject, Injectable } from '@nestjs/common';
import { AggregateKind, CONTRACTS, EVENT_STORE, SUPPORT_CASES } from '@caseledger/application';
import type { DomainError } from '@caseledger/domain';
import type { EventStore } from '@caseledger/event-store';
import type { AggregateRoot } from '@nestjs/cqrs';

const KINDS_BY_PARAM: Record<string, AggregateKind<AggregateRoot>> = {
  caseId: SUPPORT_CASES,
  contractId: CONTRACTS,
};

@Injectable()
export class ResourceTenancy {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The refusal a caller of `accountId` must see for the path's resources, or undefined when all are theirs. */
  async hiddenFrom(
    accountId: string,
    params: Record<string, string | undefined>,
  ): Promise<DomainError | Error | undefined> {
    if (params.accountId !== undefined && params.accountId !== accountId) return new AccountNotVisible();
    for (const [param, kind] of Object.entries(KINDS_BY_PARAM)) {
      const id = params[param];
      if (id === undefined) continue;
      const [first] = await this.store.readStream(kind.streamOf(id.toLowerCase()), { maxCount: 1 });
      if (first?.metadata.tenantId !== accountId) return kind.notFound(id);
    }
    return undefined;
  }
}

/** Another account named in the path: answered as "not found", like any resource outside the caller's account. */
export class AccountNotVisible extends Error {
  constructor() {
    super('no such account');
    this.name = 'AccountNotVisible';
  }
}
