import { Body } from '@nestjs/common';
import { ProposeResolution } from '@caseledger/application';
import { IdParam } from '../http-conventions/id-param.decorator';
import { WriteContext } from '../http-conventions/write-context.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';
import { CaseCommandController, CaseCommandHttpController, CaseCommandRoute } from './case-command-route';
import { ProposeResolutionRequest } from './propose-resolution.request.dto';

@CaseCommandController()
export class ProposeResolutionHttpController extends CaseCommandHttpController {
  @CaseCommandRoute({
    path: ':caseId/resolution-proposals',
    roles: ['customer', 'agent', 'tam', 'admin'],
    summary:
      "Propose that the issue is resolved; the side is the caller's (customer key: customer, staff: vendor) and " +
      'the other side must accept.',
  })
  proposeResolution(
    @IdParam('caseId') caseId: string,
    @Body() body: ProposeResolutionRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.write(
      caseId,
      new ProposeResolution(caseId, { summary: body.summary }, write.context, write.expectedRevision),
    );
  }
}
