/**
 * The writes on an existing contract. Each route is one use case of libs/application/src/contract;
 * they share a controller because each is three lines: build the command, run it, answer.
 */
import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  AddAuthorisedContact,
  AggregateCommand,
  ChangeContractCalendar,
  ChangeContractPlan,
  EraseContactPersonalData,
  RequestApplicationUpdate,
  RevokeAuthorisedContact,
  TerminateContract,
  WriteResult,
} from '@caseledger/application';
import { DateTime } from 'luxon';
import type { Role } from '../auth/principal';
import { CommandRoute } from '../http-conventions/command-route.decorator';
import { IdParam } from '../http-conventions/id-param.decorator';
import { NoBodyFieldsPipe } from '../http-conventions/no-body-fields.pipe';
import { WriteContext } from '../http-conventions/write-context.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';
import {
  AddAuthorisedContactRequest,
  ChangeContractCalendarRequest,
  ChangeContractPlanRequest,
  RequestApplicationUpdateRequest,
  TerminateContractRequest,
} from './contract-action.request.dto';

const CONTRACT_ROLES: Role[] = ['admin', 'integration'];
const RECORDED = 'Recorded. ETag is the contract revision.';

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('contracts/:contractId')
export class ContractActionsHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  private async run(command: AggregateCommand<unknown>): Promise<Written> {
    const result = await this.commandBus.execute<AggregateCommand<unknown>, WriteResult>(command);
    return { id: command.targetId, result };
  }

  @CommandRoute({
    operationId: 'addAuthorisedContact',
    path: 'contacts',
    creates: true,
    roles: CONTRACT_ROLES,
    summary: 'Authorise a contact to file cases; refused over the plan limit (2/5/15).',
    answer: RECORDED,
  })
  addContact(
    @IdParam('contractId') contractId: string,
    @Body() body: AddAuthorisedContactRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.run(new AddAuthorisedContact(contractId, body, write.context, write.expectedRevision));
  }

  @CommandRoute({
    operationId: 'revokeAuthorisedContact',
    path: 'contacts/:contactId',
    method: 'DELETE',
    roles: CONTRACT_ROLES,
    summary: 'Revoke an authorised contact.',
    answer: RECORDED,
  })
  @ApiParam({ name: 'contactId', description: 'The authorised contact to revoke.', example: 'jane.doe' })
  revokeContact(
    @IdParam('contractId') contractId: string,
    @Param('contactId') contactId: string,
    @Body(new NoBodyFieldsPipe()) _body: undefined,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.run(new RevokeAuthorisedContact(contractId, { contactId }, write.context, write.expectedRevision));
  }

  @CommandRoute({
    operationId: 'eraseContactPersonalData',
    path: 'contacts/:contactId/personal-data',
    method: 'DELETE',
    roles: ['admin'],
    summary:
      "Erase a contact's personal data (right to erasure): the key that sealed the contact's name, email and phone " +
      'is destroyed, so every history, conversation, case and contract read shows them as "[erased]" from now on; ' +
      'no event is changed, SLA figures stay as they were, and ContactPersonalDataErased records the erasure. ' +
      'Works for revoked contacts and ended contracts too. Repeating it changes nothing and answers the erasure ' +
      'already recorded.',
    answer:
      'Erased. The body names the ContactPersonalDataErased event (on a repeat, the one recorded first); ' +
      'ETag is the contract revision after it.',
    problems: [400, 404, 409, 412, 413, 415, 503],
  })
  @ApiParam({
    name: 'contactId',
    description: 'A contact the contract authorises or once authorised.',
    example: 'jane.doe',
  })
  erasePersonalData(
    @IdParam('contractId') contractId: string,
    @Param('contactId') contactId: string,
    @Body(new NoBodyFieldsPipe()) _body: undefined,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.run(new EraseContactPersonalData(contractId, { contactId }, write.context, write.expectedRevision));
  }

  @CommandRoute({
    operationId: 'changeContractPlan',
    path: 'plan-changes',
    roles: CONTRACT_ROLES,
    summary: 'Upgrade or downgrade the plan, effective now or from a later instant.',
    answer: RECORDED,
  })
  changePlan(
    @IdParam('contractId') contractId: string,
    @Body() body: ChangeContractPlanRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    const effectiveAt =
      body.effectiveAt === undefined ? undefined : DateTime.fromISO(body.effectiveAt, { zone: 'utc' });
    return this.run(
      new ChangeContractPlan(contractId, { planId: body.planId, effectiveAt }, write.context, write.expectedRevision),
    );
  }

  @CommandRoute({
    operationId: 'changeContractCalendar',
    path: 'calendar-changes',
    roles: CONTRACT_ROLES,
    summary: 'Record a new calendar version; open cases keep the version they started with.',
    answer: RECORDED,
  })
  changeCalendar(
    @IdParam('contractId') contractId: string,
    @Body() body: ChangeContractCalendarRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.run(
      new ChangeContractCalendar(contractId, { calendar: body.calendar }, write.context, write.expectedRevision),
    );
  }

  @CommandRoute({
    operationId: 'requestApplicationUpdate',
    path: 'application-updates',
    creates: true,
    roles: [...CONTRACT_ROLES, 'agent', 'tam'],
    summary:
      "Record an application update with package reinstall, counted against the plan's yearly allowance (Beesender " +
      'Business 2, Premium 4); past the allowance of the contract year it is refused with 422 allowance-exhausted.',
    answer: RECORDED,
  })
  requestApplicationUpdate(
    @IdParam('contractId') contractId: string,
    @Body() body: RequestApplicationUpdateRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.run(
      new RequestApplicationUpdate(
        contractId,
        { description: body.description },
        write.context,
        write.expectedRevision,
      ),
    );
  }

  @CommandRoute({
    operationId: 'terminateContract',
    path: 'termination',
    roles: CONTRACT_ROLES,
    summary: 'Terminate the contract now; no new cases can be opened under it.',
    answer: RECORDED,
  })
  terminate(
    @IdParam('contractId') contractId: string,
    @Body() body: TerminateContractRequest,
    @WriteContext() write: WriteContext,
  ): Promise<Written> {
    return this.run(new TerminateContract(contractId, { reason: body.reason }, write.context, write.expectedRevision));
  }
}
