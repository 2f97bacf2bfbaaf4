import { Body } from '@nestjs/common';
import { AcceptResolution } from '@caseledger/application';
import { IdParam } from '../http-conventions/id-param.decorator';
import { NoBodyFieldsPipe } from '../http-conventions/no-body-fields.pipe';
import { WriteContext } from '../http-conventions/write-context.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';
import { CaseCommandController, CaseCommandHttpController, CaseCommandRoute } from './case-command-route';

@CaseCommandController()
export class AcceptResolutionHttpController extends CaseCommandHttpController {
  @CaseCommandRoute({
    path: ':caseId/resolution-proposals/acceptance',
    roles: ['customer', 'agent', 'tam', 'admin'],
    summary: "Accept the other side's proposal: the case is mutually resolved and its clocks stop.",
  })
  acceptResolution(
    @IdParam('caseId') caseId: string,
    @Body(new NoBodyFieldsPipe()) _body: undefined,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.write(caseId, new AcceptResolution(caseId, {}, write.context, write.expectedRevision));
  }
}
