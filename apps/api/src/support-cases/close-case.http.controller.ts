import { Body } from '@nestjs/common';
import { CloseCase } from '@caseledger/application';
import { IdParam } from '../http-conventions/id-param.decorator';
import { NoBodyFieldsPipe } from '../http-conventions/no-body-fields.pipe';
import { WriteContext } from '../http-conventions/write-context.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';
import { CaseCommandController, CaseCommandHttpController, CaseCommandRoute } from './case-command-route';

@CaseCommandController()
export class CloseCaseHttpController extends CaseCommandHttpController {
  @CaseCommandRoute({
    path: ':caseId/closure',
    roles: ['agent', 'admin'],
    summary: 'Close a resolved case; nothing more can happen to it.',
  })
  close(
    @IdParam('caseId') caseId: string,
    @Body(new NoBodyFieldsPipe()) _body: undefined,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.write(caseId, new CloseCase(caseId, {}, write.context, write.expectedRevision));
  }
}
