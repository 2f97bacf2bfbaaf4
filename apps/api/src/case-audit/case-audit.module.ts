import { Module } from '@nestjs/common';
import { GetCaseConversationHttpController } from './get-case-conversation.http.controller';
import { GetCaseHistoryHttpController } from './get-case-history.http.controller';

/** Reads of a case's record itself, straight from its event stream: the history and the conversation. */
@Module({ controllers: [GetCaseHistoryHttpController, GetCaseConversationHttpController] })
export class CaseAuditModule {}
