import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@caseledger/event-store';
import { PersonalDataVault } from '../../personal-data/personal-data-vault';
import { EVENT_STORE } from '../../tokens';
import { readCaseStream } from '../case-stream/read-case-stream';
import { ConversationEntry, conversationEntryOf } from './conversation-entry';
import { GetCaseConversation } from './get-case-conversation.query';

@QueryHandler(GetCaseConversation)
export class GetCaseConversationHandler implements IQueryHandler<GetCaseConversation, ConversationEntry[]> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalDataVault,
  ) {}

  async execute({ targetId, context }: GetCaseConversation): Promise<ConversationEntry[]> {
    const records = await readCaseStream(this.store, targetId, context, this.personalData);
    return records.flatMap(({ record, event }) => conversationEntryOf(event, record.metadata.actor) ?? []);
  }
}
