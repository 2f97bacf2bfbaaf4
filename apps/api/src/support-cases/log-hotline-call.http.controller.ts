import { Body } from '@nestjs/common';
import { LogHotlineCall } from '@caseledger/application';
import { IdParam } from '../http-conventions/id-param.decorator';
import { WriteContext } from '../http-conventions/write-context.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';
import { CaseCommandController, CaseCommandHttpController, CaseCommandRoute } from './case-command-route';
import { LogHotlineCallRequest } from './log-hotline-call.request.dto';

@CaseCommandController()
export class LogHotlineCallHttpController extends CaseCommandHttpController {
  @CaseCommandRoute({
    path: ':caseId/hotline-calls',
    roles: ['agent', 'tam', 'admin', 'integration'],
    summary:
      'Log the Severity-1 hotline call of a critical issue, with the vital information taken; starts the ' +
      '15-minute callback clock.',
  })
  logHotlineCall(
    @IdParam('caseId') caseId: string,
    @Body() body: LogHotlineCallRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.write(
      caseId,
      new LogHotlineCall(
        caseId,
        { vitalInformation: { ...body.vitalInformation }, occurredAt: body.occurredAt },
        write.context,
        write.expectedRevision,
      ),
    );
  }
}
