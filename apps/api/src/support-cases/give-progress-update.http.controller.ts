import { Body } from '@nestjs/common';
import { GiveProgressUpdate } from '@caseledger/application';
import { IdParam } from '../http-conventions/id-param.decorator';
import { WriteContext } from '../http-conventions/write-context.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';
import { CaseCommandController, CaseCommandHttpController, CaseCommandRoute } from './case-command-route';
import { GiveProgressUpdateRequest } from './give-progress-update.request.dto';

@CaseCommandController()
export class GiveProgressUpdateHttpController extends CaseCommandHttpController {
  @CaseCommandRoute({
    path: ':caseId/progress-updates',
    roles: ['agent', 'tam', 'admin', 'integration'],
    summary:
      "Give a progress update; stops the running next-update clock and starts the next at the plan's or the " +
      'agreed cadence.',
  })
  giveProgressUpdate(
    @IdParam('caseId') caseId: string,
    @Body() body: GiveProgressUpdateRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.write(
      caseId,
      new GiveProgressUpdate(
        caseId,
        { message: body.message, agentId: body.agentId, occurredAt: body.occurredAt },
        write.context,
        write.expectedRevision,
      ),
    );
  }
}
