/**
 * The writes on an existing contract. Each route is one use case of libs/application/src/contract;
 * they share a controller because each is three lines: build the command, run it, answer.
 */
import { Body, Controller, Delete, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  AddAuthorisedContact,
  AggregateCommand,
  ChangeContractCalendar,
  ChangeContractPlan,
  RevokeAuthorisedContact,
  TerminateContract,
  WriteResult,
} from '@caseledger/application';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { CurrentPrincipal, Principal, Roles } from '../auth/principal';
import { commandContext } from '../http-conventions/command-context';
import { IdParam } from '../http-conventions/id-param.decorator';
import { IfMatch } from '../http-conventions/if-match';
import { NoBodyFieldsPipe } from '../http-conventions/no-body-fields.pipe';
import { answerWrite, WriteResponse } from '../http-conventions/write-response.dto';
import { ApiProblemResponses, WRITE_PROBLEMS } from '../problem-details/api-problem-responses.decorator';
import {
  AddAuthorisedContactRequest,
  ChangeContractCalendarRequest,
  ChangeContractPlanRequest,
  TerminateContractRequest,
} from './contract-action.request.dto';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('contracts/:contractId')
@Roles('admin', 'integration')
@ApiProblemResponses(...WRITE_PROBLEMS)
export class ContractActionsHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  private async run(command: AggregateCommand<unknown>, reply: FastifyReply): Promise<WriteResponse> {
    const result = await this.commandBus.execute<AggregateCommand<unknown>, WriteResult>(command);
    return answerWrite(reply, command.targetId, result);
  }

  @Post('contacts')
  @HttpCode(201)
  @ApiOperation({ summary: 'Authorise a contact to file cases; refused over the plan limit (2/5/15).' })
  @ApiCreatedResponse({ type: WriteResponse })
  addContact(
    @IdParam('contractId') contractId: string,
    @Body() body: AddAuthorisedContactRequest,
    @IfMatch() expectedRevision: bigint | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return this.run(
      new AddAuthorisedContact(contractId, body, commandContext(principal, request), expectedRevision),
      reply,
    );
  }

  @Delete('contacts/:contactId')
  @ApiOperation({ summary: 'Revoke an authorised contact.' })
  @ApiParam({ name: 'contactId', description: 'The authorised contact to revoke.', example: 'jane.doe' })
  @ApiOkResponse({ type: WriteResponse })
  revokeContact(
    @IdParam('contractId') contractId: string,
    @Param('contactId') contactId: string,
    @Body(new NoBodyFieldsPipe()) _body: undefined,
    @IfMatch() expectedRevision: bigint | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return this.run(
      new RevokeAuthorisedContact(contractId, { contactId }, commandContext(principal, request), expectedRevision),
      reply,
    );
  }

  @Post('plan-changes')
  @HttpCode(200)
  @ApiOperation({ summary: 'Upgrade or downgrade the plan, effective now or from a later instant.' })
  @ApiOkResponse({ type: WriteResponse })
  changePlan(
    @IdParam('contractId') contractId: string,
    @Body() body: ChangeContractPlanRequest,
    @IfMatch() expectedRevision: bigint | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    const effectiveAt =
      body.effectiveAt === undefined ? undefined : DateTime.fromISO(body.effectiveAt, { zone: 'utc' });
    return this.run(
      new ChangeContractPlan(
        contractId,
        { planId: body.planId, effectiveAt },
        commandContext(principal, request),
        expectedRevision,
      ),
      reply,
    );
  }

  @Post('calendar-changes')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record a new calendar version; open cases keep the version they started with.' })
  @ApiOkResponse({ type: WriteResponse })
  changeCalendar(
    @IdParam('contractId') contractId: string,
    @Body() body: ChangeContractCalendarRequest,
    @IfMatch() expectedRevision: bigint | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return this.run(
      new ChangeContractCalendar(
        contractId,
        { calendar: body.calendar },
        commandContext(principal, request),
        expectedRevision,
      ),
      reply,
    );
  }

  @Post('termination')
  @HttpCode(200)
  @ApiOperation({ summary: 'Terminate the contract now; no new cases can be opened under it.' })
  @ApiOkResponse({ type: WriteResponse })
  terminate(
    @IdParam('contractId') contractId: string,
    @Body() body: TerminateContractRequest,
    @IfMatch() expectedRevision: bigint | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return this.run(
      new TerminateContract(contractId, { reason: body.reason }, commandContext(principal, request), expectedRevision),
      reply,
    );
  }
}
