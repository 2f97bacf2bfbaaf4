import { CommandHandler } from '@nestjs/cqrs';
import { Contract } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { AggregateCommandHandler } from '../../write-path/aggregate-command';
import { CONTRACTS } from '../../write-path/aggregate-kinds';
import { ChangeContractPlan } from './change-contract-plan.command';

@CommandHandler(ChangeContractPlan)
export class ChangeContractPlanHandler extends AggregateCommandHandler<Contract, ChangeContractPlan> {
  protected readonly kind = CONTRACTS;

  protected decide(contract: Contract, { input }: ChangeContractPlan, now: DateTime): void {
    contract.changePlan({ planId: input.planId, effectiveAt: input.effectiveAt ?? now });
  }
}
