import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SignContract } from '@caseledger/application';
import type { WriteResult } from '@caseledger/application';
import { DateTime } from 'luxon';
import { CommandRoute } from '../http-conventions/command-route.decorator';
import { WriteContext } from '../http-conventions/write-context.decorator';
import type { Written } from '../http-conventions/write-answer.decorator';
import { SignContractRequest } from './sign-contract.request.dto';

const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });

@ApiTags('contracts')
@ApiBearerAuth()
@Controller('contracts')
export class SignContractHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @CommandRoute({
    creates: true,
    roles: ['admin', 'integration'],
    summary: 'Sign a contract: an account, a support plan, a service time zone, target overrides and a term.',
    answer: 'Signed. Location names the contract; ETag is its revision.',
    problems: [400, 409, 413, 415, 422, 503],
  })
  async sign(
    @Body() body: SignContractRequest,
    @WriteContext({ ifMatch: false }) write: WriteContext,
  ): Promise<Written> {
    const result = await this.commandBus.execute<SignContract, WriteResult & { contractId: string }>(
      new SignContract(
        {
          accountId: body.accountId,
          planId: body.planId,
          serviceTimeZone: body.serviceTimeZone,
          calendar: body.calendar,
          targetOverrides: body.targetOverrides as SignContract['input']['targetOverrides'],
          planOverrides:
            body.authorisedContactLimit === undefined
              ? undefined
              : { authorisedContactLimit: body.authorisedContactLimit },
          startsAt: utc(body.startsAt),
          endsAt: body.endsAt === undefined ? undefined : utc(body.endsAt),
        },
        write.context,
      ),
    );
    return { id: result.contractId, result, location: `/v1/contracts/${result.contractId}` };
  }
}
