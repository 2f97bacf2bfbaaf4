import { Body } from '@nestjs/common';
import { RequestInformation } from '@caseledger/application';
import { IdParam } from '../http-conventions/id-param.decorator';
import { WriteContext } from '../http-conventions/write-context.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';
import { CaseCommandController, CaseCommandHttpController, CaseCommandRoute } from './case-command-route';
import { RequestInformationRequest } from './request-information.request.dto';

@CaseCommandController()
export class RequestInformationHttpController extends CaseCommandHttpController {
  @CaseCommandRoute({
    path: ':caseId/information-requests',
    roles: ['agent', 'tam', 'admin', 'integration'],
    summary:
      'Ask the customer for information; the case awaits the customer and the clocks the plan pauses stop counting.',
  })
  requestInformation(
    @IdParam('caseId') caseId: string,
    @Body() body: RequestInformationRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.write(
      caseId,
      new RequestInformation(
        caseId,
        { question: body.question, agentId: body.agentId },
        write.context,
        write.expectedRevision,
      ),
    );
  }
}
