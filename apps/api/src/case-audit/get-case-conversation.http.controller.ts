import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConversationEntry, GetCaseConversation } from '@caseledger/application';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { readScope } from '../http-conventions/command-context';
import { IdParam } from '../http-conventions/id-param.decorator';
import { ApiProtectedRoute } from '../openapi/api-protected-route.decorator';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import { CaseConversationResponse } from './case-conversation.response.dto';

@ApiTags('cases')
@ApiProtectedRoute()
@Controller('cases')
export class GetCaseConversationHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':caseId/conversation')
  @Roles('admin', 'agent', 'tam', 'auditor', 'integration', 'customer')
  @ApiOperation({
    operationId: 'getCaseConversation',
    summary: 'The human thread of a case in order: description, responses, questions and answers, updates, proposals.',
    description:
      "Read from the case's event stream: the description, responses, information requests and the customer's " +
      'answers, progress updates, workaround, resolution proposals, rejections with their reasons, the acceptance ' +
      "and reopenings, each with its author, role and instant. A customer key reads its own account's cases only.",
  })
  @ApiOkResponse({ type: CaseConversationResponse, description: 'The conversation, oldest first.' })
  @ApiProblemResponses(400, 404, 503)
  async conversation(
    @IdParam('caseId') caseId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseConversationResponse> {
    const items = await this.queryBus.execute<GetCaseConversation, ConversationEntry[]>(
      new GetCaseConversation(caseId, { scope: readScope(principal) }),
    );
    return { items };
  }
}
