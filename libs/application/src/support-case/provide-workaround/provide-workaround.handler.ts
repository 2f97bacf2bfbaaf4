import { CommandHandler } from '@nestjs/cqrs';
import type { SupportCase } from '@caseledger/domain';
import type { DateTime } from 'luxon';
import { CaseCommandHandler } from '../case-command-handler';
import { ProvideWorkaround } from './provide-workaround.command';

@CommandHandler(ProvideWorkaround)
export class ProvideWorkaroundHandler extends CaseCommandHandler<ProvideWorkaround> {
  protected decide(supportCase: SupportCase, { input, context }: ProvideWorkaround, now: DateTime): void {
    supportCase.provideWorkaround({
      agentId: input.agentId ?? context.actor.id,
      description: input.description,
      at: now,
    });
  }
}
