import { Body } from '@nestjs/common';
import { ReopenCase } from '@caseledger/application';
import { IdParam } from '../http-conventions/id-param.decorator';
import { WriteContext } from '../http-conventions/write-context.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';
import { CaseCommandController, CaseCommandHttpController, CaseCommandRoute } from './case-command-route';
import { ReopenCaseRequest } from './reopen-case.request.dto';

@CaseCommandController()
export class ReopenCaseHttpController extends CaseCommandHttpController {
  @CaseCommandRoute({
    path: ':caseId/reopening',
    roles: ['customer', 'agent', 'admin'],
    summary: 'Reopen a resolved case; its opening clocks start again from now.',
  })
  reopen(
    @IdParam('caseId') caseId: string,
    @Body() body: ReopenCaseRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.write(caseId, new ReopenCase(caseId, { reason: body.reason }, write.context, write.expectedRevision));
  }
}
