import { Module } from '@nestjs/common';
import { EscalateBreachedCaseHandler } from './escalate-breached-case/escalate-breached-case.handler';
import { SlaBreachEscalation } from './sla-breach-escalation';

/**
 * The sagas, each a reaction on the reactor, for processes that do background work (ROLE `all` or
 * `worker`); the ReactorsModule's host starts and stops them.
 */
@Module({
  providers: [EscalateBreachedCaseHandler, SlaBreachEscalation],
})
export class SagasModule {}
