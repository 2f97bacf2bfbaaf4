import { Body } from '@nestjs/common';
import { AssignCase } from '@caseledger/application';
import { IdParam } from '../http-conventions/id-param.decorator';
import { WriteContext } from '../http-conventions/write-context.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';
import { CaseCommandController, CaseCommandHttpController, CaseCommandRoute } from './case-command-route';
import { AssignCaseRequest } from './assign-case.request.dto';

@CaseCommandController()
export class AssignCaseHttpController extends CaseCommandHttpController {
  @CaseCommandRoute({
    path: ':caseId/assignment',
    roles: ['agent', 'tam', 'admin', 'integration'],
    summary: 'Assign the case to an agent, the primary owner of contact.',
  })
  assign(
    @IdParam('caseId') caseId: string,
    @Body() body: AssignCaseRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.write(caseId, new AssignCase(caseId, { agentId: body.agentId }, write.context, write.expectedRevision));
  }
}
