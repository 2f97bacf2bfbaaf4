import { Module } from '@nestjs/common';
import { GetCaseConversationHttpController } from './get-case-conversation.http.controller';
import { GetCaseHistoryHttpController } from './get-case-history.http.controller';
import { GetCaseSlaTimelineHttpController } from './get-case-sla-timeline.http.controller';

/** Reads of a case's record itself, straight from its event stream: the history, the conversation, the SLA timeline. */
@Module({
  controllers: [GetCaseHistoryHttpController, GetCaseConversationHttpController, GetCaseSlaTimelineHttpController],
})
export class CaseAuditModule {}
