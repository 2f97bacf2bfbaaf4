/**
 * The convention of the commands on an existing case: one controller per use case under /v1/cases,
 * each answering the case's id and new revision. What differs per route (path, roles, summary, body,
 * command) stays in the route's own file.
 */
import { applyDecorators, Controller, Inject } from '@nestjs/common';
import { CommandBus, type ICommand } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { WriteResult } from '@caseledger/application';
import { CommandRoute, type CommandRouteOptions } from '../http-conventions/command-route.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';

export const CaseCommandController = () => applyDecorators(ApiTags('cases'), Controller('cases'));

export const CaseCommandRoute = (options: Omit<CommandRouteOptions, 'answer'> & { answer?: string }) =>
  CommandRoute({ answer: 'Recorded. ETag is the case revision.', ...options });

export abstract class CaseCommandHttpController {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}

  /** Runs a command on the case and hands the result to the write answer (write-answer.decorator.ts). */
  protected async write(caseId: string, command: ICommand): Promise<Written> {
    return { id: caseId, result: await this.commandBus.execute<ICommand, WriteResult>(command) };
  }
}
