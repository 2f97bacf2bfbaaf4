/**
 * An account's Technical Account Manager. The assignment is one resource per account, so its
 * routes hang off the account; each write is one use case of libs/application/src/tam-assignment.
 */
import { Body, Controller, Get, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AdjustTamWorkingHours,
  AggregateCommand,
  AssignTam,
  GetTamAssignment,
  QueryResult,
  ReassignTam,
  TamAssignmentView,
  UnassignTam,
  WriteResult,
} from '@caseledger/application';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { readScope } from '../http-conventions/command-context';
import { CommandRoute } from '../http-conventions/command-route.decorator';
import { AccountIdParam } from '../http-conventions/id-param.decorator';
import { etagOf, READ_ETAG_HEADER } from '../http-conventions/write-headers';
import { WriteContext } from '../http-conventions/write-context.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';
import { ApiProblemResponses } from '../problem-details/api-problem-responses.decorator';
import {
  AdjustTamWorkingHoursRequest,
  AssignTamRequest,
  ReassignTamRequest,
  TamAssignmentResponse,
  UnassignTamRequest,
} from './tam-assignment.request.dto';

const location = (accountId: string) => `/v1/accounts/${accountId}/tam-assignment`;
const RECORDED = "Recorded. ETag is the assignment's revision.";

@ApiTags('tam-assignments')
@ApiBearerAuth()
@Controller('accounts/:accountId/tam-assignment')
export class TamAssignmentHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  private async run(command: AggregateCommand<unknown>, created = false): Promise<Written> {
    const result = await this.commandBus.execute<AggregateCommand<unknown>, WriteResult>(command);
    return { id: command.targetId, result, location: created ? location(command.targetId) : undefined };
  }

  @Get()
  @Roles('admin', 'agent', 'tam', 'auditor', 'integration', 'customer')
  @ApiOperation({
    operationId: 'getTamAssignment',
    summary: "Who is the account's TAM now. ETag is the assignment's revision.",
  })
  @ApiOkResponse({ type: TamAssignmentResponse, description: 'The assignment.', headers: READ_ETAG_HEADER })
  @ApiProblemResponses(400, 404, 503)
  async get(
    @AccountIdParam() accountId: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TamAssignmentResponse> {
    const scope = readScope(principal);
    const { view, revision } = await this.queryBus.execute<GetTamAssignment, QueryResult<TamAssignmentView>>(
      new GetTamAssignment(accountId, { scope }),
    );
    void reply.header('etag', etagOf(revision));
    return { accountId: view.accountId, tam: view.tam, revision: revision.toString() };
  }

  @CommandRoute({
    operationId: 'assignTam',
    creates: true,
    roles: ['admin', 'integration'],
    summary: 'Assign a TAM to an account that has none.',
    answer: RECORDED,
  })
  assign(
    @AccountIdParam() accountId: string,
    @Body() body: AssignTamRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.run(new AssignTam(accountId, { tam: body.tam }, write.context, write.expectedRevision), true);
  }

  @CommandRoute({
    operationId: 'reassignTam',
    path: 'reassignment',
    roles: ['admin', 'integration'],
    summary: 'Hand the assignment to another TAM; escalations from now on go to them.',
    answer: RECORDED,
  })
  reassign(
    @AccountIdParam() accountId: string,
    @Body() body: ReassignTamRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.run(
      new ReassignTam(accountId, { tam: body.tam, reason: body.reason }, write.context, write.expectedRevision),
    );
  }

  @CommandRoute({
    operationId: 'unassignTam',
    path: 'unassignment',
    roles: ['admin', 'integration'],
    summary: 'End the assignment; the account has no TAM until one is assigned again.',
    answer: RECORDED,
  })
  unassign(
    @AccountIdParam() accountId: string,
    @Body() body: UnassignTamRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.run(new UnassignTam(accountId, { reason: body.reason }, write.context, write.expectedRevision));
  }

  @CommandRoute({
    operationId: 'adjustTamWorkingHours',
    path: 'working-hours',
    roles: ['admin', 'integration', 'tam'],
    summary: "Adjust the TAM's designated working hours.",
    answer: RECORDED,
  })
  adjustWorkingHours(
    @AccountIdParam() accountId: string,
    @Body() body: AdjustTamWorkingHoursRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.run(
      new AdjustTamWorkingHours(accountId, { workingHours: body.workingHours }, write.context, write.expectedRevision),
    );
  }
}
