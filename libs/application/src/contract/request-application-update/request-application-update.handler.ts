import { CommandHandler } from '@nestjs/cqrs';
import { Contract } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { AggregateCommandHandler } from '../../write-path/aggregate-command';
import { CONTRACTS } from '../../write-path/aggregate-kinds';
import { RequestApplicationUpdate } from './request-application-update.command';

@CommandHandler(RequestApplicationUpdate)
export class RequestApplicationUpdateHandler extends AggregateCommandHandler<Contract, RequestApplicationUpdate> {
  protected readonly kind = CONTRACTS;

  protected decide(contract: Contract, { input }: RequestApplicationUpdate, now: DateTime): void {
    contract.requestApplicationUpdate({ description: input.description, at: now });
  }
}
