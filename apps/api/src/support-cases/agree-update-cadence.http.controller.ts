import { Body } from '@nestjs/common';
import { AgreeUpdateCadence } from '@caseledger/application';
import { IdParam } from '../http-conventions/id-param.decorator';
import { WriteContext } from '../http-conventions/write-context.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';
import { CaseCommandController, CaseCommandHttpController, CaseCommandRoute } from './case-command-route';
import { AgreeUpdateCadenceRequest } from './agree-update-cadence.request.dto';

@CaseCommandController()
export class AgreeUpdateCadenceHttpController extends CaseCommandHttpController {
  @CaseCommandRoute({
    path: ':caseId/update-cadence',
    roles: ['agent', 'tam', 'admin', 'integration'],
    summary:
      'Record the update cadence agreed with the customer (critical issues: updates on a mutually agreed ' +
      'periodic basis).',
  })
  agreeUpdateCadence(
    @IdParam('caseId') caseId: string,
    @Body() body: AgreeUpdateCadenceRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.write(
      caseId,
      new AgreeUpdateCadence(caseId, { minutes: body.minutes, unit: body.unit }, write.context, write.expectedRevision),
    );
  }
}
