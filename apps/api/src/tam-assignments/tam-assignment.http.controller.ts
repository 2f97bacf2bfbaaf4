/**
 * An account's Technical Account Manager. The assignment is one resource per account, so its
 * routes hang off the account; each write is one use case of libs/application/src/tam-assignment.
 */
import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { commandContext, readScope } from '../http-conventions/command-context';
import { AccountIdParam } from '../http-conventions/id-param.decorator';
import { IfMatch } from '../http-conventions/if-match';
import { etagOf } from '../http-conventions/write-headers';
import { answerWrite, WriteResponse } from '../http-conventions/write-response.dto';
import { ApiProblemResponses, WRITE_PROBLEMS } from '../problem-details/api-problem-responses.decorator';
import {
  AdjustTamWorkingHoursRequest,
  AssignTamRequest,
  ReassignTamRequest,
  TamAssignmentResponse,
  UnassignTamRequest,
} from './tam-assignment.request.dto';

const location = (accountId: string) => `/v1/accounts/${accountId}/tam-assignment`;

@ApiTags('tam-assignments')
@ApiBearerAuth()
@Controller('accounts/:accountId/tam-assignment')
export class TamAssignmentHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  private async run(command: AggregateCommand<unknown>, reply: FastifyReply, created = false): Promise<WriteResponse> {
    const result = await this.commandBus.execute<AggregateCommand<unknown>, WriteResult>(command);
    return answerWrite(reply, command.targetId, result, created ? location(command.targetId) : undefined);
  }

  @Get()
  @Roles('admin', 'agent', 'tam', 'auditor', 'integration', 'customer')
  @ApiOperation({ summary: "Who is the account's TAM now. ETag is the assignment's revision." })
  @ApiOkResponse({ type: TamAssignmentResponse })
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
    return { accountId: view.accountId, tam: view.tam as TamAssignmentResponse['tam'], revision: revision.toString() };
  }

  @Post()
  @HttpCode(201)
  @Roles('admin', 'integration')
  @ApiOperation({ summary: 'Assign a TAM to an account that has none.' })
  @ApiCreatedResponse({ type: WriteResponse })
  @ApiProblemResponses(...WRITE_PROBLEMS)
  assign(
    @AccountIdParam() accountId: string,
    @Body() body: AssignTamRequest,
    @IfMatch() expectedRevision: bigint | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return this.run(
      new AssignTam(accountId, { tam: body.tam }, commandContext(principal, request), expectedRevision),
      reply,
      true,
    );
  }

  @Post('reassignment')
  @HttpCode(200)
  @Roles('admin', 'integration')
  @ApiOperation({ summary: 'Hand the assignment to another TAM; escalations from now on go to them.' })
  @ApiOkResponse({ type: WriteResponse })
  @ApiProblemResponses(...WRITE_PROBLEMS)
  reassign(
    @AccountIdParam() accountId: string,
    @Body() body: ReassignTamRequest,
    @IfMatch() expectedRevision: bigint | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return this.run(
      new ReassignTam(
        accountId,
        { tam: body.tam, reason: body.reason },
        commandContext(principal, request),
        expectedRevision,
      ),
      reply,
    );
  }

  @Post('unassignment')
  @HttpCode(200)
  @Roles('admin', 'integration')
  @ApiOperation({ summary: 'End the assignment; the account has no TAM until one is assigned again.' })
  @ApiOkResponse({ type: WriteResponse })
  @ApiProblemResponses(...WRITE_PROBLEMS)
  unassign(
    @AccountIdParam() accountId: string,
    @Body() body: UnassignTamRequest,
    @IfMatch() expectedRevision: bigint | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return this.run(
      new UnassignTam(accountId, { reason: body.reason }, commandContext(principal, request), expectedRevision),
      reply,
    );
  }

  @Post('working-hours')
  @HttpCode(200)
  @Roles('admin', 'integration', 'tam')
  @ApiOperation({ summary: "Adjust the TAM's designated working hours." })
  @ApiOkResponse({ type: WriteResponse })
  @ApiProblemResponses(...WRITE_PROBLEMS)
  adjustWorkingHours(
    @AccountIdParam() accountId: string,
    @Body() body: AdjustTamWorkingHoursRequest,
    @IfMatch() expectedRevision: bigint | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return this.run(
      new AdjustTamWorkingHours(
        accountId,
        { workingHours: body.workingHours },
        commandContext(principal, request),
        expectedRevision,
      ),
      reply,
    );
  }
}
