import { Body } from '@nestjs/common';
import { ProvideInformation } from '@caseledger/application';
import { IdParam } from '../http-conventions/id-param.decorator';
import { WriteContext } from '../http-conventions/write-context.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';
import { CaseCommandController, CaseCommandHttpController, CaseCommandRoute } from './case-command-route';
import { ProvideInformationRequest } from './provide-information.request.dto';

@CaseCommandController()
export class ProvideInformationHttpController extends CaseCommandHttpController {
  @CaseCommandRoute({
    path: ':caseId/information',
    roles: ['customer', 'agent', 'admin', 'integration'],
    summary:
      'Give the information asked for (a customer key answers as its contact; others record an answer for a ' +
      'contact); paused clocks resume with shifted due instants.',
  })
  provideInformation(
    @IdParam('caseId') caseId: string,
    @Body() body: ProvideInformationRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.write(
      caseId,
      new ProvideInformation(
        caseId,
        { answer: body.answer, contactId: body.contactId, occurredAt: body.occurredAt },
        write.context,
        write.expectedRevision,
      ),
    );
  }
}
