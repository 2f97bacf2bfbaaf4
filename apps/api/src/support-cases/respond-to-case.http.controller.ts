import { Body } from '@nestjs/common';
import { RespondToCase } from '@caseledger/application';
import { IdParam } from '../http-conventions/id-param.decorator';
import { WriteContext } from '../http-conventions/write-context.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';
import { CaseCommandController, CaseCommandHttpController, CaseCommandRoute } from './case-command-route';
import { RespondToCaseRequest } from './respond-to-case.request.dto';

@CaseCommandController()
export class RespondToCaseHttpController extends CaseCommandHttpController {
  @CaseCommandRoute({
    path: ':caseId/responses',
    roles: ['agent', 'tam', 'admin', 'integration'],
    summary:
      'Respond to the customer; the first response stops the first-response clock and starts the next-update clock.',
  })
  respond(
    @IdParam('caseId') caseId: string,
    @Body() body: RespondToCaseRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.write(
      caseId,
      new RespondToCase(
        caseId,
        { message: body.message, agentId: body.agentId, occurredAt: body.occurredAt },
        write.context,
        write.expectedRevision,
      ),
    );
  }
}
