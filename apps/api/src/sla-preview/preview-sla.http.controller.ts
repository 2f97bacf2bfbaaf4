import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PreviewSla, SlaPreview } from '@caseledger/application';
import type { SlaTarget } from '@caseledger/sla';
import { DateTime } from 'luxon';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { PreviewSlaRequest, SlaPreviewResponse } from './preview-sla.request.dto';
import { readScope } from '../http-conventions/command-context';

@ApiTags('sla')
@ApiBearerAuth()
@Controller('sla')
export class PreviewSlaHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Post('preview')
  @HttpCode(200)
  @Roles('admin', 'agent', 'tam', 'auditor', 'integration', 'customer')
  @ApiOperation({ summary: 'The due instants each clock would get for a case received at receivedAt; writes nothing.' })
  @ApiOkResponse({ type: SlaPreviewResponse, description: 'The clocks the case would run, with their due instants.' })
  @ApiProblemResponses(400, 404, 413, 415, 422, 503)
  async preview(
    @Body() body: PreviewSlaRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SlaPreviewResponse> {
    const receivedAt = DateTime.fromISO(body.receivedAt, { zone: 'utc' });
    const scope = readScope(principal);
    const input =
      body.contractId !== undefined
        ? { contractId: body.contractId, priority: body.priority!, criticality: body.criticality!, receivedAt }
        : { calendar: body.calendar!, targets: body.targets as SlaTarget[], receivedAt };
    return this.queryBus.execute<PreviewSla, SlaPreview>(new PreviewSla(input, { scope }));
  }
}
