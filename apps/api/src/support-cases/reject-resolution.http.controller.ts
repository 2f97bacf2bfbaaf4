import { Body } from '@nestjs/common';
import { RejectResolution } from '@caseledger/application';
import { IdParam } from '../http-conventions/id-param.decorator';
import { WriteContext } from '../http-conventions/write-context.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';
import { CaseCommandController, CaseCommandHttpController, CaseCommandRoute } from './case-command-route';
import { RejectResolutionRequest } from './reject-resolution.request.dto';

@CaseCommandController()
export class RejectResolutionHttpController extends CaseCommandHttpController {
  @CaseCommandRoute({
    path: ':caseId/resolution-proposals/rejection',
    roles: ['customer', 'agent', 'tam', 'admin'],
    summary: "Reject the other side's proposal; work on the case continues.",
  })
  rejectResolution(
    @IdParam('caseId') caseId: string,
    @Body() body: RejectResolutionRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.write(
      caseId,
      new RejectResolution(caseId, { reason: body.reason }, write.context, write.expectedRevision),
    );
  }
}
