import { Body } from '@nestjs/common';
import { ProvideWorkaround } from '@caseledger/application';
import { IdParam } from '../http-conventions/id-param.decorator';
import { WriteContext } from '../http-conventions/write-context.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';
import { CaseCommandController, CaseCommandHttpController, CaseCommandRoute } from './case-command-route';
import { ProvideWorkaroundRequest } from './provide-workaround.request.dto';

@CaseCommandController()
export class ProvideWorkaroundHttpController extends CaseCommandHttpController {
  @CaseCommandRoute({
    path: ':caseId/workaround',
    roles: ['agent', 'tam', 'admin', 'integration'],
    summary: 'Provide a workaround; for a critical issue it stops the workaround clock.',
  })
  provideWorkaround(
    @IdParam('caseId') caseId: string,
    @Body() body: ProvideWorkaroundRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.write(
      caseId,
      new ProvideWorkaround(
        caseId,
        { description: body.description, agentId: body.agentId },
        write.context,
        write.expectedRevision,
      ),
    );
  }
}
