import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { getPlan, PLANS, SupportPlan } from '@caseledger/sla';
import { Roles } from '../auth/principal';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { PlanListResponse, PlanResponse } from './plan.response.dto';

/** The plan as data: everything but the target function, which the target table already states. */
function planResponse(plan: SupportPlan): PlanResponse {
  const data: Partial<SupportPlan> = { ...plan };
  delete data.targets;
  delete data.sourceDocuments;
  return JSON.parse(JSON.stringify(data)) as PlanResponse;
}

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
@Roles('admin', 'agent', 'tam', 'auditor', 'integration', 'customer')
export class PlansHttpController {
  @Get()
  @ApiOperation({ operationId: 'listPlans', summary: 'The built-in support plans with all their terms, side by side.' })
  @ApiOkResponse({ type: PlanListResponse, description: 'Every built-in plan.' })
  list(): PlanListResponse {
    return { plans: PLANS.map(planResponse) };
  }

  @Get(':planId')
  @ApiOperation({ operationId: 'getPlan', summary: 'One built-in support plan.' })
  @ApiParam({
    name: 'planId',
    description: 'Stable plan id, as listed by GET /v1/plans.',
    example: 'beesender-business',
  })
  @ApiOkResponse({ type: PlanResponse, description: 'The plan with all its terms.' })
  @ApiProblemResponses(404)
  get(@Param('planId') planId: string): PlanResponse {
    const plan = getPlan(planId);
    if (!plan) throw new NotFoundException(`no plan has the id "${planId}"`);
    return planResponse(plan);
  }
}
