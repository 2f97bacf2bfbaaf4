import { Body } from '@nestjs/common';
import { ReclassifyCase } from '@caseledger/application';
import type { Criticality, Priority } from '@caseledger/sla';
import { IdParam } from '../http-conventions/id-param.decorator';
import { WriteContext } from '../http-conventions/write-context.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';
import { CaseCommandController, CaseCommandHttpController, CaseCommandRoute } from './case-command-route';
import { ReclassifyCaseRequest } from './reclassify-case.request.dto';

@CaseCommandController()
export class ReclassifyCaseHttpController extends CaseCommandHttpController {
  @CaseCommandRoute({
    path: ':caseId/reclassifications',
    roles: ['agent', 'tam', 'admin', 'integration'],
    summary:
      "Change priority or criticality; the old class's clocks stop and the new class's start now (or from " +
      'receipt when retroactive).',
  })
  reclassify(
    @IdParam('caseId') caseId: string,
    @Body() body: ReclassifyCaseRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.write(
      caseId,
      new ReclassifyCase(
        caseId,
        {
          priority: body.priority as Priority | undefined,
          criticality: body.criticality as Criticality | undefined,
          retroactive: body.retroactive,
          reason: body.reason,
        },
        write.context,
        write.expectedRevision,
      ),
    );
  }
}
