import { Body } from '@nestjs/common';
import { LogCallback } from '@caseledger/application';
import { IdParam } from '../http-conventions/id-param.decorator';
import { WriteContext } from '../http-conventions/write-context.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';
import { CaseCommandController, CaseCommandHttpController, CaseCommandRoute } from './case-command-route';
import { LogCallbackRequest } from './log-callback.request.dto';

@CaseCommandController()
export class LogCallbackHttpController extends CaseCommandHttpController {
  @CaseCommandRoute({
    path: ':caseId/callbacks',
    roles: ['agent', 'tam', 'admin', 'integration'],
    summary:
      'Log the callback to the customer; stops the callback clock (met or breached) and counts as the first response.',
  })
  logCallback(
    @IdParam('caseId') caseId: string,
    @Body() body: LogCallbackRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.write(
      caseId,
      new LogCallback(
        caseId,
        { agentId: body.agentId, occurredAt: body.occurredAt },
        write.context,
        write.expectedRevision,
      ),
    );
  }
}
