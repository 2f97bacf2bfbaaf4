import { Body } from '@nestjs/common';
import { EscalateCase } from '@caseledger/application';
import { IdParam } from '../http-conventions/id-param.decorator';
import { WriteContext } from '../http-conventions/write-context.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';
import { CaseCommandController, CaseCommandHttpController, CaseCommandRoute } from './case-command-route';
import { EscalateCaseRequest } from './escalate-case.request.dto';

@CaseCommandController()
export class EscalateCaseHttpController extends CaseCommandHttpController {
  @CaseCommandRoute({
    path: ':caseId/escalations',
    roles: ['agent', 'tam', 'admin', 'customer'],
    summary:
      "Escalate to the TAM (whoever holds the account's assignment at this instant), to tier 2 or to engineering.",
  })
  escalate(
    @IdParam('caseId') caseId: string,
    @Body() body: EscalateCaseRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.write(
      caseId,
      new EscalateCase(caseId, { to: body.to, reason: body.reason }, write.context, write.expectedRevision),
    );
  }
}
